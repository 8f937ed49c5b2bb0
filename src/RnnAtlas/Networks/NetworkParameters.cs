using System.Numerics;
using RnnAtlas.Cells;
using RnnAtlas.Numerics;

namespace RnnAtlas.Networks;

/// <summary>
/// A network's parameters as one flat array in <see cref="ParameterLayout"/> order, so optimizers, checkpoints and a
/// future population-stacked backend all see the same memory.
/// </summary>
public sealed class NetworkParameters<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Wraps <paramref name="values"/> (not copied) as the parameters of <paramref name="shape"/>.</summary>
    /// <exception cref="ArgumentException">The array length does not match the layout.</exception>
    public NetworkParameters(NetworkShape shape, T[] values)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(values);
        Layout = shape.Layout;
        if (values.Length != Layout.Count)
        {
            throw new ArgumentException($"{shape.Cell} H={shape.HiddenSize} needs {Layout.Count} parameters, got {values.Length}", nameof(values));
        }
        Shape = shape;
        Values = values;
    }

    /// <summary>The architecture.</summary>
    public NetworkShape Shape { get; }

    /// <summary>The layout of <see cref="Values"/>.</summary>
    public ParameterLayout Layout { get; }

    /// <summary>All parameters, flat.</summary>
    public T[] Values { get; }

    /// <summary>Every tensor of <see cref="Values"/>, by role.</summary>
    public ParameterTensors<T> Tensors => new(Values, Layout);

    /// <summary>The elements of tensor <paramref name="name"/>.</summary>
    public Span<T> Tensor(string name)
    {
        var tensor = Layout[name];
        return Values.AsSpan(tensor.Offset, tensor.Length);
    }

    /// <summary>Returns a copy in another floating-point type (float32 weights → float64 analysis).</summary>
    public NetworkParameters<TOther> Convert<TOther>()
        where TOther : unmanaged, IFloatingPointIeee754<TOther> =>
        new(Shape, [.. Values.Select(TOther.CreateChecked)]);

    /// <summary>A deep copy.</summary>
    public NetworkParameters<T> Clone() => new(Shape, (T[])Values.Clone());

    /// <summary>
    /// Seeded initialization: every weight and bias ~ U(−1/√H, 1/√H) as in PyTorch's recurrent layers, except biases,
    /// which start at 0, and the LSTM forget gate's input bias, which starts at 1. The readout uses the same range.
    /// </summary>
    public static NetworkParameters<T> Initialize(NetworkShape shape, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(shape);
        var rng = new SeededRandom(seed);
        var parameters = new NetworkParameters<T>(shape, new T[shape.Layout.Count]);
        var bound = 1.0 / Math.Sqrt(shape.HiddenSize);
        foreach (var tensor in parameters.Layout.Tensors.Where(t => t.IsWeight))
        {
            var values = parameters.Values.AsSpan(tensor.Offset, tensor.Length);
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = T.CreateChecked(rng.NextUniform(-bound, bound));
            }
        }
        if (shape.Cell == CellKind.Lstm)
        {
            parameters.Tensor(ParameterLayout.InputBiasName).Slice(shape.HiddenSize, shape.HiddenSize).Fill(T.One);
        }
        return parameters;
    }
}

namespace RnnAtlas.Networks;

/// <summary>
/// Where each tensor lives in a network's flat parameter array. Names and layouts follow PyTorch's single-layer
/// nn.RNN / nn.GRU / nn.LSTM state dicts (gate blocks stacked along rows), plus <c>readout.weight</c> [O, H] and
/// <c>readout.bias</c> [O] of an nn.Linear readout. The UGRNN uses the same names with gate rows ordered (g, c).
/// </summary>
public sealed class ParameterLayout
{
    /// <summary>Name of the input weights [G·H, I].</summary>
    public const string InputWeightsName = "weight_ih_l0";

    /// <summary>Name of the recurrent weights [G·H, H].</summary>
    public const string RecurrentWeightsName = "weight_hh_l0";

    /// <summary>Name of the input bias [G·H].</summary>
    public const string InputBiasName = "bias_ih_l0";

    /// <summary>Name of the recurrent bias [G·H].</summary>
    public const string RecurrentBiasName = "bias_hh_l0";

    /// <summary>Name of the readout weights [O, H].</summary>
    public const string ReadoutWeightsName = "readout.weight";

    /// <summary>Name of the readout bias [O].</summary>
    public const string ReadoutBiasName = "readout.bias";

    /// <summary>Builds the layout of <paramref name="shape"/>.</summary>
    public ParameterLayout(NetworkShape shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        var gh = shape.GateCount * shape.HiddenSize;
        var tensors = new List<ParameterTensor>();
        var offset = 0;
        void Add(string name, bool isWeight, params int[] dims)
        {
            var tensor = new ParameterTensor(name, dims, offset, isWeight);
            tensors.Add(tensor);
            offset += tensor.Length;
        }
        Add(InputWeightsName, true, gh, shape.InputSize);
        Add(RecurrentWeightsName, true, gh, shape.HiddenSize);
        Add(InputBiasName, false, gh);
        Add(RecurrentBiasName, false, gh);
        Add(ReadoutWeightsName, true, shape.OutputSize, shape.HiddenSize);
        Add(ReadoutBiasName, false, shape.OutputSize);
        Tensors = tensors;
        Count = offset;
    }

    /// <summary>All tensors in storage order.</summary>
    public IReadOnlyList<ParameterTensor> Tensors { get; }

    /// <summary>Total number of parameters.</summary>
    public int Count { get; }

    /// <summary>The tensor called <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">No tensor has that name.</exception>
    public ParameterTensor this[string name] =>
        Tensors.FirstOrDefault(t => t.Name == name) ?? throw new KeyNotFoundException($"no parameter tensor named '{name}'");
}

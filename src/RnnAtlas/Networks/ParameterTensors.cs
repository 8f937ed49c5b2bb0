namespace RnnAtlas.Networks;

/// <summary>
/// The six tensors of a flat parameter or gradient vector laid out by <see cref="ParameterLayout"/>, looked up by name
/// once: W_ih, W_hh, b_ih, b_hh (gate rows stacked in PyTorch order) and the readout's weight and bias.
/// </summary>
public readonly ref struct ParameterTensors<T>
{
    /// <summary>Views <paramref name="flat"/> (at least <paramref name="layout"/>'s count of values) as its tensors.</summary>
    public ParameterTensors(Span<T> flat, ParameterLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        InputWeights = Of(flat, layout, ParameterLayout.InputWeightsName);
        RecurrentWeights = Of(flat, layout, ParameterLayout.RecurrentWeightsName);
        InputBias = Of(flat, layout, ParameterLayout.InputBiasName);
        RecurrentBias = Of(flat, layout, ParameterLayout.RecurrentBiasName);
        ReadoutWeights = Of(flat, layout, ParameterLayout.ReadoutWeightsName);
        ReadoutBias = Of(flat, layout, ParameterLayout.ReadoutBiasName);
    }

    /// <summary>W_ih, [gates × H, input].</summary>
    public Span<T> InputWeights { get; }

    /// <summary>W_hh, [gates × H, H].</summary>
    public Span<T> RecurrentWeights { get; }

    /// <summary>b_ih, [gates × H].</summary>
    public Span<T> InputBias { get; }

    /// <summary>b_hh, [gates × H].</summary>
    public Span<T> RecurrentBias { get; }

    /// <summary>Readout weight, [output, H].</summary>
    public Span<T> ReadoutWeights { get; }

    /// <summary>Readout bias, [output].</summary>
    public Span<T> ReadoutBias { get; }

    private static Span<T> Of(Span<T> flat, ParameterLayout layout, string name) => flat.Slice(layout[name].Offset, layout[name].Length);
}

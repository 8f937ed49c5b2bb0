using RnnAtlas.Cells;

namespace RnnAtlas.Networks;

/// <summary>The architecture and sizes of one network: cell, activation, input, hidden and output sizes.</summary>
/// <param name="Cell">Cell kind.</param>
/// <param name="Activation">Nonlinearity φ.</param>
/// <param name="InputSize">Input channels I.</param>
/// <param name="HiddenSize">Hidden units H.</param>
/// <param name="OutputSize">Readout channels O.</param>
public sealed record NetworkShape(CellKind Cell, Activation Activation, int InputSize, int HiddenSize, int OutputSize)
{
    /// <summary>Gate blocks G (1 vanilla, 2 UGRNN, 3 GRU, 4 LSTM).</summary>
    public int GateCount => Cell switch
    {
        CellKind.Vanilla => 1,
        CellKind.Ugrnn => 2,
        CellKind.Gru => 3,
        CellKind.Lstm => 4,
        _ => throw new InvalidOperationException($"unknown cell kind {Cell}"),
    };

    /// <summary>State size S: H, or 2H for the LSTM's [h; c].</summary>
    public int StateSize => Cell == CellKind.Lstm ? 2 * HiddenSize : HiddenSize;

    /// <summary>The flat parameter layout (PyTorch state-dict names and shapes).</summary>
    public ParameterLayout Layout => new(this);
}

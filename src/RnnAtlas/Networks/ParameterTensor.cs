namespace RnnAtlas.Networks;

/// <summary>One named tensor inside a network's flat parameter array.</summary>
/// <param name="Name">PyTorch state-dict name, e.g. <c>weight_hh_l0</c> or <c>readout.weight</c>.</param>
/// <param name="Shape">Row-major shape.</param>
/// <param name="Offset">Start in the flat array.</param>
/// <param name="IsWeight">True for weight matrices (L2-penalized), false for biases.</param>
public sealed record ParameterTensor(string Name, int[] Shape, int Offset, bool IsWeight)
{
    /// <summary>Number of elements.</summary>
    public int Length => Shape.Aggregate(1, (a, b) => a * b);
}

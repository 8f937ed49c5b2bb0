using RnnAtlas.Numerics;

namespace RnnAtlas.Training;

/// <summary>
/// Adam: m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g²; θ ← θ − α·m̂/(√v̂ + ε) with m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ)
/// (PyTorch's torch.optim.Adam without weight decay; L2 enters through the loss).
/// </summary>
public sealed class Adam : IOptimizer
{
    private readonly float[] _m, _v;
    private readonly double _learningRate, _beta1, _beta2, _epsilon;

    /// <summary>Creates zeroed state for <paramref name="count"/> parameters.</summary>
    public Adam(int count, double learningRate, double beta1, double beta2, double epsilon)
    {
        _m = new float[count];
        _v = new float[count];
        _learningRate = learningRate;
        _beta1 = beta1;
        _beta2 = beta2;
        _epsilon = epsilon;
    }

    /// <inheritdoc />
    public void Step(Span<float> parameters, ReadOnlySpan<float> gradient, int iteration) =>
        AdamUpdate.Apply(parameters, gradient, _m, _v, iteration, _learningRate, _beta1, _beta2, _epsilon);
}

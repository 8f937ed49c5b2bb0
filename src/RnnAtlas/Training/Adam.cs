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
    public void Step(Span<float> parameters, ReadOnlySpan<float> gradient, int iteration)
    {
        var b1 = (float)_beta1;
        var b2 = (float)_beta2;
        var stepSize = (float)(_learningRate / (1 - Math.Pow(_beta1, iteration)));
        var correction2 = (float)Math.Sqrt(1 - Math.Pow(_beta2, iteration));
        var epsilon = (float)_epsilon;
        for (var i = 0; i < parameters.Length; i++)
        {
            var g = gradient[i];
            _m[i] = b1 * _m[i] + (1 - b1) * g;
            _v[i] = b2 * _v[i] + (1 - b2) * g * g;
            parameters[i] -= stepSize * _m[i] / (MathF.Sqrt(_v[i]) / correction2 + epsilon);
        }
    }
}

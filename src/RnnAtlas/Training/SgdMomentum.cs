namespace RnnAtlas.Training;

/// <summary>
/// SGD with momentum and exponential learning-rate decay: v ← μv + g; θ ← θ − α·r^(t/T_decay)·v.
/// </summary>
public sealed class SgdMomentum : IOptimizer
{
    private readonly float[] _velocity;
    private readonly double _learningRate, _momentum, _decayRate;
    private readonly int _decaySteps;

    /// <summary>Creates zeroed state for <paramref name="count"/> parameters.</summary>
    public SgdMomentum(int count, double learningRate, double momentum, double decayRate, int decaySteps)
    {
        _velocity = new float[count];
        _learningRate = learningRate;
        _momentum = momentum;
        _decayRate = decayRate;
        _decaySteps = decaySteps;
    }

    /// <summary>The learning rate in force at <paramref name="iteration"/>.</summary>
    public double LearningRateAt(int iteration) => _learningRate * Math.Pow(_decayRate, (iteration - 1) / (double)_decaySteps);

    /// <inheritdoc />
    public void Step(Span<float> parameters, ReadOnlySpan<float> gradient, int iteration)
    {
        var rate = (float)LearningRateAt(iteration);
        var mu = (float)_momentum;
        for (var i = 0; i < parameters.Length; i++)
        {
            _velocity[i] = mu * _velocity[i] + gradient[i];
            parameters[i] -= rate * _velocity[i];
        }
    }
}

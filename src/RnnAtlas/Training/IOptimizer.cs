namespace RnnAtlas.Training;

/// <summary>Updates one network's flat parameter array from its gradient; holds that network's optimizer state.</summary>
public interface IOptimizer
{
    /// <summary>Applies update number <paramref name="iteration"/> (1-based).</summary>
    void Step(Span<float> parameters, ReadOnlySpan<float> gradient, int iteration);

    /// <summary>Creates the optimizer of <paramref name="options"/> for <paramref name="count"/> parameters.</summary>
    static IOptimizer Create(TrainingOptions options, double learningRate, int count)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Optimizer switch
        {
            OptimizerKind.Adam => new Adam(count, learningRate, options.Beta1, options.Beta2, options.Epsilon),
            OptimizerKind.Sgd => new SgdMomentum(count, learningRate, options.Momentum, options.DecayRate, options.DecaySteps),
            _ => throw new ArgumentOutOfRangeException(nameof(options), options.Optimizer, "unknown optimizer"),
        };
    }
}

namespace RnnAtlas.Training;

/// <summary>How a hyperparameter search draws SGD's momentum from its range.</summary>
public enum MomentumSampling
{
    /// <summary>Uniformly in [low, high].</summary>
    Uniform,

    /// <summary>
    /// Log-uniformly in the distance from one, 1 − momentum ∈ [1 − high, 1 − low]: of [0, 0.99], half the draws fall
    /// above 0.9 (uniformly: 9 %), the range in which SGD trains the flip-flop task within a few thousand iterations.
    /// </summary>
    Log,
}

namespace RnnAtlas.Training;

/// <summary>How the samples of a hyperparameter search cover its ranges.</summary>
public enum SearchDesign
{
    /// <summary>Every setting of every sample drawn independently from its range.</summary>
    Random,

    /// <summary>
    /// A Latin hypercube: each range cut into as many equal strata (on the scale it is drawn on) as there are samples,
    /// every stratum taken by exactly one sample, the strata of different settings paired at random, the point within a
    /// stratum random. With 8 samples over [1e-5, 1e-1] two learning rates then lie above 1e-2; independent draws left
    /// none there in one of the default population's eight configurations (docs/training.md).
    /// </summary>
    Stratified,
}

namespace RnnAtlas.Training;

/// <summary>The optimizer that updates a network's parameters.</summary>
public enum OptimizerKind
{
    /// <summary>Adam (Kingma &amp; Ba 2015) with bias correction.</summary>
    Adam,

    /// <summary>SGD with momentum and an exponentially decaying learning rate, as in the paper.</summary>
    Sgd,
}

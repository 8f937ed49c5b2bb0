namespace RnnAtlas.Training;

/// <summary>Outcome of training one network against its task's criterion.</summary>
public enum TrainingStatus
{
    /// <summary>Held-out normalized MSE met the criterion.</summary>
    Passed,

    /// <summary>The criterion was not met (iteration cap) or training diverged; the reason says which.</summary>
    Failed,
}

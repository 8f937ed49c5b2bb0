namespace RnnAtlas.Training;

/// <summary>When a network stops training and how it is judged.</summary>
public enum StoppingPolicy
{
    /// <summary>
    /// Stop at the first held-out check that meets the task's criterion (at <see cref="TrainingOptions.CriterionChecks"/>
    /// consecutive checks, when more than one); fail at the iteration cap.
    /// </summary>
    Criterion,

    /// <summary>
    /// Train the whole budget (<see cref="TrainingOptions.MaxIterations"/>) and judge the network at its end (or its best
    /// held-out check, with <see cref="TrainingOptions.KeepBest"/>); a diverging network still stops at once.
    /// </summary>
    Budget,
}

using RnnAtlas.Networks;

namespace RnnAtlas.Training;

/// <summary>A trained network with its quality-gate metrics and training curve.</summary>
public sealed record TrainingResult
{
    /// <summary>Passed or failed.</summary>
    public required TrainingStatus Status { get; init; }

    /// <summary>Why the network passed or failed, in words.</summary>
    public required string Reason { get; init; }

    /// <summary>Final held-out normalized MSE (MSE / target variance).</summary>
    public required double HeldOutNmse { get; init; }

    /// <summary>Final task accuracy on the held-out trials (task-defined, in [0, 1]).</summary>
    public required double Accuracy { get; init; }

    /// <summary>The task's pass criterion on <see cref="HeldOutNmse"/>.</summary>
    public required double Criterion { get; init; }

    /// <summary>Iterations run.</summary>
    public required int Iterations { get; init; }

    /// <summary>Wall time of training, seconds.</summary>
    public required double WallSeconds { get; init; }

    /// <summary>The parameters at the end of training.</summary>
    public required NetworkParameters<float> Parameters { get; init; }

    /// <summary>Loss and held-out error per iteration.</summary>
    public required IReadOnlyList<TrainingCurvePoint> Curve { get; init; }
}

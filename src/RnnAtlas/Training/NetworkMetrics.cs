namespace RnnAtlas.Training;

/// <summary>The quality gate of one trained network, as stored in <c>networks/&lt;id&gt;/metrics.json</c>.</summary>
public sealed record NetworkMetrics
{
    /// <summary>Schema of this record.</summary>
    public const string CurrentSchema = "rnnatlas.metrics/1";

    /// <summary>Schema tag, <see cref="CurrentSchema"/>.</summary>
    public string Schema { get; init; } = CurrentSchema;

    /// <summary>The network's id.</summary>
    public required string Id { get; init; }

    /// <summary>Passed or failed.</summary>
    public required TrainingStatus Status { get; init; }

    /// <summary>Why, in words (criterion met, iteration cap, divergence).</summary>
    public required string Reason { get; init; }

    /// <summary>Final held-out normalized MSE.</summary>
    public required double HeldOutNmse { get; init; }

    /// <summary>Final task accuracy on held-out trials.</summary>
    public required double Accuracy { get; init; }

    /// <summary>Pass criterion on held-out NMSE.</summary>
    public required double Criterion { get; init; }

    /// <summary>Iterations run.</summary>
    public required int Iterations { get; init; }

    /// <summary>Training wall time, seconds.</summary>
    public required double WallSeconds { get; init; }
}

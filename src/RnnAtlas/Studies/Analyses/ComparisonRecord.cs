using RnnAtlas.Tasks;

namespace RnnAtlas.Studies.Analyses;

/// <summary>
/// <c>analysis/&lt;task&gt;/compare.json</c>: what the distance matrices next to it hold. Written last, so that its presence
/// says every matrix matches its network list; a rerun reuses the pairs of networks listed here.
/// </summary>
/// <param name="Schema">Always <see cref="CurrentSchema"/>.</param>
/// <param name="Task">The task whose probe trials the activity comes from.</param>
/// <param name="Stride">Time steps kept.</param>
/// <param name="Samples">Rows of each activity matrix.</param>
/// <param name="Metrics">Each metric's name and settings.</param>
/// <param name="Networks">Network ids in matrix order.</param>
public sealed record ComparisonRecord(string Schema, ITask Task, int Stride, int Samples, IReadOnlyList<MetricRecord> Metrics, IReadOnlyList<string> Networks)
{
    /// <summary>The schema this version writes.</summary>
    public const string CurrentSchema = "rnnatlas.compare/1";
}

/// <summary>A metric as recorded next to its results.</summary>
/// <param name="Name">Short name.</param>
/// <param name="Settings">Settings in words.</param>
/// <param name="IsMetric">Whether the distance satisfies the triangle inequality.</param>
public sealed record MetricRecord(string Name, string Settings, bool IsMetric);

using RnnAtlas.Storage;
using RnnAtlas.Studies.Analyses;
using RnnAtlas.Topology;
using RnnAtlas.Training;

namespace RnnAtlas.Studies.Scaffolds;

/// <summary>
/// The scaffold of a task RnnAtlas knows nothing about (<see cref="Tasks.CustomTask"/>): per analysis condition, the
/// fixed-point graph — every converged point with its stability index and readout sign pattern, and where each
/// saddle's unstable manifold leads — with no expectation beyond a stable point somewhere.
/// </summary>
public sealed class FixedPointGraphScaffold : ITaskScaffold
{
    /// <inheritdoc />
    public string FileName => "graphs.json";

    /// <inheritdoc />
    public string Expectation => "at least one stable fixed point per analysis condition (a task of your own sets no other expectation)";

    /// <inheritdoc />
    public string DistanceDescription => "mean over analysis conditions of the Jaccard distance between the multisets of labelled nodes and transitions of the fixed-point graphs";

    /// <inheritdoc />
    public bool DistanceIsMetric => true;

    /// <inheritdoc />
    public FixedPoints.FixedPointOptions SearchOptions(FixedPoints.FixedPointOptions options) => options;

    /// <inheritdoc />
    public bool Holds(FixedPointReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return report.Conditions.All(c => c.Points.Any(p => p.IsStable));
    }

    /// <inheritdoc />
    public ScaffoldReport Analyze(ScaffoldContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var builder = new FixedPointGraphBuilder(context.Network, context.Region, context.Options, context.StabilityTolerance);
        return new FixedPointGraphsReport
        {
            NetworkId = context.NetworkId,
            FixedPointsDigest = context.FixedPointsDigest,
            Options = context.Options,
            Graphs = [.. context.FixedPoints.Conditions.Select(c => builder.Build(ScaffoldContext.Points(c, includeSlow: false), c.Input, []))],
        };
    }

    /// <inheritdoc />
    public ScaffoldReport? Read(string path) => StudyJson.ReadOrNull<FixedPointGraphsReport>(path, r => r.Schema == ScaffoldReport.CurrentSchema);

    /// <inheritdoc />
    public string Summarize(IReadOnlyList<(NetworkConfig Config, ScaffoldReport Report)> networks)
    {
        ArgumentNullException.ThrowIfNull(networks);
        var graphs = networks.Select(x => (FixedPointGraphsReport)x.Report).ToList();
        var n = graphs.Count;
        var common = graphs.GroupBy(r => string.Join('#', r.Graphs.Select(g => string.Join('|', g.LabelledElements())))).MaxBy(g => g.Count())!;
        var counts = string.Join("; ", common.First().Graphs.Select((g, i) =>
            $"condition {i}: {string.Join('/', Enumerable.Range(0, g.Nodes.Count == 0 ? 1 : g.Nodes.Max(x => x.UnstableDimensions) + 1).Select(k => g.Nodes.Count(x => x.UnstableDimensions == k)))} points with 0, 1, … unstable directions"));
        return $"custom: {common.Count()}/{n} networks share the most common set of labelled fixed-point graphs ({counts}); {graphs.Count(r => r.Graphs.All(g => g.Nodes.Any(x => x.UnstableDimensions == 0)))}/{n} have a stable point at every condition";
    }
}

/// <summary>A network's scaffold for a task of your own: its fixed-point graph per analysis condition (<c>graphs.json</c>).</summary>
public sealed record FixedPointGraphsReport : ScaffoldReport, IFixedPointGraphReport
{
    /// <summary>One graph per analysis condition, in the task's order.</summary>
    public required IReadOnlyList<FixedPointGraph> Graphs { get; init; }

    /// <inheritdoc />
    [System.Text.Json.Serialization.JsonIgnore]
    public FixedPointGraph Graph => Graphs[0];

    /// <inheritdoc />
    public override double Distance(ScaffoldReport other)
    {
        var theirs = Same<FixedPointGraphsReport>(other).Graphs;
        return Graphs.Zip(theirs, TopologyDistance.Between).Average();
    }

    /// <inheritdoc />
    public override string Describe() => string.Join("; ", Graphs.Select((g, i) =>
        $"condition {i}: {g.Nodes.Count(x => x.UnstableDimensions == 0)} stable points, {g.Nodes.Count(x => x.UnstableDimensions > 0)} saddles, {g.Edges.Count} transitions"));

    /// <inheritdoc />
    public override IEnumerable<string> Details()
    {
        for (var i = 0; i < Graphs.Count; i++)
        {
            yield return $"  condition {i}:";
            foreach (var line in Graphs[i].Lines())
            {
                yield return line;
            }
        }
    }
}

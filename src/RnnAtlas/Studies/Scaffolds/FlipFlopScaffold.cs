using RnnAtlas.Storage;
using RnnAtlas.Studies.Analyses;
using RnnAtlas.Tasks;
using RnnAtlas.Topology;
using RnnAtlas.Training;

namespace RnnAtlas.Studies.Scaffolds;

/// <summary>
/// The N-bit flip-flop's scaffold: the fixed-point graph at zero input (with its ±1 pulses on every channel), expected
/// to hold 2ᴺ stable points with distinct readout sign patterns; canonically the 3ᴺ-point cube.
/// </summary>
public sealed class FlipFlopScaffold(FlipFlopTask task) : ITaskScaffold
{
    /// <inheritdoc />
    public string FileName => "graph.json";

    /// <inheritdoc />
    public string Expectation => $"{1 << task.Bits} stable points with distinct readout sign patterns";

    /// <inheritdoc />
    public string DistanceDescription => "Jaccard distance between the multisets of labelled nodes and transitions of the fixed-point graphs";

    /// <inheritdoc />
    public bool DistanceIsMetric => true;

    /// <inheritdoc />
    public FixedPoints.FixedPointOptions SearchOptions(FixedPoints.FixedPointOptions options) => options;

    /// <inheritdoc />
    public bool Holds(FixedPointReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return report.Conditions.All(c => StablePatterns(c) is var patterns && patterns.Count == 1 << task.Bits && patterns.Distinct().Count() == patterns.Count);
    }

    /// <inheritdoc />
    public ScaffoldReport Analyze(ScaffoldContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var condition = context.FixedPoints.Conditions[0];
        var pulses = Enumerable.Range(0, task.Bits).SelectMany(c => new[] { '+', '-' }.Select(sign =>
        {
            var input = new double[task.InputSize];
            input[c] = sign == '+' ? 1 : -1;
            return new InputPulse(FixedPointGraph.FlipFlopPulseName(c, sign), input);
        })).ToList();
        var graph = new FixedPointGraphBuilder(context.Network, context.Region, context.Options, context.StabilityTolerance)
            .Build(ScaffoldContext.Points(condition, includeSlow: false), condition.Input, pulses);
        return new FlipFlopGraphReport
        {
            NetworkId = context.NetworkId,
            FixedPointsDigest = context.FixedPointsDigest,
            Options = context.Options,
            Graph = graph,
            Automaton = graph.IsFlipFlopAutomaton(task.Bits),
        };
    }

    /// <inheritdoc />
    public ScaffoldReport? Read(string path) => StudyJson.ReadOrNull<FlipFlopGraphReport>(path, r => r.Schema == ScaffoldReport.CurrentSchema);

    /// <inheritdoc />
    public string Summarize(IReadOnlyList<(NetworkConfig Config, ScaffoldReport Report)> networks)
    {
        ArgumentNullException.ThrowIfNull(networks);
        var graphs = networks.Select(x => (x.Config, Report: (FlipFlopGraphReport)x.Report)).ToList();
        var n = graphs.Count;
        var canonical = graphs.GroupBy(x => string.Join('|', x.Report.Graph.LabelledElements())).MaxBy(g => g.Count())!;
        var example = canonical.First().Report.Graph;
        var stable = example.Nodes.Count(x => x.Pattern is not null);
        var bits = task.Bits;
        var cube = string.Join('/', Enumerable.Range(0, bits + 1).Select(k => FixedPointGraph.CubeFaces(bits, k)));
        var byArchitecture = string.Join(", ", graphs
            .GroupBy(x => $"{AnalysisFolder.Label(x.Config, "cell")}-{AnalysisFolder.Label(x.Config, "activation")}")
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{g.Key} {g.Count(x => x.Report.Graph.IsFlipFlopCube(bits))}/{g.Count()}"));
        var unsettled = graphs.Count(x => x.Report.Graph.Edges.Any(e => e.Outcome == TransitionOutcome.Unsettled));
        var budget = unsettled == 0 ? "" : $"; {unsettled}/{n} have transitions that did not settle within max_steps = {graphs[0].Report.Options.MaxSteps} (slow dynamics, e.g. long training: raise [topology] max_steps, docs/topology.md)";
        return $"{task.Name}: {graphs.Count(x => x.Report.Graph.IsFlipFlopCube(bits))}/{n} networks have the canonical scaffold, the {bits}-bit cube ({cube} fixed points with 0…{bits} unstable directions, every 1-saddle joining two memories one bit apart) — {byArchitecture}; {graphs.Count(x => x.Report.Automaton)}/{n} have exactly the flip-flop automaton; {canonical.Count()}/{n} share the most common labelled graph ({stable} stable points, {example.Nodes.Count - stable} saddles, {example.Edges.Count} transitions){budget}";
    }

    /// <summary>Readout sign patterns of the stable fixed points (converged; slow points are not fixed points).</summary>
    private static List<string> StablePatterns(ConditionReport condition) =>
        [.. condition.Points.Where(p => p.IsStable).Select(p => FixedPointGraphBuilder.Pattern(p.Readout))];
}

/// <summary>A flip-flop network's scaffold: its fixed-point graph at zero input (<c>graph.json</c>).</summary>
public sealed record FlipFlopGraphReport : ScaffoldReport, IFixedPointGraphReport
{
    /// <summary>The fixed-point graph at zero input.</summary>
    public required FixedPointGraph Graph { get; init; }

    /// <summary>Whether the input-driven part is exactly the flip-flop automaton.</summary>
    public required bool Automaton { get; init; }

    /// <inheritdoc />
    public override double Distance(ScaffoldReport other) => TopologyDistance.Between(Graph, Same<FlipFlopGraphReport>(other).Graph);

    /// <inheritdoc />
    public override string Describe()
    {
        var stable = Graph.Nodes.Count(n => n.Pattern is not null);
        return $"{stable} stable points, {Graph.Nodes.Count - stable} saddles, {Graph.Edges.Count} transitions{(Automaton ? ", the flip-flop automaton" : "")}";
    }

    /// <inheritdoc />
    public override IEnumerable<string> Details()
    {
        foreach (var line in Graph.Lines())
        {
            yield return line;
        }
        yield return $"  flip-flop automaton: {(Automaton ? "yes" : "no")}";
    }
}

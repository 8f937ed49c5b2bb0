using System.Globalization;
using RnnAtlas.Studies;
using RnnAtlas.Topology;
using Spectre.Console;
using Spectre.Console.Cli;

namespace RnnAtlas.Cli;

/// <summary><c>rnnatlas topology DIR</c>: every network's computational scaffold and the scaffold distances between networks.</summary>
internal sealed class TopologyCommand : Command<TopologySettings>
{
    private readonly IAnsiConsole _console;

    public TopologyCommand()
        : this(AnsiConsole.Console)
    {
    }

    public TopologyCommand(IAnsiConsole console) => _console = console;

    public override int Execute(CommandContext context, TopologySettings settings, CancellationToken cancellationToken)
    {
        var study = StudyFolder.Open(settings.Study);
        var results = Run(_console, study, study.Analysis.Topology, Flags.Threads(settings.Threads), settings.ParsedShard, cancellationToken);
        if (settings.Show is { } id)
        {
            var found = results.SelectMany(t => t.Networks.Zip(t.Reports)).FirstOrDefault(x => x.First.Id.Value == id);
            if (found.Second is null)
            {
                throw new InvalidConfigurationException("--show", id, "must be the id of a passing network of this study");
            }
            foreach (var line in Text(found.Second))
            {
                _console.WriteLine(line);
            }
        }
        return ExitCodes.Ok;
    }

    /// <summary>Runs the topology stage on <paramref name="study"/> with progress and a summary per task.</summary>
    internal static IReadOnlyList<TaskTopology> Run(IAnsiConsole console, StudyFolder study, TopologyOptions options, int threads, Populations.Shard? shard, CancellationToken cancellationToken)
    {
        var stage = new TopologyStage(study, options, threads);
        var results = new ProgressView(console, "topology").Run<StageProgress, IReadOnlyList<TaskTopology>>(
            progress => stage.Run(shard, progress, cancellationToken),
            p => new ProgressSnapshot(p.Skipped + p.Completed, p.Total, p.Completed, p.Completed, p.Total - p.Skipped, $"{p.Skipped} already done", p.LastFinished));
        foreach (var task in results)
        {
            console.WriteLine(task.Summary);
            foreach (var s in task.Separations)
            {
                console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  topology distance vs {s.Label}: k-NN accuracy {s.NearestNeighbourAccuracy:0.000} (chance {s.Chance:0.000}), silhouette {s.Silhouette:0.000}, p = {s.PValue:0.####}"));
            }
            console.WriteLine($"  written to {task.Folder} (distances_topology.npy, embedding_topology.csv, stats_topology.json)");
        }
        return results;
    }

    /// <summary>A scaffold report as text lines.</summary>
    internal static IEnumerable<string> Text(ScaffoldReport report)
    {
        yield return report.NetworkId;
        if (report.Graph is { } graph)
        {
            foreach (var node in graph.Nodes)
            {
                yield return $"  node {node.Index}: {node.Label} (fixed point {node.Point})";
            }
            foreach (var e in graph.Edges)
            {
                var target = e.To is { } to ? $"node {to} ({graph.Nodes[to].Label})" : e.Outcome.ToString().ToLowerInvariant();
                var kind = e.Kind == TransitionKind.Input ? $"input {e.Via}" : e.Homoclinic ? $"homoclinic {e.Via}" : $"manifold {e.Via}";
                yield return $"  {e.From} --{kind}--> {target} after {e.Steps} steps";
            }
            yield return $"  flip-flop automaton: {(report.Automaton == true ? "yes" : "no")}";
        }
        foreach (var o in report.Oscillations ?? [])
        {
            yield return string.Create(CultureInfo.InvariantCulture,
                $"  {o.Condition}: target f {o.TargetFrequency:0.0000}, {o.FixedPoints} points (max index {o.MaxUnstableDimensions}), linearized f {o.Cycle.PredictedFrequency:0.0000}, limit cycle {(o.Cycle.Found ? $"f {o.Cycle.MeasuredFrequency:0.0000}, amplitude {o.Cycle.Amplitude:0.000}, return error {o.Cycle.ReturnError:0.000}" : "none")}");
        }
        foreach (var l in report.LineAttractors ?? [])
        {
            yield return string.Create(CultureInfo.InvariantCulture,
                $"  {l.Condition}: {l.Points} points, {l.VarianceShare:0.000} of their variance on one line of length {l.Length:0.000}; |λ| {string.Join(' ', l.Spectrum.Take(5).Select(v => v.ToString("0.000", CultureInfo.InvariantCulture)))}; response kept by k modes {string.Join(' ', l.Response.Take(5).Select(v => v.ToString("0.00", CultureInfo.InvariantCulture)))}");
        }
    }
}

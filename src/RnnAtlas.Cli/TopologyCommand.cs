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
            _console.WriteLine(found.Second.NetworkId);
            foreach (var line in found.Second.Details())
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
}

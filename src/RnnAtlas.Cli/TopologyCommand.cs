using System.Globalization;
using RnnAtlas.Studies;
using RnnAtlas.Studies.Stages;
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
        var outcome = (TopologyOutcome)new StageView(_console, study).Show(new StudyPipeline([StudyPipeline.Topology(study, study.Analysis.Topology, Flags.Threads(settings.Threads), settings.ParsedShard)]), cancellationToken).Single();
        if (settings.Show is { } id)
        {
            var found = outcome.Tasks.SelectMany(t => t.Networks.Zip(t.Reports)).FirstOrDefault(x => x.First.Id.Value == id);
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

    /// <summary>The topology summary per task: the scaffold sentence, how the scaffold distance separates each label, the files.</summary>
    internal static void Render(IAnsiConsole console, TopologyOutcome outcome)
    {
        foreach (var task in outcome.Tasks)
        {
            console.WriteLine(task.Summary);
            foreach (var s in task.Separations)
            {
                console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  topology distance vs {s.Label}: k-NN accuracy {s.NearestNeighbourAccuracy:0.000} (chance {s.Chance:0.000}), silhouette {s.Silhouette:0.000}, p = {s.PValue:0.####}"));
            }
            console.WriteLine($"  written to {task.Folder} (distances_topology.npy, embedding_topology.csv, stats_topology.json)");
        }
    }
}

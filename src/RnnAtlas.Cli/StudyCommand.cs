using System.Diagnostics;
using RnnAtlas.Reporting;
using RnnAtlas.Studies;
using Spectre.Console;
using Spectre.Console.Cli;

namespace RnnAtlas.Cli;

/// <summary><c>rnnatlas study</c>: train → fixed points → topology → compare → report, each stage skipping finished work.</summary>
internal sealed class StudyCommand : Command<StudySettings>
{
    private readonly IAnsiConsole _console;

    public StudyCommand()
        : this(AnsiConsole.Console)
    {
    }

    public StudyCommand(IAnsiConsole console) => _console = console;

    /// <summary>Runs <paramref name="stages"/> in order under numbered headings.</summary>
    internal static void Run(IAnsiConsole console, IReadOnlyList<(string Name, Action Run)> stages)
    {
        for (var i = 0; i < stages.Count; i++)
        {
            console.Write(new Rule($"[bold]{i + 1}/{stages.Count} {stages[i].Name}[/]").LeftJustified());
            stages[i].Run();
        }
    }

    public override int Execute(CommandContext context, StudySettings settings, CancellationToken cancellationToken)
    {
        if (settings.Config is not null && settings.Preset is not null)
        {
            throw new InvalidConfigurationException("--preset", settings.Preset, "give either a CONFIG file or a --preset, not both");
        }
        var preset = settings.Preset ?? "default";
        var (configured, analysis) = settings.Config is { } config ? SweepToml.ReadStudy(config) : (StudyPresets.Sweep(preset), null);
        var sweep = SweepOptions.WithSnapshots(configured, settings.Snapshots);
        sweep.Validate();
        var folder = settings.Out ?? Path.Combine("studies", settings.Config is { } file ? Path.GetFileNameWithoutExtension(file) : preset);
        var threads = Flags.Threads(settings.Threads);
        var shard = settings.ParsedShard;
        var study = TrainCommand.Create(folder, sweep, analysis);
        var options = study.Analysis;
        var clock = Stopwatch.StartNew();
        var stages = new List<(string Name, Action Run)>
        {
            ("train", () => TrainCommand.Run(_console, study, sweep, threads, shard, cancellationToken)),
            ("fixed points", () => FixedPointsCommand.Run(_console, study, options.FixedPoints, threads, null, shard, cancellationToken)),
            ("topology", () => TopologyCommand.Run(_console, study, options.Topology, threads, shard, cancellationToken)),
        };
        if (shard is null)
        {
            stages.AddRange(MergeCommand.Stages(_console, study, options.Compare, threads, cancellationToken));
        }
        Run(_console, stages);
        if (shard is null)
        {
            _console.MarkupLineInterpolated($"study finished in {clock.Elapsed:hh\\:mm\\:ss}: open [bold]{Path.Combine(study.Root, "report", "index.html")}[/]");
        }
        else
        {
            _console.MarkupLineInterpolated($"shard {shard} finished in {clock.Elapsed:hh\\:mm\\:ss}; when every shard has, run 'rnnatlas merge {study.Root}'");
        }
        return ExitCodes.Ok;
    }
}

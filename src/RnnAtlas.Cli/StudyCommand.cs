using System.Diagnostics;
using RnnAtlas.Reporting;
using RnnAtlas.Studies.Configuration;
using RnnAtlas.Studies.Stages;
using Spectre.Console;
using Spectre.Console.Cli;

namespace RnnAtlas.Cli;

/// <summary><c>rnnatlas study</c>: the whole <see cref="StudyPipeline.Study"/>, from a preset or a sweep TOML.</summary>
internal sealed class StudyCommand : Command<StudySettings>
{
    private readonly IAnsiConsole _console;

    public StudyCommand()
        : this(AnsiConsole.Console)
    {
    }

    public StudyCommand(IAnsiConsole console) => _console = console;

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
        var clock = Stopwatch.StartNew();
        new StageView(_console, study).Show(StudyPipeline.Study(study, sweep, threads, shard, StudyReport.Build), cancellationToken);
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

using RnnAtlas.Reporting;
using RnnAtlas.Studies;
using RnnAtlas.Studies.Stages;
using Spectre.Console;
using Spectre.Console.Cli;

namespace RnnAtlas.Cli;

/// <summary>
/// <c>rnnatlas merge DIR</c>: after sharded workers (<c>--shard i/n</c>) finished their networks, build the study-wide
/// outputs — fixed-point table, topology distances, comparison, report — computing any network work still missing.
/// </summary>
internal sealed class MergeCommand : Command<MergeSettings>
{
    private readonly IAnsiConsole _console;

    public MergeCommand()
        : this(AnsiConsole.Console)
    {
    }

    public MergeCommand(IAnsiConsole console) => _console = console;

    public override int Execute(CommandContext context, MergeSettings settings, CancellationToken cancellationToken)
    {
        var study = StudyFolder.Open(settings.Study);
        var threads = Flags.Threads(settings.Threads);
        var unfinished = study.Unfinished();
        if (unfinished.Count > 0)
        {
            var missing = $"{unfinished.Count} of {study.Planned().Count} planned networks have not finished training (first: {unfinished[0].Value})";
            if (!settings.Partial)
            {
                throw new InvalidDataException($"{study.Root}: {missing}; run the unfinished shards (or 'rnnatlas train' with the study's config) first, or pass --partial to merge what is there");
            }
            _console.MarkupLineInterpolated($"[yellow]partial merge[/]: {missing}");
        }
        new StageView(_console, study).Show(StudyPipeline.Merge(study, threads, StudyReport.Build), cancellationToken);
        _console.MarkupLineInterpolated($"merged: open [bold]{Path.Combine(study.Root, "report", "index.html")}[/]");
        return ExitCodes.Ok;
    }
}

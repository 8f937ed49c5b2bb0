using RnnAtlas.Studies;
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
        var options = study.Analysis;
        StudyCommand.Run(_console,
        [
            ("fixed points", () => FixedPointsCommand.Run(_console, study, options.FixedPoints, threads, null, null, cancellationToken)),
            ("topology", () => TopologyCommand.Run(_console, study, options.Topology, threads, null, cancellationToken)),
            .. Stages(_console, study, options.Compare, threads, cancellationToken),
        ]);
        _console.MarkupLineInterpolated($"merged: open [bold]{Path.Combine(study.Root, "report", "index.html")}[/]");
        return ExitCodes.Ok;
    }

    /// <summary>The population-wide stages that follow the per-network ones: compare and report.</summary>
    internal static IEnumerable<(string Name, Action Run)> Stages(IAnsiConsole console, StudyFolder study, ComparisonOptions options, int threads, CancellationToken cancellationToken)
    {
        yield return ("compare", () => CompareCommand.Run(console, study, options, threads, null, cancellationToken));
        yield return ("report", () => ReportCommand.Run(console, study));
    }
}

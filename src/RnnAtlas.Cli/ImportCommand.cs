using System.Globalization;
using RnnAtlas.Cells;
using RnnAtlas.Studies;
using RnnAtlas.Studies.Configuration;
using RnnAtlas.Studies.Import;
using RnnAtlas.Tasks;
using RnnAtlas.Training;
using Spectre.Console;
using Spectre.Console.Cli;

namespace RnnAtlas.Cli;

/// <summary>
/// <c>rnnatlas import</c>: add networks trained elsewhere to a study. Every file is read, mapped and scored before the
/// study is touched, so one bad file leaves it as it was; a file already imported is a no-op.
/// </summary>
internal sealed class ImportCommand : Command<ImportSettings>
{
    private readonly IAnsiConsole _console;

    public ImportCommand()
        : this(AnsiConsole.Console)
    {
    }

    public ImportCommand(IAnsiConsole console) => _console = console;

    public override int Execute(CommandContext context, ImportSettings settings, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(settings.Out))
        {
            throw new InvalidConfigurationException("--out", "(missing)", "a study folder is required, e.g. --out studies/mine");
        }
        var requests = Requests(settings);
        var prepared = new List<ImportedNetwork>();
        foreach (var request in requests)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                prepared.Add(NetworkImport.Prepare(request));
            }
            catch (InvalidDataException e)
            {
                throw new BadInputFileException(settings.Manifest is null ? "--weights" : "weights", e);
            }
        }
        var study = TrainCommand.Create(settings.Out, null, null);
        var table = new Table().AddColumns("network", "source", "cell", "units", "held-out NMSE", "status", "");
        foreach (var network in prepared)
        {
            var added = NetworkImport.Save(study, network);
            var config = network.Config;
            table.AddRow(
                Markup.Escape(config.Id.Value),
                Markup.Escape(config.Import!.Source),
                $"{config.Cell.ToString().ToLowerInvariant()}/{config.Activation.ToString().ToLowerInvariant()}",
                config.HiddenSize.ToString(CultureInfo.InvariantCulture),
                network.Metrics.HeldOutNmse.ToString("0.0000", CultureInfo.InvariantCulture),
                network.Metrics.Status == TrainingStatus.Passed ? "passed" : "[yellow]failed[/]",
                added ? "imported" : "already in the study");
        }
        _console.Write(table);
        foreach (var failed in prepared.Where(n => n.Metrics.Status == TrainingStatus.Failed))
        {
            _console.MarkupLineInterpolated($"[yellow]{failed.Config.Id.Value}[/]: {failed.Metrics.Reason}; the analyses leave it out, as they do a population's failed networks");
        }
        _console.MarkupLineInterpolated($"{prepared.Count} network(s) in {study.Root}; next: 'rnnatlas merge {study.Root}' (fixed points, topology, compare, report), or 'rnnatlas fixedpoints {study.Root}'");
        return ExitCodes.Ok;
    }

    private static IReadOnlyList<ImportRequest> Requests(ImportSettings settings)
    {
        if (settings.Manifest is { } manifest)
        {
            if (settings.Weights is not null || settings.Cell is not null || settings.Activation is not null || settings.Task is not null || settings.Probe is not null || settings.Conditions is not null || settings.InitialState is not null || settings.Prefix is not null || settings.ReadoutPrefix is not null)
            {
                throw new InvalidConfigurationException("MANIFEST", manifest, "give either a manifest or --weights with its flags, not both");
            }
            try
            {
                return SweepToml.ReadImports(manifest);
            }
            catch (InvalidDataException e)
            {
                throw new BadInputFileException("MANIFEST", e);
            }
        }
        if (settings.Weights is not { } weights)
        {
            throw new InvalidConfigurationException("--weights", "(missing)", "give a weight file (--weights FILE --cell CELL) or a manifest");
        }
        if (settings.Cell is not { } cell)
        {
            throw new InvalidConfigurationException("--cell", "(missing)", "must be one of vanilla, ugrnn, gru, lstm (a state dict does not say which)");
        }
        return [new ImportRequest(weights, Flags.Enum<CellKind>(cell, "--cell"), Flags.Enum<Activation>(settings.Activation ?? "tanh", "--activation"), Task(settings), settings.Prefix, settings.ReadoutPrefix)];
    }

    /// <summary>The built-in task of <c>--task</c>, or the task of your own of <c>--probe</c> and <c>--conditions</c>.</summary>
    private static ITask Task(ImportSettings settings)
    {
        if (settings.Probe is null && settings.Conditions is null && settings.InitialState is null)
        {
            return SweepOptions.Task(settings.Task ?? "flipflop", "--task");
        }
        if (settings.Task is not null)
        {
            throw new InvalidConfigurationException("--task", settings.Task, "give either a built-in --task or --probe and --conditions for a task of your own, not both");
        }
        if (settings.Probe is not { } probe || settings.Conditions is not { } conditions)
        {
            throw new InvalidConfigurationException(settings.Probe is null ? "--probe" : "--conditions", "(missing)", "a task of your own needs both --probe (inputs [trials, time, inputs]) and --conditions (inputs [conditions, inputs]); --initial-state is optional");
        }
        try
        {
            return NetworkImport.ReadCustomTask(probe, conditions, settings.InitialState);
        }
        catch (InvalidDataException e)
        {
            throw new BadInputFileException(
                e.Message.StartsWith(conditions, StringComparison.Ordinal) ? "--conditions"
                : settings.InitialState is { } start && e.Message.StartsWith(start, StringComparison.Ordinal) ? "--initial-state"
                : "--probe", e);
        }
    }
}

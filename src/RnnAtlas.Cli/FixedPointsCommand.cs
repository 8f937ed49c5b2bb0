using System.Globalization;
using RnnAtlas.Studies;
using RnnAtlas.Studies.Analyses;
using RnnAtlas.Studies.Stages;
using RnnAtlas.Training;
using Spectre.Console;
using Spectre.Console.Cli;

namespace RnnAtlas.Cli;

/// <summary><c>rnnatlas fixedpoints DIR</c>: find, classify and linearize every passing network's fixed points.</summary>
internal sealed class FixedPointsCommand : Command<FixedPointsSettings>
{
    private readonly IAnsiConsole _console;

    public FixedPointsCommand()
        : this(AnsiConsole.Console)
    {
    }

    public FixedPointsCommand(IAnsiConsole console) => _console = console;

    public override int Execute(CommandContext context, FixedPointsSettings settings, CancellationToken cancellationToken)
    {
        var study = StudyFolder.Open(settings.Study);
        var options = study.Analysis.FixedPoints;
        if (settings.InitialStates is { } initial)
        {
            options = options with { InitialStates = Flags.Integer(initial, "--initial-states") };
        }
        if (settings.SlowPointSpacing is { } spacing)
        {
            options = options with { SlowPointSpacing = Flags.Number(spacing, "--slow-point-spacing") };
        }
        options.Validate();
        var only = settings.Networks?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        new StageView(_console, study).Show(new StudyPipeline([StudyPipeline.FixedPoints(study, options, Flags.Threads(settings.Threads), only, settings.ParsedShard)]), cancellationToken);
        return ExitCodes.Ok;
    }

    /// <summary>The fixed-point summary: a table per cell, each task's expected scaffold, where the files are.</summary>
    internal static void Render(IAnsiConsole console, StudyFolder study, FixedPointOutcome outcome)
    {
        var results = outcome.Networks;
        console.Write(Summary(results));
        foreach (var task in results.Select(r => r.Config.Task).DistinctBy(t => t.Name))
        {
            console.MarkupLineInterpolated($"scaffold expected for {task.Name}: {TaskRegistry.Scaffold(task).Expectation}");
        }
        console.MarkupLineInterpolated($"fixed points of {results.Count} networks in {study.Root} (networks/<id>/fixedpoints.json{(outcome.Shard is not { } shard ? ", tables/fixedpoints.csv, tables/fixedpoints.parquet" : $"; shard {shard}: the study-wide table is written by the merge")})");
    }

    internal static Table Summary(IReadOnlyList<(NetworkConfig Config, FixedPointReport Report)> results)
    {
        var table = new Table().AddColumns("task", "cell", "activation", "networks", "median points", "median stable fixed", "expected scaffold");
        foreach (var group in results.GroupBy(r => (r.Config.Task.Name, r.Config.Cell, r.Config.Activation)))
        {
            var task = group.First().Config.Task;
            var points = group.Select(r => (double)r.Report.Conditions.Sum(c => c.Points.Count)).Order().ToArray();
            var stable = group.Select(r => (double)r.Report.Conditions.Sum(c => c.Points.Count(p => p.IsStable))).Order().ToArray();
            table.AddRow(
                group.Key.Name,
                group.Key.Cell.ToString().ToLowerInvariant(),
                group.Key.Activation.ToString().ToLowerInvariant(),
                group.Count().ToString(CultureInfo.InvariantCulture),
                points[points.Length / 2].ToString(CultureInfo.InvariantCulture),
                stable[stable.Length / 2].ToString(CultureInfo.InvariantCulture),
                $"{group.Count(r => TaskRegistry.Scaffold(task).Holds(r.Report))}/{group.Count()}");
        }
        return table;
    }
}

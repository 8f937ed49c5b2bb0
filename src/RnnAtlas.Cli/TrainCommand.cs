using System.Globalization;
using RnnAtlas.Numerics;
using RnnAtlas.Populations;
using RnnAtlas.Studies;
using RnnAtlas.Studies.Analyses;
using RnnAtlas.Studies.Configuration;
using RnnAtlas.Studies.Stages;
using RnnAtlas.Training;
using Spectre.Console;
using Spectre.Console.Cli;

namespace RnnAtlas.Cli;

/// <summary><c>rnnatlas train</c>: expand the sweep, train unfinished networks into the study folder, print a summary.</summary>
internal sealed class TrainCommand : Command<TrainSettings>
{
    private readonly IAnsiConsole _console;

    public TrainCommand()
        : this(AnsiConsole.Console)
    {
    }

    public TrainCommand(IAnsiConsole console) => _console = console;

    public override int Execute(CommandContext context, TrainSettings settings, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(settings.Out))
        {
            throw new InvalidConfigurationException("--out", "(missing)", "a study folder is required, e.g. --out studies/flipflop");
        }
        var (sweep, analysis) = SweepOptions.Resolve(settings);
        var threads = Flags.Threads(settings.Threads);
        var shard = settings.ParsedShard;
        var study = Create(settings.Out, sweep, analysis);
        new StageView(_console, study).Show(new StudyPipeline([StudyPipeline.Train(study, sweep, threads, shard)]), cancellationToken);
        return ExitCodes.Ok;
    }

    /// <summary>The training summary: a table per cell, the failed networks with their reasons, the pass count.</summary>
    internal static void Render(IAnsiConsole console, StudyFolder study, TrainingOutcome outcome)
    {
        foreach (var search in outcome.Searches)
        {
            var best = search.Best;
            console.MarkupLineInterpolated(CultureInfo.InvariantCulture,
                $"search {search.Name}: {search.Choice} of {search.Samples.Count} samples (sample {best.SearchSample}, validation NMSE {search.BestNmse:0.0000}): learning rate {best.LearningRate:0.###e0}, clip {best.Training.GradientClipNorm:0.###}, decay rate {best.Training.DecayRate:0.###}, momentum {best.Training.Momentum:0.###}");
        }
        if (outcome.Searches.Count > 0)
        {
            console.MarkupLineInterpolated($"search tables: {Path.Combine(study.Root, SearchResult.Folder)}");
        }
        var trained = outcome.Networks.Where(r => r.Config.Snapshot is null).ToList();
        console.Write(Summary(trained));
        foreach (var failed in trained.Where(r => r.Metrics.Status == TrainingStatus.Failed))
        {
            console.MarkupLineInterpolated($"[yellow]failed[/] {failed.Config.Id.Value}: {failed.Metrics.Reason}");
        }
        var passed = trained.Count(r => r.Metrics.Status == TrainingStatus.Passed);
        var snapshots = outcome.Networks.Count - trained.Count;
        console.MarkupLineInterpolated($"{passed}/{trained.Count} networks passed their criterion{(snapshots > 0 ? $", plus {snapshots} training snapshots" : "")}{(outcome.Shard is { } shard ? $" (shard {shard})" : "")}; study in {study.Root}");
    }

    /// <summary>Creates or opens the study at <paramref name="folder"/>, turning file-system failures into a bad-input error.</summary>
    internal static StudyFolder Create(string folder, Populations.Sweep? sweep, AnalysisOptions? analysis)
    {
        try
        {
            return StudyFolder.CreateOrOpen(folder, sweep, analysis);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UnwritableFolderException(folder, e);
        }
    }

    internal static Table Summary(IReadOnlyList<TrainedNetwork> results)
    {
        var table = new Table().AddColumns("task", "cell", "activation", "passed", "failed", "median held-out NMSE", "median iterations");
        foreach (var group in results.GroupBy(r => (r.Config.Task.Name, r.Config.Cell, r.Config.Activation)))
        {
            var nmse = Median.Of(group.Select(r => r.Metrics.HeldOutNmse));
            var iterations = Median.Of(group.Select(r => (double)r.Metrics.Iterations));
            table.AddRow(
                group.Key.Name,
                group.Key.Cell.ToString().ToLowerInvariant(),
                group.Key.Activation.ToString().ToLowerInvariant(),
                group.Count(r => r.Metrics.Status == TrainingStatus.Passed).ToString(CultureInfo.InvariantCulture),
                group.Count(r => r.Metrics.Status == TrainingStatus.Failed).ToString(CultureInfo.InvariantCulture),
                nmse.ToString("0.0000", CultureInfo.InvariantCulture),
                iterations.ToString("0", CultureInfo.InvariantCulture));
        }
        return table;
    }
}

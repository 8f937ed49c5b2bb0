using System.Globalization;
using RnnAtlas.Similarity;
using RnnAtlas.Statistics;
using RnnAtlas.Studies;
using RnnAtlas.Studies.Analyses;
using RnnAtlas.Studies.Stages;
using Spectre.Console;
using Spectre.Console.Cli;

namespace RnnAtlas.Cli;

/// <summary><c>rnnatlas compare DIR</c>: all-pairs representational distances, embeddings and label statistics per task.</summary>
internal sealed class CompareCommand : Command<CompareSettings>
{
    private const int ExternalRows = 10;
    private readonly IAnsiConsole _console;

    public CompareCommand()
        : this(AnsiConsole.Console)
    {
    }

    public CompareCommand(IAnsiConsole console) => _console = console;

    public override int Execute(CommandContext context, CompareSettings settings, CancellationToken cancellationToken)
    {
        var study = StudyFolder.Open(settings.Study);
        var options = study.Analysis.Compare;
        if (settings.Metrics is { } metrics)
        {
            options = options with { Metrics = metrics.Split(',') };
        }
        if (settings.Stages is { } stages)
        {
            options = options with { Stages = [.. stages.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)] };
        }
        if (settings.Stride is { } stride)
        {
            options = options with { Stride = Flags.Integer(stride, "--stride") };
        }
        ActivityMatrix? external = null;
        if (settings.Activity is { } file)
        {
            try
            {
                external = ActivityMatrix.Read(file);
            }
            catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
            {
                throw new BadInputFileException("--activity", e);
            }
        }
        var compare = new StudyPipeline([StudyPipeline.Compare(study, options, Flags.Threads(settings.Threads), external)]);
        try
        {
            new StageView(_console, study).Show(compare, cancellationToken);
        }
        catch (InvalidDataException e) when (external is not null && e.Message.StartsWith(external.Source, StringComparison.Ordinal))
        {
            throw new BadInputFileException("--activity", e);
        }
        return ExitCodes.Ok;
    }

    /// <summary>Per task: the statistics table, the findings in words, geometry versus function, the external activity's closest networks.</summary>
    internal static void Render(IAnsiConsole console, ComparisonOutcome outcome)
    {
        foreach (var task in outcome.Tasks)
        {
            console.MarkupLineInterpolated($"[bold]{Path.GetFileName(task.Folder)}[/]: {task.Networks.Count} passing networks, {task.ComputedPairs} pairs computed in this run");
            foreach (var skipped in task.Skipped)
            {
                console.MarkupLineInterpolated($"[yellow]skipped[/] {skipped}");
            }
            console.Write(StatisticsTable(task));
            foreach (var sentence in Findings(task))
            {
                console.WriteLine(sentence);
            }
            console.Write(DissociationTable(task.Dissociation));
            console.WriteLine(task.Dissociation.Finding);
            if (task.External is { } ext)
            {
                console.Write(ExternalTable(task, ext));
            }
            console.MarkupLineInterpolated($"written to {task.Folder} (networks.csv, distances_<metric>.npy, distances_behaviour.npy, distances_performance.npy, embedding_<metric>.csv, stats.json, dissociation.json, compare.json)");
        }
    }

    internal static Table StatisticsTable(TaskComparison task)
    {
        var table = new Table().AddColumns("metric", "label", "k-NN accuracy", "chance", "silhouette", "p (permutation)");
        foreach (var metric in task.Metrics)
        {
            foreach (var s in metric.Separations)
            {
                table.AddRow(metric.Metric.Name, s.Label, F(s.NearestNeighbourAccuracy), F(s.Chance), F(s.Silhouette), s.PValue.ToString("0.####", CultureInfo.InvariantCulture));
            }
        }
        return table;
    }

    /// <summary>One plain sentence per label: which metrics separate it (k-NN accuracy above chance at p &lt; 0.05).</summary>
    internal static IEnumerable<string> Findings(TaskComparison task)
    {
        foreach (var label in task.Metrics.SelectMany(m => m.Separations).Select(s => s.Label).Distinct())
        {
            var rows = task.Metrics.Select(m => (m.Metric.Name, Separation: m.Separations.Single(s => s.Label == label))).ToList();
            var chance = rows[0].Separation.Chance;
            var separating = rows.Where(r => Separates(r.Separation)).Select(r => $"{r.Name} {F(r.Separation.NearestNeighbourAccuracy)}").ToList();
            var not = rows.Where(r => !Separates(r.Separation)).Select(r => $"{r.Name} {F(r.Separation.NearestNeighbourAccuracy)}").ToList();
            yield return separating.Count == 0
                ? $"no metric separates {label} (k-NN accuracy {string.Join(", ", not)} vs {F(chance)} chance)"
                : $"{label} is separated by {string.Join(", ", separating)} k-NN accuracy vs {F(chance)} chance" + (not.Count > 0 ? $"; not by {string.Join(", ", not)}" : "");
        }
    }

    internal static Table DissociationTable(DissociationReport report)
    {
        var table = new Table().Title("geometry vs function (dissociation.json)").AddColumns("geometry", "function", "Spearman", "95% CI", "discordant share");
        foreach (var c in report.Correlations)
        {
            table.AddRow(c.Geometry, c.Function, F(c.Spearman), $"{F(c.Low)} to {F(c.High)}", F(c.DiscordantShare));
        }
        return table;
    }

    private static bool Separates(LabelSeparation s) => s.PValue < 0.05 && s.NearestNeighbourAccuracy > s.Chance;

    private static Table ExternalTable(TaskComparison task, ExternalComparison external)
    {
        var table = new Table().Title($"closest networks to {Markup.Escape(external.Source)}").AddColumn("rank").AddColumn("network");
        foreach (var metric in task.Metrics)
        {
            table.AddColumn($"{metric.Metric.Name} distance");
        }
        var order = Enumerable.Range(0, task.Networks.Count).OrderBy(i => external.Distances[0][i]).Take(ExternalRows).ToList();
        for (var r = 0; r < order.Count; r++)
        {
            table.AddRow([(r + 1).ToString(CultureInfo.InvariantCulture), task.Networks[order[r]].Id.Value, .. external.Distances.Select(d => F(d[order[r]]))]);
        }
        return table;
    }

    private static string F(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);
}

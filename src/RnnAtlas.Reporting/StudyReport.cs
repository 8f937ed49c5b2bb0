using System.Globalization;
using System.Net;
using System.Text;
using RnnAtlas.Reporting.Recipes;
using RnnAtlas.Storage;
using RnnAtlas.Studies;
using RnnAtlas.Studies.Stages;
using RnnAtlas.Training;

namespace RnnAtlas.Reporting;

/// <summary>
/// <c>report/index.html</c> of a study: a static page (no scripts, no network access) laid out like the paper, per task —
/// the headline findings in words, the example trial, training outcomes, trajectories with fixed points, the geometry
/// (distance matrix, embeddings, statistics) and the scaffold — with every figure also in <c>report/figures/</c> as
/// PNG and SVG. Built from the files of the study; stages that have not run leave their sections out.
/// </summary>
public static class StudyReport
{
    /// <summary>Every figure recipe, in page order within each section.</summary>
    public static IReadOnlyList<IFigureRecipe> Recipes { get; } =
        [new ExampleTrialRecipe(), new TrainingRecipe(), new TrajectoriesRecipe(), new GeometryRecipe(), new FixedPointGraphRecipe(), new OscillationRecipe(), new LineAttractorRecipe(), new DelayedDiscriminationRecipe(), new DissociationRecipe(), new OverTrainingRecipe()];

    /// <summary>Writes the report of <paramref name="study"/>; returns the path of index.html.</summary>
    public static string Build(StudyFolder study, IProgress<StageProgress>? progress)
    {
        ArgumentNullException.ThrowIfNull(study);
        var folder = Path.Combine(study.Root, "report");
        var figures = Path.Combine(folder, "figures");
        Directory.CreateDirectory(figures);
        var tasks = TaskData.Load(study);
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>RnnAtlas report: {E(Path.GetFileName(study.Root))}</title>
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <style>
            body {"{"} font-family: "DejaVu Sans", Helvetica, Arial, sans-serif; margin: 2em auto; max-width: 1400px; color: #222; padding: 0 1em; {"}"}
            h1 {"{"} font-size: 1.6em; {"}"} h2 {"{"} border-bottom: 2px solid #ccc; margin-top: 2em; {"}"} h3 {"{"} margin-top: 1.5em; {"}"}
            .findings {"{"} background: #f3f6fb; border-left: 4px solid #4169e1; padding: 0.6em 1em; {"}"}
            .figures {"{"} display: flex; flex-wrap: wrap; gap: 1em; {"}"}
            figure {"{"} margin: 0; max-width: 660px; {"}"} figcaption {"{"} font-size: 0.85em; color: #555; {"}"}
            img {"{"} max-width: 100%; height: auto; border: 1px solid #eee; {"}"}
            table {"{"} border-collapse: collapse; margin: 0.5em 0; font-size: 0.9em; {"}"}
            td, th {"{"} border: 1px solid #ccc; padding: 0.25em 0.6em; text-align: right; {"}"} th {"{"} background: #f5f5f5; {"}"}
            td:first-child, th:first-child {"{"} text-align: left; {"}"}
            </style></head><body>
            <h1>RnnAtlas report: {E(Path.GetFileName(study.Root))}</h1>
            <p>Study folder <code>{E(study.Root)}</code>; {tasks.Sum(t => t.Trained.Count)} trained networks, {tasks.Sum(t => t.Trained.Count(n => n.Metrics.Status == TrainingStatus.Passed))} passing, {tasks.Sum(t => t.Members.Count)} analysed (with snapshots), in {tasks.Count} task(s).{Unfinished(study)} Generated {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC by <code>rnnatlas report</code>. Every figure is also in <code>report/figures/</code> as PNG and SVG; the numbers behind it are in <code>analysis/</code> and <code>networks/</code>.</p>

            """);
        progress?.Report(Progress(tasks.Count, 0, null));
        foreach (var (task, written) in tasks.Select((t, i) => (t, i + 1)))
        {
            html.Append(CultureInfo.InvariantCulture, $"<h2 id=\"{E(task.Name)}\">{E(task.Name)}</h2>\n");
            var findings = Findings.Of(task);
            if (findings.Count > 0)
            {
                html.Append("<div class=\"findings\">").Append(string.Concat(findings.Select(f => $"<p>{E(f)}</p>"))).Append("</div>\n");
            }
            var rendered = Recipes.SelectMany(r => r.Render(task).Select(f => (r.Section, Figure: f))).ToList();
            foreach (var section in Enum.GetValues<ReportSection>())
            {
                var inSection = rendered.Where(r => r.Section == section).Select(r => r.Figure).ToList();
                var table = section switch
                {
                    ReportSection.Training => TrainingTable(task),
                    ReportSection.Geometry => StatisticsTable(task),
                    ReportSection.Function => DissociationTable(task),
                    _ => "",
                };
                if (inSection.Count == 0 && table.Length == 0)
                {
                    continue;
                }
                html.Append(CultureInfo.InvariantCulture, $"<h3>{Heading(section)}</h3>\n").Append(table).Append("<div class=\"figures\">\n");
                foreach (var figure in inSection)
                {
                    figure.Save(figures);
                    html.Append(CultureInfo.InvariantCulture, $"<figure><img src=\"figures/{E(figure.Name)}.png\" width=\"{figure.Width}\" height=\"{figure.Height}\" alt=\"{E(figure.Title)}\"><figcaption><b>{E(figure.Title)}.</b> {E(figure.Caption)} (<a href=\"figures/{E(figure.Name)}.svg\">SVG</a>)</figcaption></figure>\n");
                }
                html.Append("</div>\n");
            }
            progress?.Report(Progress(tasks.Count, written, $"{task.Name}: section and figures written"));
        }
        html.Append("</body></html>\n");
        var index = Path.Combine(folder, "index.html");
        AtomicFile.WriteText(index, html.ToString());
        return index;
    }

    /// <summary>The report's progress: one work unit per task section.</summary>
    private static StageProgress Progress(int tasks, int written, string? last) => new(tasks, 0, written, written, tasks, $"{written}/{tasks} task sections", last);

    private static string Heading(ReportSection section) => section switch
    {
        ReportSection.Task => "Task",
        ReportSection.Training => "Training",
        ReportSection.Dynamics => "Dynamics: trajectories and fixed points",
        ReportSection.Geometry => "Representational geometry",
        ReportSection.Scaffold => "Computational scaffold",
        _ => "Geometry versus function",
    };

    private static string TrainingTable(TaskData task)
    {
        if (task.Trained.Count == 0)
        {
            return "";
        }
        var rows = task.Trained.GroupBy(t => (t.Config.Cell, t.Config.Activation)).OrderBy(g => g.Key).Select(g =>
        {
            var nmse = g.Select(t => t.Metrics.HeldOutNmse).Order().ToArray();
            return string.Create(CultureInfo.InvariantCulture, $"<tr><td>{g.Key.Cell.ToString().ToLowerInvariant()} / {g.Key.Activation.ToString().ToLowerInvariant()}</td><td>{g.Count(t => t.Metrics.Status == TrainingStatus.Passed)} / {g.Count()}</td><td>{nmse[nmse.Length / 2]:0.0000}</td></tr>");
        });
        var imported = task.Trained.Where(t => t.Config.Import is not null).Select(t => string.Create(CultureInfo.InvariantCulture,
            $"<tr><td>{E(t.Config.Id.Value)}</td><td>{E(t.Config.Import!.Source)}</td><td><code>{E(t.Config.Import.Sha256[..12])}</code></td><td>{t.Metrics.HeldOutNmse:0.0000}</td><td>{(t.Metrics.Status == TrainingStatus.Passed ? "passed" : "failed")}</td></tr>")).ToList();
        var importedTable = imported.Count == 0 ? "" : $"<p>{imported.Count} of these networks were trained elsewhere and imported (<code>rnnatlas import</code>); they are counted above with the cells they use:</p><table><tr><th>imported network</th><th>weight file</th><th>SHA-256</th><th>held-out NMSE</th><th>status</th></tr>{string.Concat(imported)}</table>\n";
        return $"<p>Pass criterion: held-out normalized MSE ≤ {task.Task.Criterion.ToString(CultureInfo.InvariantCulture)}.</p><table><tr><th>cell / activation</th><th>passed</th><th>median held-out NMSE</th></tr>{string.Concat(rows)}</table>\n{importedTable}";
    }

    private static string StatisticsTable(TaskData task)
    {
        if (task.Statistics.Count == 0)
        {
            return "";
        }
        var rows = task.Statistics.SelectMany(s => s.Separations.Select(l => string.Create(CultureInfo.InvariantCulture,
            $"<tr><td>{E(s.Metric)}</td><td>{E(l.Label)}</td><td>{l.NearestNeighbourAccuracy:0.000}</td><td>{l.Neighbours}</td><td>{l.Chance:0.000}</td><td>{l.Silhouette:0.000}</td><td>{l.PValue:0.####}</td><td>{l.Permutations}</td></tr>")));
        return $"<p>How well each distance separates the labels: leave-one-out k-NN accuracy with the k it used (the configured k, or the smallest class size − 1 when that is smaller), the most common label's share (chance), the silhouette score, and the permutation-test p-value of the accuracy with the number of seeded label shuffles — each as recorded in the analysis files.</p><table><tr><th>distance</th><th>label</th><th>k-NN accuracy</th><th>k</th><th>chance</th><th>silhouette</th><th>p</th><th>shuffles</th></tr>{string.Concat(rows)}</table>\n";
    }

    private static string DissociationTable(TaskData task)
    {
        if (task.Dissociation is not { } d || d.Correlations.Count == 0)
        {
            return "";
        }
        var rows = d.Correlations.Select(c => double.IsFinite(c.Spearman)
            ? string.Create(CultureInfo.InvariantCulture,
                $"<tr><td>{E(c.Geometry)}</td><td>{E(c.Function)}</td><td>{c.Spearman:0.00}</td><td>{c.Low:0.00} to {c.High:0.00}</td><td>{c.DiscordantShare:0.00}</td><td>{c.Pairs}</td></tr>")
            : $"<tr><td>{E(c.Geometry)}</td><td>{E(c.Function)}</td><td colspan=\"3\">not enough networks</td><td>{c.Pairs}</td></tr>");
        var stages = string.Join(", ", d.Stages.Select(s => $"{s.Value} {s.Key}"));
        return $"<div class=\"findings\"><p>{E(d.Finding)}</p></div><p>Networks: {E(stages)}. Rank correlation (Spearman) of each geometry distance with each function distance over all pairs, its 95% bootstrap interval (networks resampled), and the discordant share: of all comparisons between a functionally different pair and a functionally close pair (split at the median function distance), the share in which the different pair is geometrically closer — 0.5 means geometry says nothing about function.</p><table><tr><th>geometry</th><th>function</th><th>Spearman</th><th>95% CI</th><th>discordant</th><th>pairs</th></tr>{string.Concat(rows)}</table>\n";
    }

    /// <summary>A warning sentence when planned networks have not finished training (a partial merge), else empty.</summary>
    private static string Unfinished(StudyFolder study)
    {
        var unfinished = study.Unfinished();
        return unfinished.Count == 0 ? "" : $" <strong>Incomplete: {unfinished.Count} of {study.Planned().Count} planned networks have not finished training and are missing from every table and figure.</strong>";
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}

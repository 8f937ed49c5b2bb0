using ScottPlot;

namespace RnnAtlas.Reporting.Recipes;

/// <summary>
/// Geometry versus function: for every pair of networks, the SVCCA distance against each function distance
/// (behaviour, topology), coloured by pair type — trained–trained of the same cell, of different cells, and
/// trained–untrained — the paper's warning that representational similarity and function can dissociate; and, per
/// similarity metric (geometry and DSA), its Spearman correlation with the scaffold and behavioural distances with the
/// bootstrap interval: which similarity tracks the scaffold.
/// </summary>
public sealed class DissociationRecipe : IFigureRecipe
{
    private static readonly string[] PairTypes = ["trained–trained, same cell", "trained–trained, different cells", "trained–untrained", "snapshot–snapshot"];

    /// <inheritdoc />
    public ReportSection Section => ReportSection.Function;

    /// <inheritdoc />
    public IReadOnlyList<Figure> Render(TaskData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var figures = new List<Figure>();
        if (data.Distances.TryGetValue("svcca", out var geometry))
        {
            figures.AddRange(new[] { "behaviour", "topology" }.Where(data.Distances.ContainsKey).Select(function => Scatter(data, geometry, function)));
        }
        if (data.Dissociation is { } report && report.Correlations.Any(c => c.Function == "topology"))
        {
            figures.Add(Tracking(data, report));
        }
        return figures;
    }

    /// <summary>Every metric's Spearman correlation with the topology and behavioural distances, with its 95% bootstrap interval.</summary>
    private static Figure Tracking(TaskData data, Studies.Analyses.DissociationReport report)
    {
        var metrics = report.Correlations.Select(c => c.Geometry).Distinct().ToList();
        var plot = FigureStyle.Create($"{data.Task.Name}: which similarity tracks the scaffold", "similarity metric", "Spearman correlation");
        string[] functions = ["topology", "behaviour"];
        for (var f = 0; f < functions.Length; f++)
        {
            var rows = metrics.Select((m, i) => (i, Entry: report.Correlations.FirstOrDefault(c => c.Geometry == m && c.Function == functions[f]))).Where(r => r.Entry is not null).ToList();
            if (rows.Count == 0)
            {
                continue;
            }
            var offset = f == 0 ? -0.12 : 0.12;
            var points = plot.Add.ScatterPoints(rows.Select(r => r.i + offset).ToArray(), rows.Select(r => r.Entry!.Spearman).ToArray());
            points.Color = FigureStyle.Category(f);
            points.MarkerSize = 9;
            points.LegendText = functions[f] == "topology" ? "vs scaffold (topology) distance" : "vs behavioural distance";
            foreach (var (i, entry) in rows)
            {
                var bar = plot.Add.Line(i + offset, entry!.Low, i + offset, entry.High);
                bar.Color = FigureStyle.Category(f).WithAlpha(0.6);
            }
        }
        var zero = plot.Add.HorizontalLine(0);
        zero.Color = Colors.Gray;
        zero.LinePattern = LinePattern.Dotted;
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual([.. metrics.Select((m, i) => new Tick(i, m))]);
        plot.ShowLegend(Alignment.UpperRight);
        return new Figure($"{data.Name}-similarity-vs-scaffold", "Which similarity tracks the scaffold",
            $"Spearman rank correlation, over all pairs of networks, between each similarity metric's distance (geometry: SVCCA … CCA shape; dynamics: dsa, dsa-spectrum) and the scaffold (topology) and behavioural distances; bars: 95% bootstrap interval over networks. From analysis/{data.Name}/dissociation.json.",
            plot, 640, 420);
    }

    /// <summary>The pair type of networks <paramref name="a"/> and <paramref name="b"/> (an index into the legend).</summary>
    internal static int PairType(Training.NetworkConfig a, Training.NetworkConfig b) => (a.Snapshot, b.Snapshot) switch
    {
        (null, null) => a.Cell == b.Cell ? 0 : 1,
        (null, 0) or (0, null) => 2,
        _ => 3,
    };

    private static Figure Scatter(TaskData data, Similarity.DistanceMatrix geometry, string function)
    {
        var matrix = data.Distances[function];
        var behaviour = function == "behaviour";
        var plot = FigureStyle.Create($"{data.Task.Name}: SVCCA vs {function} distance", "SVCCA distance", behaviour ? "log10 behavioural distance" : "topology distance");
        var members = data.Members;
        for (var type = 0; type < PairTypes.Length; type++)
        {
            var pairs = (from i in Enumerable.Range(0, members.Count)
                         from j in Enumerable.Range(i + 1, members.Count - i - 1)
                         where PairType(members[i], members[j]) == type
                         select (i, j)).ToList();
            if (pairs.Count == 0)
            {
                continue;
            }
            var points = plot.Add.ScatterPoints(
                pairs.Select(p => geometry[p.i, p.j]).ToArray(),
                pairs.Select(p => behaviour ? Math.Log10(matrix[p.i, p.j] + 1e-4) : matrix[p.i, p.j]).ToArray());
            points.Color = FigureStyle.Category(type).WithAlpha(0.7);
            points.MarkerSize = 5;
            points.LegendText = PairTypes[type];
        }
        plot.ShowLegend(Alignment.UpperLeft);
        var caption = behaviour
            ? "Each dot is a pair of networks: SVCCA distance of their activity against the normalized squared difference of their outputs on the probe trials (log scale, +1e-4)."
            : "Each dot is a pair of networks: SVCCA distance against the distance between their computational scaffolds.";
        return new Figure($"{data.Name}-geometry-vs-{function}", $"Geometry vs {function}", caption, plot, 560, 440);
    }
}

using RnnAtlas.Studies.Analyses;
using ScottPlot;

namespace RnnAtlas.Reporting.Recipes;

/// <summary>
/// Representational geometry: the SVCCA distance matrix (networks sorted by cell and activation, as their ids are),
/// and the SMACOF embeddings of each geometry metric, of the dynamical (DSA) distance and of the topology distance,
/// coloured by cell and by activation — the paper's Fig. 2 MDS panels next to the dynamics' and the scaffold's.
/// </summary>
public sealed class GeometryRecipe : IFigureRecipe
{
    private static readonly string[] Embedded = ["svcca", "procrustes", "cka", "dsa", "topology"];

    /// <inheritdoc />
    public ReportSection Section => ReportSection.Geometry;

    /// <inheritdoc />
    public IReadOnlyList<Figure> Render(TaskData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var figures = new List<Figure>();
        if (data.Distances.TryGetValue("svcca", out var svcca))
        {
            var n = svcca.Count;
            var values = new double[n, n];
            for (var i = 0; i < n; i++)
            {
                for (var j = 0; j < n; j++)
                {
                    values[i, j] = svcca[i, j];
                }
            }
            var plot = FigureStyle.Create($"{data.Task.Name}: SVCCA distance", "network", "network");
            var heatmap = plot.Add.Heatmap(values);
            heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
            plot.Add.ColorBar(heatmap);
            var groups = data.Members.Select((c, i) => (c, i)).GroupBy(x => $"{x.c.Cell.ToString().ToLowerInvariant()} {x.c.Activation.ToString().ToLowerInvariant()}").ToList();
            plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual([.. groups.Select(g => new Tick(g.Average(x => x.i), g.Key.Replace(' ', '\n')))]);
            plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual([.. groups.Select(g => new Tick(n - 1 - g.Average(x => x.i), g.Key))]);
            figures.Add(new Figure($"{data.Name}-svcca-heatmap", "SVCCA distance matrix", "1 − mean canonical correlation of the top principal components (99% of variance, at most 20) between every pair of networks, sorted by cell and activation.", plot, 640, 560));
        }
        foreach (var name in Embedded.Where(data.Embeddings.ContainsKey))
        {
            foreach (var label in new[] { "cell", "activation", "stage" }.Where(l => data.Members.Select(c => Label(c, l)).Distinct().Count() > 1))
            {
                figures.Add(Embedding(data, name, label));
            }
        }
        return figures;
    }

    private static string Label(Training.NetworkConfig config, string label) => label == "stage" ? config.Stage : AnalysisFolder.Label(config, label);

    private static Figure Embedding(TaskData data, string name, string label)
    {
        var embedding = data.Embeddings[name];
        var values = data.Members.Select(c => Label(c, label)).ToArray();
        var plot = FigureStyle.Create($"{name}: coloured by {label}", "MDS 1", "MDS 2");
        var classes = values.Distinct().Order(StringComparer.Ordinal).ToList();
        for (var k = 0; k < classes.Count; k++)
        {
            var members = Enumerable.Range(0, values.Length).Where(i => values[i] == classes[k]).ToList();
            var points = plot.Add.ScatterPoints(members.Select(i => embedding[i].Smacof[0]).ToArray(), members.Select(i => embedding[i].Smacof[1]).ToArray());
            points.Color = FigureStyle.Category(k);
            points.MarkerSize = 9;
            points.LegendText = classes[k];
        }
        plot.ShowLegend(Alignment.UpperRight);
        var what = name == "topology" ? "scaffold (topology) distance" : $"{name} distance";
        return new Figure($"{data.Name}-mds-{name}-{label}", $"MDS of the {what}, by {label}", $"Metric MDS (SMACOF) of the {what} between networks, coloured by {label}.", plot, 420, 380);
    }
}

using RnnAtlas.Studies.Scaffolds;
using RnnAtlas.Topology;
using ScottPlot;

namespace RnnAtlas.Reporting.Recipes;

/// <summary>
/// The fixed-point graph (the flip-flop's, or the first condition's of a task of your own) of an example network per cell (two at most; nodes on the
/// trajectories' principal components, saddles' unstable manifolds as edges).
/// </summary>
public sealed class FixedPointGraphRecipe : IFigureRecipe
{
    /// <inheritdoc />
    public ReportSection Section => ReportSection.Scaffold;

    /// <inheritdoc />
    public IReadOnlyList<Figure> Render(TaskData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var graphs = data.ScaffoldsOf<IFixedPointGraphReport>().ToDictionary(x => x.Config.Id.Value, x => x.Report);
        return [.. data.ExamplePerCell().Where(c => graphs.ContainsKey(c.Id.Value)).Take(2).Select(c => Graph(data, c, graphs[c.Id.Value]))];
    }

    private static Figure Graph(TaskData data, Training.NetworkConfig example, IFixedPointGraphReport scaffold)
    {
        var graph = scaffold.Graph;
        var (pca, _, _, _) = TrajectoriesRecipe.Pca(data, example);
        var report = data.FixedPoints[example.Id.Value];
        var states = report.Conditions[0].Points.ToDictionary(p => p.Index, p => pca.Project(p.State, 2));
        var cell = example.Cell.ToString().ToLowerInvariant();
        var plot = FigureStyle.Create($"fixed-point graph: {cell} ({example.Activation.ToString().ToLowerInvariant()})", "PC 1", "PC 2");
        foreach (var edge in graph.Edges.Where(e => e.Kind == TransitionKind.UnstableManifold && e.To is not null))
        {
            var from = states[graph.Nodes[edge.From].Point];
            var to = states[graph.Nodes[edge.To!.Value].Point];
            var line = plot.Add.Line(from[0], from[1], to[0], to[1]);
            line.Color = Colors.DarkOrange.WithAlpha(0.6);
            line.LineWidth = 1.5f;
        }
        foreach (var node in graph.Nodes)
        {
            var at = states[node.Point];
            var marker = plot.Add.Marker(at[0], at[1]);
            marker.Color = FigureStyle.Stability(node.UnstableDimensions);
            marker.Size = node.Pattern is null ? 7 : 11;
            if (node.Pattern is { } pattern)
            {
                var text = plot.Add.Text(pattern, at[0], at[1]);
                text.LabelFontSize = 11;
                text.LabelFontName = "DejaVu Sans Mono";
                text.OffsetY = -10;
            }
        }
        var automaton = scaffold switch
        {
            FlipFlopGraphReport { Automaton: true } => " Its input transitions are exactly the flip-flop automaton.",
            FlipFlopGraphReport => " Its input transitions are not the flip-flop automaton.",
            _ => " The graph at the task's first analysis condition.",
        };
        return new Figure($"{data.Name}-graph-{cell}", $"Fixed-point graph: {cell}",
            $"{example.Id.Value}: stable points (blue, labelled by the readout's signs) and saddles (orange/red); lines follow each saddle's unstable manifold to the stable point it reaches.{automaton}", plot, 480, 420);
    }
}

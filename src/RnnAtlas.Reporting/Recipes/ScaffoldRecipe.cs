using RnnAtlas.Topology;
using ScottPlot;

namespace RnnAtlas.Reporting.Recipes;

/// <summary>
/// The computational scaffold by task: the flip-flop's fixed-point graph of an example network (nodes on the
/// trajectories' principal components, saddles' unstable manifolds as edges); the sine wave's linearized and measured
/// frequencies against the target (Fig. 3c); the integration task's eigenvalue spectra and mode-truncation curves
/// (Fig. 3e–f).
/// </summary>
public sealed class ScaffoldRecipe : IFigureRecipe
{
    /// <inheritdoc />
    public ReportSection Section => ReportSection.Scaffold;

    /// <inheritdoc />
    public IReadOnlyList<Figure> Render(TaskData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var reports = data.Members.Where(c => data.Scaffolds.ContainsKey(c.Id.Value)).Select(c => (Config: c, Report: data.Scaffolds[c.Id.Value])).ToList();
        if (reports.Count == 0)
        {
            return [];
        }
        if (reports[0].Report.Graph is not null)
        {
            return [.. data.ExamplePerCell().Where(c => data.Scaffolds.ContainsKey(c.Id.Value)).Take(2).Select(c => Graph(data, c, data.Scaffolds[c.Id.Value].Graph!))];
        }
        return reports[0].Report.Oscillations is not null ? [Frequencies(data, reports)] : LineAttractors(data, reports);
    }

    private static Figure Graph(TaskData data, Training.NetworkConfig example, FixedPointGraph graph)
    {
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
        var automaton = data.Scaffolds[example.Id.Value].Automaton == true ? "Its input transitions are exactly the flip-flop automaton." : "Its input transitions are not the flip-flop automaton.";
        return new Figure($"{data.Name}-graph-{cell}", $"Fixed-point graph: {cell}",
            $"{example.Id.Value}: stable points (blue, labelled by the readout's signs) and saddles (orange/red); lines follow each saddle's unstable manifold to the stable point it reaches. {automaton}", plot, 480, 420);
    }

    private static Figure Frequencies(TaskData data, List<(Training.NetworkConfig Config, Studies.ScaffoldReport Report)> reports)
    {
        var plot = FigureStyle.Create($"{data.Task.Name}: frequency vs target", "target frequency (cycles/step)", "frequency (cycles/step)");
        var all = reports.SelectMany(r => r.Report.Oscillations!).ToList();
        var targets = all.Select(o => o.TargetFrequency).ToArray();
        var diagonal = plot.Add.Line(targets.Min(), targets.Min(), targets.Max(), targets.Max());
        diagonal.Color = Colors.Black;
        diagonal.LinePattern = LinePattern.Dashed;
        var predicted = all.Where(o => double.IsFinite(o.Cycle.PredictedFrequency)).ToList();
        var linear = plot.Add.ScatterPoints(predicted.Select(o => o.TargetFrequency).ToArray(), predicted.Select(o => o.Cycle.PredictedFrequency).ToArray());
        linear.Color = FigureStyle.Category(1);
        linear.MarkerShape = MarkerShape.OpenCircle;
        linear.MarkerSize = 9;
        linear.LegendText = "linearization |arg λ|/2π";
        var measured = all.Where(o => o.Cycle.Found).ToList();
        var cycles = plot.Add.ScatterPoints(measured.Select(o => o.TargetFrequency).ToArray(), measured.Select(o => o.Cycle.MeasuredFrequency).ToArray());
        cycles.Color = FigureStyle.Category(0);
        cycles.MarkerSize = 6;
        cycles.LegendText = "limit cycle (simulated)";
        plot.ShowLegend(Alignment.UpperLeft);
        return new Figure($"{data.Name}-frequencies", "Oscillation frequencies",
            $"For every network and static input: the frequency predicted by the linearization at the input-dependent fixed point (open) and that of the limit cycle found by simulation (filled), against the target; {measured.Count} of {all.Count} inputs have a limit cycle.", plot, 520, 420);
    }

    private static List<Figure> LineAttractors(TaskData data, List<(Training.NetworkConfig Config, Studies.ScaffoldReport Report)> reports)
    {
        var spectrum = FigureStyle.Create($"{data.Task.Name}: eigenvalue spectra on the line", "mode (sorted by |λ|)", "|λ|");
        var truncation = FigureStyle.Create($"{data.Task.Name}: response kept by the k largest modes", "modes kept k", "share of the linear response");
        var cells = reports.Select(r => r.Config.Cell).Distinct().Order().ToList();
        foreach (var (config, report) in reports)
        {
            var colour = FigureStyle.Category(cells.IndexOf(config.Cell));
            foreach (var line in report.LineAttractors!.Where(l => l.Points > 0))
            {
                var k = Enumerable.Range(1, line.Spectrum.Length).Select(i => (double)i).ToArray();
                var s = spectrum.Add.ScatterLine(k, line.Spectrum);
                s.Color = colour.WithAlpha(0.6);
                var r = truncation.Add.ScatterLine(k, line.Response.Select(v => double.IsFinite(v) ? v : 0).ToArray());
                r.Color = colour.WithAlpha(0.6);
            }
        }
        for (var c = 0; c < cells.Count; c++)
        {
            var legend = spectrum.Add.ScatterPoints(new double[] { 1 }, new double[] { double.NaN });
            legend.Color = FigureStyle.Category(c);
            legend.LegendText = cells[c].ToString().ToLowerInvariant();
        }
        spectrum.ShowLegend(Alignment.UpperRight);
        var one = spectrum.Add.HorizontalLine(1);
        one.Color = Colors.Black;
        one.LinePattern = LinePattern.Dashed;
        return
        [
            new Figure($"{data.Name}-spectra", "Eigenvalue spectra", "Mean |λ| of the k-th largest mode at the fixed and slow points of each context, one line per network and context (colour: cell). A line attractor has one mode at |λ| ≈ 1.", spectrum, 480, 400),
            new Figure($"{data.Name}-mode-truncation", "Mode truncation", "Share of the linearized system's output T steps after a unit input on the cued channel that the k largest modes carry, averaged over the points of each context.", truncation, 480, 400),
        ];
    }
}

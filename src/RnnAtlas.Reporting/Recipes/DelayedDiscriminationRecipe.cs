using RnnAtlas.Studies.Scaffolds;
using ScottPlot;

namespace RnnAtlas.Reporting.Recipes;

/// <summary>
/// The delayed-discrimination scaffold, one marker per network: the delay's memory line (leading |λ| against the share
/// of the points' variance on the line) and whether the response period has decision attractors of both signs.
/// </summary>
public sealed class DelayedDiscriminationRecipe : IFigureRecipe
{
    /// <inheritdoc />
    public ReportSection Section => ReportSection.Scaffold;

    /// <inheritdoc />
    public IReadOnlyList<Figure> Render(TaskData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var reports = data.ScaffoldsOf<DelayedDiscriminationReport>();
        if (reports.Count == 0)
        {
            return [];
        }
        var plot = FigureStyle.Create($"{data.Task.Name}: memory and decision", "leading |λ| on the delay's slow points", "share of their variance on one line");
        var cells = reports.Select(r => r.Config.Cell).Distinct().Order().ToList();
        foreach (var cell in cells)
        {
            foreach (var both in new[] { true, false })
            {
                var group = reports.Where(r => r.Config.Cell == cell && r.Report.HasBothDecisions == both).ToList();
                if (group.Count == 0)
                {
                    continue;
                }
                // A line of fewer than 3 points has no variance share; it is drawn at 1 (any 2 points lie on a line).
                var markers = plot.Add.ScatterPoints(
                    group.Select(r => r.Report.Memory.Spectrum.FirstOrDefault(double.NaN)).ToArray(),
                    group.Select(r => double.IsFinite(r.Report.Memory.VarianceShare) ? r.Report.Memory.VarianceShare : 1).ToArray());
                markers.Color = FigureStyle.Category(cells.IndexOf(cell));
                markers.MarkerShape = both ? MarkerShape.FilledCircle : MarkerShape.OpenCircle;
                markers.MarkerSize = 9;
                markers.LegendText = $"{cell.ToString().ToLowerInvariant()}{(both ? ", both decisions" : "")}";
            }
        }
        var one = plot.Add.VerticalLine(1);
        one.Color = Colors.Black;
        one.LinePattern = LinePattern.Dashed;
        plot.ShowLegend(Alignment.LowerLeft);
        var decided = reports.Count(r => r.Report.HasBothDecisions);
        return
        [
            new Figure($"{data.Name}-memory-decision", "Memory and decision",
                $"Each network's fixed and slow points in the delay (no input): the mean |λ| of their leading mode (1: f1 is held without decay) against the share of their variance on one line (colour: cell; a network with fewer than 3 such points is drawn at 1). Filled: the response period (go cue on) has stable points whose readouts have both signs, the two decisions ({decided} of {reports.Count} networks); open: it has not.",
                plot, 520, 420),
        ];
    }
}

using RnnAtlas.Studies.Scaffolds;
using ScottPlot;

namespace RnnAtlas.Reporting.Recipes;

/// <summary>The sine wave's scaffold: linearized and measured oscillation frequencies against the target (Fig. 3c).</summary>
public sealed class OscillationRecipe : IFigureRecipe
{
    /// <inheritdoc />
    public ReportSection Section => ReportSection.Scaffold;

    /// <inheritdoc />
    public IReadOnlyList<Figure> Render(TaskData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var reports = data.ScaffoldsOf<OscillationReport>();
        return reports.Count == 0 ? [] : [Frequencies(data, reports)];
    }

    private static Figure Frequencies(TaskData data, IReadOnlyList<(Training.NetworkConfig Config, OscillationReport Report)> reports)
    {
        var plot = FigureStyle.Create($"{data.Task.Name}: frequency vs target", "target frequency (cycles/step)", "frequency (cycles/step)");
        var all = reports.SelectMany(r => r.Report.Oscillations).ToList();
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
}

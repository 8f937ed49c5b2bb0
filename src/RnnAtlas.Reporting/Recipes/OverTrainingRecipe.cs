using RnnAtlas.Studies.Analyses;
using ScottPlot;

namespace RnnAtlas.Reporting.Recipes;

/// <summary>
/// Conclusions over training (<c>over_training.csv</c>): per label, every distance's leave-one-out k-NN accuracy at each
/// population stage (untrained, checkpoints, trained) with its 95% bootstrap interval, the chance level, and the share
/// of networks with the task's expected scaffold — when individuality emerges, and whether universality holds throughout.
/// </summary>
public sealed class OverTrainingRecipe : IFigureRecipe
{
    /// <inheritdoc />
    public ReportSection Section => ReportSection.Function;

    /// <inheritdoc />
    public IReadOnlyList<Figure> Render(TaskData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var points = data.OverTraining;
        var stages = points.Select(p => (p.Stage, p.Iteration)).Distinct().ToList();
        if (stages.Count < 2)
        {
            return [];
        }
        return [.. points.Where(p => p.Label.Length > 0).Select(p => p.Label).Distinct().Select(label => Figure(data, label, stages))];
    }

    private static Figure Figure(TaskData data, string label, List<(string Stage, int Iteration)> stages)
    {
        var plot = FigureStyle.Create($"{data.Task.Name}: {label} over training", "population stage (training iteration)", $"k-NN accuracy of the {label} label");
        var rows = data.OverTraining.Where(p => p.Label == label).ToList();
        var measures = rows.Select(p => p.Measure).Distinct().ToList();
        for (var m = 0; m < measures.Count; m++)
        {
            Series(plot, [.. rows.Where(p => p.Measure == measures[m])], stages, FigureStyle.Category(m), measures[m], dashed: false);
        }
        Series(plot, [.. data.OverTraining.Where(p => p.Measure == OverTrainingAnalysis.ScaffoldMeasure)], stages, Colors.Black, "expected scaffold (share)", dashed: true);
        var chance = plot.Add.HorizontalLine(rows.Max(p => p.Chance));
        chance.Color = Colors.Gray;
        chance.LinePattern = LinePattern.Dotted;
        plot.Axes.SetLimitsY(0, 1.05);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            [.. stages.Select((s, i) => new Tick(i, s.Stage == "trained" ? $"trained\n(~{s.Iteration})" : s.Iteration.ToString(System.Globalization.CultureInfo.InvariantCulture)))]);
        plot.ShowLegend(Alignment.LowerRight);
        return new Figure($"{data.Name}-over-training-{label}", $"{char.ToUpperInvariant(label[0])}{label[1..]} separability over training",
            $"Leave-one-out k-NN accuracy of the {label} label from each distance among the networks of one population stage (untrained initializations, checkpoints, trained networks; bars: 95% bootstrap interval over networks), the most common label's share (dotted, chance), and the share of networks with the task's expected scaffold (black, dashed). From analysis/{data.Name}/over_training.csv.",
            plot, 640, 440);
    }

    private static void Series(Plot plot, List<OverTrainingPoint> points, List<(string Stage, int Iteration)> stages, Color color, string legend, bool dashed)
    {
        if (points.Count == 0)
        {
            return;
        }
        var xs = points.Select(p => (double)stages.IndexOf((p.Stage, p.Iteration))).ToArray();
        var line = plot.Add.Scatter(xs, [.. points.Select(p => p.Value)]);
        line.Color = color;
        line.LegendText = legend;
        line.LineWidth = dashed ? 2.5f : 1.5f;
        line.LinePattern = dashed ? LinePattern.Dashed : LinePattern.Solid;
        for (var i = 0; i < points.Count; i++)
        {
            var bar = plot.Add.Line(xs[i], points[i].Low, xs[i], points[i].High);
            bar.Color = color.WithAlpha(0.5);
        }
    }
}

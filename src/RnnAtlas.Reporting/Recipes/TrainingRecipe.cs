using ScottPlot;

namespace RnnAtlas.Reporting.Recipes;

/// <summary>Held-out normalized MSE of every trained network by cell and activation, with the pass criterion.</summary>
public sealed class TrainingRecipe : IFigureRecipe
{
    /// <inheritdoc />
    public ReportSection Section => ReportSection.Training;

    /// <inheritdoc />
    public IReadOnlyList<Figure> Render(TaskData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Trained.Count == 0)
        {
            return [];
        }
        var groups = data.Trained.GroupBy(t => (t.Config.Cell, t.Config.Activation)).OrderBy(g => g.Key).ToList();
        var plot = FigureStyle.Create($"{data.Task.Name}: training outcome", "", "log10 held-out normalized MSE");
        var ticks = new List<Tick>();
        for (var g = 0; g < groups.Count; g++)
        {
            var members = groups[g].ToList();
            foreach (var passed in new[] { true, false })
            {
                var chosen = members.Select((m, i) => (m, i)).Where(x => (x.m.Metrics.Status == Training.TrainingStatus.Passed) == passed && double.IsFinite(x.m.Metrics.HeldOutNmse) && x.m.Metrics.HeldOutNmse > 0).ToList();
                if (chosen.Count == 0)
                {
                    continue;
                }
                var points = plot.Add.ScatterPoints(
                    chosen.Select(x => g + 0.3 * (x.i + 0.5) / members.Count - 0.15).ToArray(),
                    chosen.Select(x => Math.Log10(x.m.Metrics.HeldOutNmse)).ToArray());
                points.Color = passed ? FigureStyle.Category(0) : Colors.Crimson;
                points.MarkerSize = 7;
            }
            ticks.Add(new Tick(g, $"{groups[g].Key.Cell.ToString().ToLowerInvariant()}\n{groups[g].Key.Activation.ToString().ToLowerInvariant()}"));
        }
        var criterion = plot.Add.HorizontalLine(Math.Log10(data.Task.Criterion));
        criterion.Color = Colors.Black;
        criterion.LinePattern = LinePattern.Dashed;
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual([.. ticks]);
        return [new Figure($"{data.Name}-training", "Training outcome", $"Held-out normalized MSE of each network (blue: passed, red: failed) against the criterion {data.Task.Criterion} (dashed).", plot, 640, 400)];
    }
}

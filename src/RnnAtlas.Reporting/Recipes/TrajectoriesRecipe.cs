using RnnAtlas.FixedPoints;
using RnnAtlas.Similarity;
using RnnAtlas.Training;
using ScottPlot;

namespace RnnAtlas.Reporting.Recipes;

/// <summary>
/// For one example network per cell: probe-trial trajectories on their first two principal components, with the
/// fixed points coloured by stability (blue stable, orange 1-saddle, red higher) — the paper's Fig. 2–3 panels.
/// </summary>
public sealed class TrajectoriesRecipe : IFigureRecipe
{
    private const int TrialsShown = 8;

    /// <inheritdoc />
    public ReportSection Section => ReportSection.Dynamics;

    /// <inheritdoc />
    public IReadOnlyList<Figure> Render(TaskData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return [.. data.ExamplePerCell().Select(example => Render(data, example))];
    }

    /// <summary>The trajectories' PCA of <paramref name="example"/>, returned with the projection for other recipes.</summary>
    internal static (Subspace Pca, double[] States, int Time, int Units) Pca(TaskData data, NetworkConfig example)
    {
        var (states, _, trials) = data.Run(example);
        var units = example.Shape.StateSize;
        return (Subspace.Prepare(ActivityMatrix.FromStates<double>(states, trials.BatchSize, trials.TimeSteps, units, 1, example.Id.Value), 2), states, trials.TimeSteps, units);
    }

    private static Figure Render(TaskData data, NetworkConfig example)
    {
        var (pca, states, time, units) = Pca(data, example);
        var cell = example.Cell.ToString().ToLowerInvariant();
        var plot = FigureStyle.Create($"{cell} ({example.Activation.ToString().ToLowerInvariant()})", "PC 1", "PC 2");
        var trials = Math.Min(TrialsShown, states.Length / (time * units));
        for (var b = 0; b < trials; b++)
        {
            var projected = Enumerable.Range(0, time).Select(t => pca.Project(states.AsSpan((b * time + t) * units, units), 2)).ToArray();
            var line = plot.Add.ScatterLine(projected.Select(p => p[0]).ToArray(), projected.Select(p => p[1]).ToArray());
            line.Color = Colors.Gray.WithAlpha(0.5);
        }
        if (data.FixedPoints.TryGetValue(example.Id.Value, out var report))
        {
            foreach (var group in report.Conditions.SelectMany(c => c.Points).Where(p => p.Status == FixedPointStatus.Converged).GroupBy(p => Math.Min(p.UnstableDimensions, 2)).OrderBy(g => g.Key))
            {
                var projected = group.Select(p => pca.Project(p.State, 2)).ToArray();
                var points = plot.Add.ScatterPoints(projected.Select(p => p[0]).ToArray(), projected.Select(p => p[1]).ToArray());
                points.Color = FigureStyle.Stability(group.Key);
                points.MarkerSize = 9;
                points.LegendText = group.Key switch { 0 => "stable", 1 => "1-saddle", _ => "2+ saddle" };
            }
            plot.ShowLegend(Alignment.UpperRight);
        }
        return new Figure($"{data.Name}-trajectories-{cell}", $"Trajectories and fixed points: {cell}",
            $"{example.Id.Value}: {trials} probe trials (grey) and its fixed points at every analysis condition, on the first two principal components of its probe activity.", plot, 420, 380);
    }
}

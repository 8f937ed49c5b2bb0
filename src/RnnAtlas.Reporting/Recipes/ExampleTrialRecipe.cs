using ScottPlot;

namespace RnnAtlas.Reporting.Recipes;

/// <summary>The first probe trial of an example network: each channel's input, target and output, stacked.</summary>
public sealed class ExampleTrialRecipe : IFigureRecipe
{
    /// <inheritdoc />
    public ReportSection Section => ReportSection.Task;

    /// <inheritdoc />
    public IReadOnlyList<Figure> Render(TaskData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var example = data.ExamplePerCell().FirstOrDefault();
        if (example is null)
        {
            return [];
        }
        var (_, outputs, trials) = data.Run(example);
        var plot = FigureStyle.Create($"{data.Task.Name}: example trial ({example.Cell.ToString().ToLowerInvariant()}, {example.Activation.ToString().ToLowerInvariant()})", "time step", "channel (offset)");
        var time = Enumerable.Range(0, trials.TimeSteps).Select(t => (double)t).ToArray();
        var offset = 0.0;
        for (var c = 0; c < trials.InputSize; c++, offset -= 3)
        {
            var input = plot.Add.ScatterLine(time, time.Select(t => trials.Inputs[(int)t * trials.InputSize + c] + offset).ToArray());
            input.Color = Colors.Gray;
            input.LegendText = c == 0 ? "input" : "";
        }
        for (var o = 0; o < trials.OutputSize; o++, offset -= 3)
        {
            var target = plot.Add.ScatterLine(time, time.Select(t => trials.Targets[(int)t * trials.OutputSize + o] + offset).ToArray());
            target.Color = Colors.Black;
            target.LinePattern = LinePattern.Dashed;
            target.LegendText = o == 0 ? "target" : "";
            var output = plot.Add.ScatterLine(time, time.Select(t => outputs[(int)t * trials.OutputSize + o] + offset).ToArray());
            output.Color = FigureStyle.Category(0);
            output.LegendText = o == 0 ? "output" : "";
        }
        plot.ShowLegend(Alignment.UpperRight);
        return [new Figure($"{data.Name}-example-trial", "Example trial", $"Inputs (grey), targets (dashed) and the outputs (blue) of {example.Id.Value} on its first probe trial; channels are stacked with offsets.", plot, 640, 420)];
    }
}

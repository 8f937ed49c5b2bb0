using RnnAtlas.Studies.Scaffolds;
using ScottPlot;

namespace RnnAtlas.Reporting.Recipes;

/// <summary>The integration task's scaffold: eigenvalue spectra on the line attractors and mode-truncation curves (Fig. 3e–f).</summary>
public sealed class LineAttractorRecipe : IFigureRecipe
{
    /// <inheritdoc />
    public ReportSection Section => ReportSection.Scaffold;

    /// <inheritdoc />
    public IReadOnlyList<Figure> Render(TaskData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var reports = data.ScaffoldsOf<LineAttractorReport>();
        return reports.Count == 0 ? [] : LineAttractors(data, reports);
    }

    private static List<Figure> LineAttractors(TaskData data, IReadOnlyList<(Training.NetworkConfig Config, LineAttractorReport Report)> reports)
    {
        var spectrum = FigureStyle.Create($"{data.Task.Name}: eigenvalue spectra on the line", "mode (sorted by |λ|)", "|λ|");
        var truncation = FigureStyle.Create($"{data.Task.Name}: response kept by the k largest modes", "modes kept k", "share of the linear response");
        var cells = reports.Select(r => r.Config.Cell).Distinct().Order().ToList();
        foreach (var (config, report) in reports)
        {
            var colour = FigureStyle.Category(cells.IndexOf(config.Cell));
            foreach (var line in report.LineAttractors.Where(l => l.Points > 0))
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

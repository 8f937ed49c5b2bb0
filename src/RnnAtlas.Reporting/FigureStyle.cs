using ScottPlot;

namespace RnnAtlas.Reporting;

/// <summary>The report's shared look: one sans-serif font, one colour per label value, one colour per stability index.</summary>
internal static class FigureStyle
{
    private static readonly Color[] Palette = [.. new ScottPlot.Palettes.Category10().Colors];

    /// <summary>A new plot with the report's font and the given labels.</summary>
    public static Plot Create(string title, string xLabel, string yLabel)
    {
        var plot = new Plot();
        plot.Font.Set("DejaVu Sans");
        plot.Title(title, size: 14);
        plot.XLabel(xLabel, size: 12);
        plot.YLabel(yLabel, size: 12);
        return plot;
    }

    /// <summary>The colour of the <paramref name="index"/>-th label value.</summary>
    public static Color Category(int index) => Palette[index % Palette.Length];

    /// <summary>Stable points blue, 1-saddles orange, higher saddles red.</summary>
    public static Color Stability(int unstableDimensions) => unstableDimensions switch
    {
        0 => Colors.RoyalBlue,
        1 => Colors.DarkOrange,
        _ => Colors.Crimson,
    };
}

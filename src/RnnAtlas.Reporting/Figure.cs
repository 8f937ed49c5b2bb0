using ScottPlot;

namespace RnnAtlas.Reporting;

/// <summary>One figure of the report: a plot with its file name, title and caption, saved as PNG and SVG.</summary>
/// <param name="Name">File name without extension (unique within the report).</param>
/// <param name="Title">Short title shown above the figure.</param>
/// <param name="Caption">What the figure shows, in a sentence or two.</param>
/// <param name="Plot">The plot.</param>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
public sealed record Figure(string Name, string Title, string Caption, Plot Plot, int Width = 560, int Height = 400)
{
    /// <summary>Saves <c>&lt;folder&gt;/&lt;Name&gt;.png</c> and <c>.svg</c>.</summary>
    public void Save(string folder)
    {
        Directory.CreateDirectory(folder);
        Plot.SavePng(Path.Combine(folder, Name + ".png"), Width, Height);
        Plot.SaveSvg(Path.Combine(folder, Name + ".svg"), Width, Height);
    }
}

namespace RnnAtlas.Numerics;

/// <summary>The median used in summaries and benchmarks.</summary>
public static class Median
{
    /// <summary>The middle value of <paramref name="values"/> (the mean of the two middle ones for an even count); NaN when empty.</summary>
    public static double Of(IEnumerable<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN
            : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2]
            : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}

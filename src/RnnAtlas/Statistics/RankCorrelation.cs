namespace RnnAtlas.Statistics;

/// <summary>Spearman's rank correlation and the ranks it is built on.</summary>
public static class RankCorrelation
{
    /// <summary>
    /// Spearman's ρ of paired <paramref name="x"/> and <paramref name="y"/>: Pearson's correlation of their ranks (ties
    /// share their average rank); NaN with fewer than 3 pairs or when either side is constant.
    /// </summary>
    public static double Spearman(double[] x, double[] y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Length != y.Length)
        {
            throw new ArgumentException($"{x.Length} and {y.Length} values are not pairs", nameof(y));
        }
        if (x.Length < 3)
        {
            return double.NaN;
        }
        var rx = Ranks(x);
        var ry = Ranks(y);
        double mx = rx.Average(), my = ry.Average(), sxy = 0, sxx = 0, syy = 0;
        for (var k = 0; k < rx.Length; k++)
        {
            sxy += (rx[k] - mx) * (ry[k] - my);
            sxx += (rx[k] - mx) * (rx[k] - mx);
            syy += (ry[k] - my) * (ry[k] - my);
        }
        return sxx > 0 && syy > 0 ? sxy / Math.Sqrt(sxx * syy) : double.NaN;
    }

    /// <summary>1-based ranks, ties sharing their average rank.</summary>
    public static double[] Ranks(double[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var order = Enumerable.Range(0, values.Length).OrderBy(i => values[i]).ToArray();
        var ranks = new double[values.Length];
        for (var start = 0; start < order.Length;)
        {
            var end = start;
            while (end + 1 < order.Length && values[order[end + 1]] == values[order[start]])
            {
                end++;
            }
            for (var k = start; k <= end; k++)
            {
                ranks[order[k]] = (start + end) / 2.0 + 1;
            }
            start = end + 1;
        }
        return ranks;
    }
}

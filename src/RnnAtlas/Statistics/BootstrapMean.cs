using RnnAtlas.Numerics;

namespace RnnAtlas.Statistics;

/// <summary>The mean of per-item outcomes with a percentile bootstrap interval.</summary>
public static class BootstrapMean
{
    /// <summary>
    /// The mean of <paramref name="outcomes"/> and the 2.5% and 97.5% quantiles (linear interpolation) of the means of
    /// <paramref name="resamples"/> resamples with replacement, drawn from a generator seeded with <paramref name="seed"/>.
    /// </summary>
    public static (double Mean, double Low, double High) Interval(IReadOnlyList<double> outcomes, int resamples, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        ArgumentOutOfRangeException.ThrowIfZero(outcomes.Count);
        ArgumentOutOfRangeException.ThrowIfLessThan(resamples, 1);
        var random = new SeededRandom(seed);
        var means = new double[resamples];
        for (var r = 0; r < resamples; r++)
        {
            var sum = 0.0;
            for (var i = 0; i < outcomes.Count; i++)
            {
                sum += outcomes[(int)(random.NextUInt64() % (ulong)outcomes.Count)];
            }
            means[r] = sum / outcomes.Count;
        }
        Array.Sort(means);
        return (outcomes.Average(), Quantile(means, 0.025), Quantile(means, 0.975));
    }

    private static double Quantile(double[] sorted, double q)
    {
        var position = q * (sorted.Length - 1);
        var below = (int)Math.Floor(position);
        var above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }
}

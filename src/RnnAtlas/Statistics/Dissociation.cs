using RnnAtlas.Numerics;
using RnnAtlas.Similarity;

namespace RnnAtlas.Statistics;

/// <summary>
/// How well a geometry distance tracks a function distance over all pairs of networks: Spearman's rank correlation
/// with a bootstrap confidence interval (networks resampled with replacement, so that pairs sharing a network are not
/// treated as independent), and the share of discordant pair comparisons.
/// </summary>
/// <param name="Bootstraps">Bootstrap resamples of the networks.</param>
/// <param name="Seed">Seed of the resampling.</param>
public sealed record Dissociation(int Bootstraps = 1000, ulong Seed = 0)
{
    /// <summary>
    /// The relationship between <paramref name="geometry"/> and <paramref name="function"/> (same items, same order); every
    /// statistic is NaN ("not enough networks") with fewer than two networks.
    /// </summary>
    public DissociationResult Measure(DistanceMatrix geometry, DistanceMatrix function)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        ArgumentNullException.ThrowIfNull(function);
        ArgumentOutOfRangeException.ThrowIfNotEqual(function.Count, geometry.Count);
        var n = geometry.Count;
        if (n < 2)
        {
            return new DissociationResult(double.NaN, double.NaN, double.NaN, 0, double.NaN);
        }
        var all = Enumerable.Range(0, n).ToArray();
        var rho = Spearman(geometry, function, all);
        var random = new SeededRandom(Seed);
        var samples = new List<double>(Bootstraps);
        for (var b = 0; b < Bootstraps; b++)
        {
            var drawn = Enumerable.Range(0, n).Select(_ => (int)(random.NextUInt64() % (ulong)n)).ToArray();
            var value = Spearman(geometry, function, drawn);
            if (double.IsFinite(value))
            {
                samples.Add(value);
            }
        }
        samples.Sort();
        var (low, high) = samples.Count == 0 ? (double.NaN, double.NaN) : (samples[(int)(0.025 * (samples.Count - 1))], samples[(int)Math.Ceiling(0.975 * (samples.Count - 1))]);
        return new DissociationResult(rho, low, high, n * (n - 1) / 2, DiscordantShare(geometry, function));
    }

    /// <summary>
    /// Among all comparisons of a functionally different pair (function distance above the median) with a functionally
    /// close pair (at or below it), the share in which the different pair is geometrically closer (ties count half):
    /// 0 when geometry orders pairs as function does, 0.5 when it is unrelated to function; NaN without pairs.
    /// </summary>
    public static double DiscordantShare(DistanceMatrix geometry, DistanceMatrix function)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        ArgumentNullException.ThrowIfNull(function);
        var pairs = Pairs(geometry.Count, Enumerable.Range(0, geometry.Count).ToArray());
        var f = pairs.Select(p => function[p.I, p.J]).ToArray();
        if (f.Length == 0)
        {
            return double.NaN;
        }
        var median = f.Order().ElementAt(f.Length / 2);
        var close = pairs.Where(p => function[p.I, p.J] <= median).Select(p => geometry[p.I, p.J]).ToArray();
        var different = pairs.Where(p => function[p.I, p.J] > median).Select(p => geometry[p.I, p.J]).ToArray();
        if (close.Length == 0 || different.Length == 0)
        {
            return double.NaN;
        }
        // Mann–Whitney: the share of (different, close) comparisons in which the different pair is geometrically closer.
        var ranks = RankCorrelation.Ranks([.. different, .. close]);
        var rankSum = ranks.Take(different.Length).Sum();
        var differentFarther = rankSum - different.Length * (different.Length + 1) / 2.0;
        return 1 - differentFarther / ((double)different.Length * close.Length);
    }

    private static double Spearman(DistanceMatrix geometry, DistanceMatrix function, int[] items)
    {
        var pairs = Pairs(items.Length, items).Where(p => p.I != p.J).ToList();
        return RankCorrelation.Spearman([.. pairs.Select(p => geometry[p.I, p.J])], [.. pairs.Select(p => function[p.I, p.J])]);
    }

    /// <summary>The pairs (items[a], items[b]) for a &lt; b.</summary>
    private static List<(int I, int J)> Pairs(int count, int[] items)
    {
        var pairs = new List<(int, int)>(count * (count - 1) / 2);
        for (var a = 0; a < count; a++)
        {
            for (var b = a + 1; b < count; b++)
            {
                pairs.Add((items[a], items[b]));
            }
        }
        return pairs;
    }
}

/// <summary>One geometry-versus-function comparison.</summary>
/// <param name="Spearman">Rank correlation over all pairs.</param>
/// <param name="Low">2.5th percentile of the bootstrap.</param>
/// <param name="High">97.5th percentile of the bootstrap.</param>
/// <param name="Pairs">Pairs compared.</param>
/// <param name="DiscordantShare">See <see cref="Dissociation.DiscordantShare"/>.</param>
public sealed record DissociationResult(double Spearman, double Low, double High, int Pairs, double DiscordantShare);

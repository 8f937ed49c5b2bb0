using RnnAtlas.Numerics;
using RnnAtlas.Similarity;

namespace RnnAtlas.Statistics;

/// <summary>
/// Turns "the networks cluster by architecture" into numbers for any distance matrix: leave-one-out k-NN accuracy of a
/// label, its silhouette score, and a permutation test of the accuracy against shuffled labels.
/// </summary>
/// <param name="Neighbours">
/// k of the k-NN vote (ties between labels go to the label of the nearest tied neighbour); lowered to the smallest
/// class's size − 1 when that is smaller, since a class of two could otherwise never win a vote of three.
/// </param>
/// <param name="Permutations">Label permutations for the p-value.</param>
/// <param name="Seed">Seed of the permutations.</param>
public sealed record ClusterStatistics(int Neighbours = 3, int Permutations = 999, ulong Seed = 0)
{
    /// <summary>All statistics of <paramref name="labels"/> (one per item) on <paramref name="distances"/>.</summary>
    /// <exception cref="ArgumentException">The label count does not match the matrix.</exception>
    public LabelSeparation Separation(DistanceMatrix distances, IReadOnlyList<string> labels, string label)
    {
        var (codes, neighbours, k) = Vote(distances, labels);
        var accuracy = NearestNeighbourAccuracy(neighbours, codes, k);
        var random = new SeededRandom(Seed);
        var shuffled = (int[])codes.Clone();
        var atLeast = 0;
        for (var p = 0; p < Permutations; p++)
        {
            random.Shuffle<int>(shuffled);
            if (NearestNeighbourAccuracy(neighbours, shuffled, k) >= accuracy)
            {
                atLeast++;
            }
        }
        var chance = codes.GroupBy(c => c).Max(g => g.Count()) / (double)codes.Length;
        return new LabelSeparation(label, codes.Distinct().Count(), accuracy, chance, Silhouette(distances, codes), (1.0 + atLeast) / (1.0 + Permutations), k, Permutations);
    }

    /// <summary>Mean silhouette (Rousseeuw 1987): s_i = (b_i − a_i) / max(a_i, b_i), 0 for an item alone in its class.</summary>
    public static double Silhouette(DistanceMatrix distances, IReadOnlyList<int> codes)
    {
        ArgumentNullException.ThrowIfNull(distances);
        ArgumentNullException.ThrowIfNull(codes);
        var classes = codes.Distinct().ToArray();
        if (classes.Length < 2)
        {
            return 0;
        }
        var total = 0.0;
        for (var i = 0; i < distances.Count; i++)
        {
            var own = 0.0;
            var ownCount = 0;
            var nearest = double.PositiveInfinity;
            foreach (var c in classes)
            {
                var sum = 0.0;
                var count = 0;
                for (var j = 0; j < distances.Count; j++)
                {
                    if (j != i && codes[j] == c)
                    {
                        sum += distances[i, j];
                        count++;
                    }
                }
                if (c == codes[i])
                {
                    (own, ownCount) = (sum, count);
                }
                else if (count > 0)
                {
                    nearest = Math.Min(nearest, sum / count);
                }
            }
            if (ownCount > 0)
            {
                var a = own / ownCount;
                var spread = Math.Max(a, nearest);
                total += spread > 0 ? (nearest - a) / spread : 0;
            }
        }
        return total / distances.Count;
    }

    /// <summary>
    /// The leave-one-out k-NN accuracy of <paramref name="labels"/> (k as in <see cref="Separation"/>) with a 95%
    /// percentile bootstrap interval: the items' hit-or-miss outcomes resampled with replacement
    /// <paramref name="resamples"/> times (seeded by <see cref="Seed"/>). Resampling the outcomes rather than the items
    /// keeps a resampled duplicate from being its own nearest neighbour.
    /// </summary>
    /// <exception cref="ArgumentException">The label count does not match the matrix.</exception>
    public (double Accuracy, double Low, double High) AccuracyInterval(DistanceMatrix distances, IReadOnlyList<string> labels, int resamples = 2000)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(resamples, 1);
        var (codes, neighbours, k) = Vote(distances, labels);
        var votes = new Dictionary<int, int>();
        var hits = Enumerable.Range(0, codes.Length).Select(i => Hit(neighbours, codes, k, i, votes) ? 1.0 : 0.0).ToArray();
        return BootstrapMean.Interval(hits, resamples, Seed);
    }

    /// <summary>
    /// The leave-one-out vote's inputs: label codes, every item's neighbours nearest first, and k — <see cref="Neighbours"/>
    /// lowered to the smallest class's size − 1 (at least 1).
    /// </summary>
    /// <exception cref="ArgumentException">The label count does not match the matrix.</exception>
    private (int[] Codes, int[][] Neighbours, int K) Vote(DistanceMatrix distances, IReadOnlyList<string> labels)
    {
        ArgumentNullException.ThrowIfNull(distances);
        ArgumentNullException.ThrowIfNull(labels);
        if (labels.Count != distances.Count)
        {
            throw new ArgumentException($"{labels.Count} labels for {distances.Count} items");
        }
        var codes = Codes(labels);
        return (codes, NeighbourOrder(distances), Math.Max(1, Math.Min(Neighbours, codes.GroupBy(c => c).Min(g => g.Count()) - 1)));
    }

    private static double NearestNeighbourAccuracy(int[][] neighbours, int[] codes, int neighbourCount)
    {
        var correct = 0;
        var votes = new Dictionary<int, int>();
        for (var i = 0; i < codes.Length; i++)
        {
            correct += Hit(neighbours, codes, neighbourCount, i, votes) ? 1 : 0;
        }
        return correct / (double)codes.Length;
    }

    /// <summary>Whether item <paramref name="i"/>'s k nearest neighbours vote for its own label (ties: the nearest tied neighbour's label).</summary>
    private static bool Hit(int[][] neighbours, int[] codes, int neighbourCount, int i, Dictionary<int, int> votes)
    {
        votes.Clear();
        var k = Math.Min(neighbourCount, neighbours[i].Length);
        for (var n = 0; n < k; n++)
        {
            var c = codes[neighbours[i][n]];
            votes[c] = votes.GetValueOrDefault(c) + 1;
        }
        var most = votes.Values.Max();
        return neighbours[i].Take(k).Select(j => codes[j]).First(c => votes[c] == most) == codes[i];
    }

    private static int[][] NeighbourOrder(DistanceMatrix distances) =>
        [.. Enumerable.Range(0, distances.Count).Select(i => Enumerable.Range(0, distances.Count).Where(j => j != i).OrderBy(j => distances[i, j]).ThenBy(j => j).ToArray())];

    private static int[] Codes(IReadOnlyList<string> labels)
    {
        var names = labels.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return [.. labels.Select(l => names.IndexOf(l))];
    }
}

using RnnAtlas.Numerics;
using RnnAtlas.Similarity;

namespace RnnAtlas.Tests.Similarity;

public sealed class PairwiseDistancesTests
{
    private static readonly IRepresentationalMetric[] Metrics = [new Svcca(), new Cca(), new Pwcca(), new LinearCka(), new ProcrustesDistance(), new CcaShapeDistance()];

    [Fact]
    public void BlockedAllPairsEqualOnePairAtATimeForAnyThreadCount()
    {
        var subspaces = Population(13);
        var one = new PairwiseDistances(Metrics, 1).Compute(subspaces, null, null, default);
        var two = new PairwiseDistances(Metrics, 2).Compute(subspaces, null, null, default);
        for (var m = 0; m < Metrics.Length; m++)
        {
            Assert.Equal(one[m], two[m]);
            for (var i = 0; i < subspaces.Count; i++)
            {
                for (var j = i + 1; j < subspaces.Count; j++)
                {
                    Assert.Equal(Metrics[m].Compare(new SubspacePair(subspaces[i], subspaces[j])).Distance, one[m][i * subspaces.Count + j], 1e-12);
                }
            }
        }
    }

    [Fact]
    public void ADistanceThatRoundingPutsBelowZeroIsStoredAsZero()
    {
        // 1 − a similarity that rounding put a hair above 1 is −2.2e-16 (seen with `compare --stride 5`); the matrix must
        // still be a valid distance matrix instead of being reported as damaged.
        var subspaces = Population(4);
        var distances = new PairwiseDistances([new RoundedAboveOne()], 2).Compute(subspaces, null, null, default);
        Assert.All(distances[0], d => Assert.Equal(0, d));
        _ = new DistanceMatrix(distances[0], subspaces.Count, "rounded");
    }

    private sealed class RoundedAboveOne : IRepresentationalMetric
    {
        public string Name => "rounded";
        public string Settings => "similarity 1 + 2.2e-16 for every pair";
        public bool IsMetric => false;
        public int DirectionsNeeded => 1;
        public MetricValue Compare(SubspacePair pair) => new(1 + 2.2e-16, -2.2e-16);
    }

    [Fact]
    public void OnlyTheNeededPairsAreComputedAndTheyAreBitIdentical()
    {
        var subspaces = Population(9);
        var metrics = new PairwiseDistances(Metrics, 2);
        var all = metrics.Compute(subspaces, null, null, default);
        var newRows = metrics.Compute(subspaces, (i, j) => i >= 7 || j >= 7, null, default);
        var n = subspaces.Count;
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                var expected = i >= 7 || j >= 7 ? all[0][i * n + j] : 0.0;
                Assert.Equal(expected, newRows[0][i * n + j]);
            }
        }
    }

    [Fact]
    public void SvccaAloneNeedsOnlyTheCappedDirections()
    {
        var svccaOnly = new PairwiseDistances([new Svcca()], 2);
        Assert.Equal(20, svccaOnly.DirectionsNeeded);
        var full = Population(5);
        var truncated = full.Select(s => s.Source).Select((_, i) => Subspace.Prepare(Activity((ulong)i), svccaOnly.DirectionsNeeded)).ToList();
        var expected = svccaOnly.Compute(full, null, null, default)[0];
        var actual = svccaOnly.Compute(truncated, null, null, default)[0];
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], actual[i], 1e-12);
        }
    }

    private static List<Subspace> Population(int count) => [.. Enumerable.Range(0, count).Select(i => Subspace.Prepare(Activity((ulong)i)))];

    private static ActivityMatrix Activity(ulong seed)
    {
        const int samples = 200;
        var units = 24 + (int)(seed % 3) * 8;
        var random = new SeededRandom(seed);
        var values = new double[samples * units];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = Math.Tanh(Math.Sin(i / units / 7.0 + seed) * random.NextGaussian() + 0.3 * random.NextGaussian());
        }
        return new ActivityMatrix(values, samples, units, $"network-{seed}");
    }
}

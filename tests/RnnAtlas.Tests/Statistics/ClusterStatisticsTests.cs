using RnnAtlas.Numerics;
using RnnAtlas.Similarity;
using RnnAtlas.Statistics;

namespace RnnAtlas.Tests.Statistics;

public sealed class ClusterStatisticsTests
{
    [Fact]
    public void SilhouetteOfTwoPairsOnALineIsTheHandValue()
    {
        // Points 0, 1 (class a) and 10, 12 (class b). Point 0: a = 1, b = (10 + 12) / 2 = 11 → 10/11.
        // Point 1: a = 1, b = 10 → 9/10. Point 10: a = 2, b = 9.5 → 7.5/9.5. Point 12: a = 2, b = 11.5 → 9.5/11.5.
        var d = Line([0, 1, 10, 12]);
        var expected = (10.0 / 11 + 9.0 / 10 + 7.5 / 9.5 + 9.5 / 11.5) / 4;
        Assert.Equal(expected, ClusterStatistics.Silhouette(d, [0, 0, 1, 1]), 1e-14);
    }

    [Fact]
    public void SeparatedClustersAreRecognizedAndSignificant()
    {
        var random = new SeededRandom(3);
        var positions = Enumerable.Range(0, 24).Select(i => i / 8 * 100.0 + random.NextDouble()).ToArray();
        var labels = Enumerable.Range(0, 24).Select(i => "class" + i / 8).ToArray();
        var result = new ClusterStatistics().Separation(Line(positions), labels, "cell");
        Assert.Equal(1.0, result.NearestNeighbourAccuracy);
        Assert.Equal(1.0 / 3, result.Chance, 1e-12);
        Assert.True(result.Silhouette > 0.95);
        Assert.Equal(1.0 / 1000, result.PValue, 1e-12);
        Assert.Equal(3, result.Classes);
    }

    [Fact]
    public void LabelsUnrelatedToTheDistancesAreNotSignificant()
    {
        var random = new SeededRandom(11);
        var positions = Enumerable.Range(0, 40).Select(_ => random.NextDouble()).ToArray();
        var labels = Enumerable.Range(0, 40).Select(i => i % 2 == 0 ? "tanh" : "relu").ToArray();
        var result = new ClusterStatistics().Separation(Line(positions), labels, "activation");
        Assert.True(result.PValue > 0.05, $"p = {result.PValue}");
        Assert.True(Math.Abs(result.Silhouette) < 0.2);
    }

    [Fact]
    public void ClassesOfTwoUseOneNeighbourSoThatTheyCanBeRecognized()
    {
        var result = new ClusterStatistics().Separation(Line([0, 1, 10, 11]), ["gru", "gru", "lstm", "lstm"], "cell");
        Assert.Equal(1, result.Neighbours);
        Assert.Equal(1.0, result.NearestNeighbourAccuracy);
    }

    private static DistanceMatrix Line(double[] positions)
    {
        var n = positions.Length;
        return new DistanceMatrix([.. Enumerable.Range(0, n * n).Select(k => Math.Abs(positions[k / n] - positions[k % n]))], n, "line");
    }
}

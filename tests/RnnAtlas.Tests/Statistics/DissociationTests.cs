using RnnAtlas.Numerics;
using RnnAtlas.Similarity;
using RnnAtlas.Statistics;

namespace RnnAtlas.Tests.Statistics;

public sealed class DissociationTests
{
    [Fact]
    public void GeometryEqualToFunctionIsPerfectlyConcordant()
    {
        var function = Random(12, 1);
        var result = new Dissociation(Bootstraps: 200).Measure(function, function);
        Assert.Equal(1, result.Spearman, 1e-12);
        Assert.Equal(0, result.DiscordantShare, 1e-12);
        Assert.Equal(66, result.Pairs);
        Assert.InRange(result.Low, 0.99, 1.0);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void TooFewNetworksGiveNotANumberInsteadOfThrowing(int count)
    {
        var single = new DistanceMatrix(new double[count * count], count, "single");
        var result = new Dissociation(Bootstraps: 50).Measure(single, single);
        Assert.True(double.IsNaN(result.Spearman) && double.IsNaN(result.Low) && double.IsNaN(result.DiscordantShare));
        Assert.Equal(0, result.Pairs);
    }

    [Fact]
    public void GeometryReversingFunctionIsPerfectlyDiscordant()
    {
        var function = Random(10, 2);
        var reversed = new DistanceMatrix([.. function.Values.ToArray().Select((v, k) => k / 10 == k % 10 ? 0 : 10 - v)], 10, "reversed");
        var result = new Dissociation(Bootstraps: 200).Measure(reversed, function);
        Assert.Equal(-1, result.Spearman, 1e-12);
        Assert.Equal(1, result.DiscordantShare, 1e-12);
    }

    [Fact]
    public void UnrelatedGeometryIsNearChanceAndItsIntervalCoversZero()
    {
        var result = new Dissociation(Bootstraps: 400).Measure(Random(30, 3), Random(30, 4));
        Assert.InRange(result.DiscordantShare, 0.4, 0.6);
        Assert.True(result.Low < 0 && result.High > 0, $"CI {result.Low} to {result.High}");
        Assert.InRange(result.Spearman, result.Low, result.High);
    }

    private static DistanceMatrix Random(int n, ulong seed)
    {
        var random = new SeededRandom(seed);
        var values = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            for (var j = i + 1; j < n; j++)
            {
                values[i * n + j] = values[j * n + i] = random.NextDouble();
            }
        }
        return new DistanceMatrix(values, n, "random");
    }
}

using RnnAtlas.Statistics;

namespace RnnAtlas.Tests.Statistics;

public sealed class RankCorrelationTests
{
    [Fact]
    public void SpearmanMatchesScipyWithAndWithoutTies()
    {
        // scipy.stats.spearmanr (SciPy 1.10, Debian python3-scipy) on the same pairs.
        Assert.Equal(0.8207826816681233, RankCorrelation.Spearman([1, 2, 3, 4, 5], [5, 6, 7, 8, 7]), 1e-14);
        Assert.Equal(0.8986451052612952, RankCorrelation.Spearman([0.3, -1.2, 2.5, 0.0, 7.1, 3.3], [1, 1, 2, 0, 5, 4]), 1e-14);
    }

    [Fact]
    public void AMonotoneMapGivesOneAndItsReverseMinusOne()
    {
        double[] x = [-1, -0.5, 0, 0.5, 1];
        Assert.Equal(1.0, RankCorrelation.Spearman(x, [.. x.Select(v => Math.Exp(3 * v))]));
        Assert.Equal(-1.0, RankCorrelation.Spearman(x, [.. x.Select(v => -v * v * v)]));
    }

    [Fact]
    public void TooFewPairsOrAConstantSideHaveNoCorrelation()
    {
        Assert.True(double.IsNaN(RankCorrelation.Spearman([1, 2], [2, 1])));
        Assert.True(double.IsNaN(RankCorrelation.Spearman([1, 2, 3], [4, 4, 4])));
    }
}

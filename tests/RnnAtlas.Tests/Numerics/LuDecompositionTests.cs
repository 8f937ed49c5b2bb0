using RnnAtlas.Numerics;

namespace RnnAtlas.Tests.Numerics;

/// <summary>
/// Solves checked by multiplying back, over sizes below, at and across the panel width and the recursive split (above
/// 256 columns), with and without row exchanges at every step, and singular inputs.
/// </summary>
public sealed class LuDecompositionTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(17)]
    [InlineData(128)]
    [InlineData(257)]
    [InlineData(600)]
    public void SolvesRandomSystemsToRoundingError(int n) => SolvesToRoundingError(n, diagonal: null);

    /// <summary>Diagonal entries of 1e-14 make every step need a row exchange; across the recursive split too.</summary>
    [Theory]
    [InlineData(40)]
    [InlineData(300)]
    public void PivotsWhereTheDiagonalIsTiny(int n) => SolvesToRoundingError(n, diagonal: 1e-14);

    private static void SolvesToRoundingError(int n, double? diagonal)
    {
        var rng = new SeededRandom((ulong)n);
        var matrix = Enumerable.Range(0, n * n).Select(_ => rng.NextGaussian()).ToArray();
        for (var i = 0; diagonal is { } d && i < n; i++)
        {
            matrix[i * n + i] = d;
        }
        var expected = Enumerable.Range(0, n).Select(_ => rng.NextGaussian()).ToArray();
        var rightHandSide = Enumerable.Range(0, n).Select(i => Enumerable.Range(0, n).Sum(j => matrix[i * n + j] * expected[j])).ToArray();
        var original = (double[])matrix.Clone();
        var solver = new LuDecomposition(n);

        Assert.True(solver.Factor(matrix));
        solver.Solve(rightHandSide);

        Assert.Equal(original, matrix);
        for (var i = 0; i < n; i++)
        {
            Assert.Equal(expected[i], rightHandSide[i], 1e-9);
        }
    }

    [Fact]
    public void PivotsPastAZeroOnTheDiagonal()
    {
        double[] permutation = [0, 1, 0, 0, 0, 1, 1, 0, 0];
        double[] x = [3, 5, 7];
        var solver = new LuDecomposition(3);

        Assert.True(solver.Factor(permutation));
        solver.Solve(x);

        Assert.Equal([7.0, 3, 5], x);
    }

    [Fact]
    public void ReportsSingularAndNonFiniteMatrices()
    {
        var solver = new LuDecomposition(3);

        Assert.False(solver.Factor([1, 2, 3, 2, 4, 6, 0, 1, 1]));
        Assert.False(solver.Factor([1, 0, 0, 0, double.NaN, 0, 0, 0, 1]));
        Assert.True(solver.Factor([2, 0, 0, 0, 3, 0, 0, 0, 4]));
    }
}

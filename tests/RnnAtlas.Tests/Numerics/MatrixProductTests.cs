using RnnAtlas.Numerics;

namespace RnnAtlas.Tests.Numerics;

/// <summary>The blocked kernel against the naive triple loop, over shapes that hit every block and tail path.</summary>
public sealed class MatrixProductTests
{
    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(3, 5, 7)]
    [InlineData(4, 64, 128)]
    [InlineData(9, 70, 300)]
    [InlineData(64, 128, 129)]
    [InlineData(5, 17, 2)]
    [InlineData(3, 64, 64)]
    public void MatchesTheNaiveProductInBothLayoutsOfA(int m, int n, int k)
    {
        var rng = new SeededRandom((ulong)(m * 1000 + n * 10 + k));
        double[] Random(int count) => [.. Enumerable.Range(0, count).Select(_ => rng.NextGaussian())];
        var a = Random(m * k);
        var b = Random(k * n);
        var start = Random(m * n);
        foreach (var transposed in new[] { false, true })
        {
            foreach (var accumulate in new[] { false, true })
            {
                var c = (double[])start.Clone();
                MatrixProduct.Multiply<double>(m, n, k, a, transposed ? 1 : k, transposed ? m : 1, b, n, c, n, accumulate);
                for (var i = 0; i < m; i++)
                {
                    for (var j = 0; j < n; j++)
                    {
                        var expected = accumulate ? start[i * n + j] : 0;
                        for (var p = 0; p < k; p++)
                        {
                            expected += (transposed ? a[p * m + i] : a[i * k + p]) * b[p * n + j];
                        }
                        Assert.Equal(expected, c[i * n + j], 1e-10);
                    }
                }
            }
        }
    }

    [Fact]
    public void LeadingDimensionsSelectSubmatrices()
    {
        float[] b = [1, 2, 99, 3, 4, 99];
        float[] c = [0, 0, -7, 0, 0, -7];
        MatrixProduct.Multiply<float>(2, 2, 2, [1, 0, 0, 1], 2, 1, b, 3, c, 3, false);
        Assert.Equal([1f, 2, -7, 3, 4, -7], c);
    }

    [Fact]
    public void TooShortSpansAreRejected() =>
        Assert.Throws<ArgumentException>(() => MatrixProduct.Multiply<float>(2, 2, 2, new float[3], 2, 1, new float[4], 2, new float[4], 2, false));

    [Theory]
    [InlineData(1, 1)]
    [InlineData(16, 16)]
    [InlineData(17, 33)]
    [InlineData(128, 3)]
    public void TransposeMovesEveryElement(int rows, int cols)
    {
        var source = Enumerable.Range(0, rows * cols).Select(i => (double)i).ToArray();
        var destination = new double[rows * cols];
        MatrixProduct.Transpose<double>(source, rows, cols, destination);
        for (var i = 0; i < rows; i++)
        {
            for (var j = 0; j < cols; j++)
            {
                Assert.Equal(source[i * cols + j], destination[j * rows + i]);
            }
        }
    }
}

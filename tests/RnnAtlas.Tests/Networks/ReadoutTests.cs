using RnnAtlas.Networks;
using RnnAtlas.Numerics;

namespace RnnAtlas.Tests.Networks;

/// <summary>The readout against the naive sum, over hidden sizes below, at and past a vector's width, with strided states.</summary>
public sealed class ReadoutTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(7, 3)]
    [InlineData(8, 1)]
    [InlineData(37, 3)]
    [InlineData(64, 5)]
    public void MatchesTheNaiveSum(int hidden, int outputs)
    {
        var rng = new SeededRandom((ulong)(hidden * 10 + outputs));
        const int rows = 9;
        var stride = 2 * hidden + 1;
        double[] Random(int count) => [.. Enumerable.Range(0, count).Select(_ => rng.NextGaussian())];
        var states = Random(rows * stride);
        var weights = Random(outputs * hidden);
        var bias = Random(outputs);
        var result = new double[rows * outputs];

        Readout.Apply<double>(states, stride, hidden, weights, bias, result, rows);

        for (var r = 0; r < rows; r++)
        {
            for (var o = 0; o < outputs; o++)
            {
                var expected = bias[o] + Enumerable.Range(0, hidden).Sum(k => states[r * stride + k] * weights[o * hidden + k]);
                Assert.Equal(expected, result[r * outputs + o], 1e-12);
            }
        }
    }
}

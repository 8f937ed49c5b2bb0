using System.Runtime.Intrinsics;
using RnnAtlas.Numerics;

namespace RnnAtlas.Tests.Numerics;

/// <summary>The float32 lane exponential against float64 <see cref="Math.Exp(double)"/>, in units in the last place.</summary>
public sealed class SingleExpTests
{
    [Fact]
    public void IsWithinTwoUlpOfTheFloat64ExponentialOverItsRange()
    {
        var rng = new SeededRandom(7);
        var worst = 0.0;
        var worstAt = 0f;
        var lanes = new float[16];
        for (var k = 0; k < 200_000; k++)
        {
            for (var l = 0; l < 16; l++)
            {
                // Half the samples where the cells evaluate (|x| ≤ 20), half over the whole clamped range.
                lanes[l] = (float)(k % 2 == 0 ? 40 * rng.NextDouble() - 20 : 175.5 * rng.NextDouble() - 87.2);
            }
            var result = SingleExp.Exp(Vector512.Create(lanes));
            for (var l = 0; l < 16; l++)
            {
                var exact = Math.Exp(lanes[l]);
                var ulp = (double)MathF.BitIncrement((float)exact) - (float)exact;
                var error = Math.Abs(result[l] - exact) / Math.Max(ulp, double.Epsilon);
                if (error > worst)
                {
                    (worst, worstAt) = (error, lanes[l]);
                }
            }
        }
        Assert.True(worst <= 2, $"worst error {worst:0.00} ulp at x = {worstAt}");
    }

    [Fact]
    public void IsExactAtZeroAndOneAndKeepsNaN()
    {
        var result = SingleExp.Exp(Vector512.Create([0f, 1f, float.NaN, -1f, .. new float[12]]));

        Assert.Equal(1f, result[0]);
        Assert.Equal(MathF.E, result[1], 1e-6f);
        Assert.True(float.IsNaN(result[2]));
        Assert.Equal(1 / MathF.E, result[3], 1e-7f);
    }

    [Fact]
    public void SaturatesToNormalNumbersBeyondTheClampedRange()
    {
        var result = SingleExp.Exp(Vector512.Create([float.NegativeInfinity, -200f, 200f, float.PositiveInfinity, .. new float[12]]));

        Assert.All(new[] { result[0], result[1] }, v => Assert.InRange(v, 1e-38f, 1.3e-38f));
        Assert.All(new[] { result[2], result[3] }, v => Assert.InRange(v, 2e38f, float.MaxValue));
        Assert.Equal(0f, 1f / (1f + result[3]), 1e-30f);
    }
}

using MathNet.Numerics.LinearAlgebra;
using RnnAtlas.Numerics;
using RnnAtlas.Similarity;

namespace RnnAtlas.Tests.Similarity;

/// <summary>
/// The Newton search's derivatives against central finite differences of the loss ‖Â − C B̂ Cᵀ‖² along the
/// Cayley-retracted coordinates x ↦ (I − X/2)⁻¹(I + X/2) C (second-order equal to e^X C), computed here with MathNet,
/// at sizes that cover the one-coordinate case, the Hessian's 8-wide padding and the 4-wide stretches' tails.
/// </summary>
public sealed class SimilarityTransformTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(5)]
    [InlineData(10)]
    [InlineData(11)]
    public void TheGradientAndHessianMatchFiniteDifferences(int n)
    {
        var random = new SeededRandom((ulong)(100 + n));
        var a = Gaussian(n, random);
        var b = Gaussian(n, random);
        var c = Matrix<double>.Build.Dense(n, n, (_, _) => random.NextGaussian()).QR().Q;
        var (gradient, hessian) = new SimilarityTransform(n, randomStarts: 0).DerivativesAt(a.ToRowMajorArray(), b.ToRowMajorArray(), c.ToRowMajorArray());
        var p = n * (n - 1) / 2;
        var coordinates = new List<(int I, int J)>();
        for (var i = 0; i < n; i++)
        {
            for (var j = i + 1; j < n; j++)
            {
                coordinates.Add((i, j));
            }
        }
        double LossAt(double[] x)
        {
            var skew = Matrix<double>.Build.Dense(n, n);
            for (var k = 0; k < p; k++)
            {
                skew[coordinates[k].I, coordinates[k].J] = x[k];
                skew[coordinates[k].J, coordinates[k].I] = -x[k];
            }
            var identity = Matrix<double>.Build.DenseIdentity(n);
            var moved = (identity - skew / 2).Solve((identity + skew / 2) * c);
            var (unitA, unitB) = (a / a.FrobeniusNorm(), b / b.FrobeniusNorm());
            return Math.Pow((unitA - moved * unitB * moved.Transpose()).FrobeniusNorm(), 2);
        }
        const double h = 1e-4;
        var scale = hessian.Max(Math.Abs);
        for (var k = 0; k < p; k++)
        {
            var (plus, minus) = (new double[p], new double[p]);
            plus[k] = h;
            minus[k] = -h;
            Assert.Equal((LossAt(plus) - LossAt(minus)) / (2 * h), gradient[k], 1e-7);
            for (var l = 0; l < p; l++)
            {
                var value = SecondDifference(LossAt, p, k, l, h);
                Assert.True(Math.Abs(value - hessian[k * p + l]) <= 1e-5 * scale, $"H[{k},{l}] = {hessian[k * p + l]}, finite differences {value}");
            }
        }
    }

    private static double SecondDifference(Func<double[], double> f, int p, int k, int l, double h)
    {
        double At(double dk, double dl)
        {
            var x = new double[p];
            x[k] += dk;
            x[l] += dl;
            return f(x);
        }
        return (At(h, h) - At(h, -h) - At(-h, h) + At(-h, -h)) / (4 * h * h);
    }

    private static Matrix<double> Gaussian(int n, SeededRandom random) => Matrix<double>.Build.Dense(n, n, (_, _) => random.NextGaussian());
}

using MathNet.Numerics.LinearAlgebra;
using RnnAtlas.Numerics;
using RnnAtlas.Similarity;

namespace RnnAtlas.Tests.Similarity;

/// <summary>
/// Dynamical similarity's defining properties on systems built here: the same dynamics seen through an orthogonal or
/// an invertible map of the units is at distance 0, also after the projection onto leading directions and with
/// delays; a change of rotation frequency gives a distance that grows with the gap; the spectrum distance is W₂² of
/// known spectra.
/// </summary>
public sealed class DsaInvarianceTests
{
    private const int Steps = 400;
    private const int Trials = 3;

    [Fact]
    public void AnOrthogonalMapOfTheUnitsLeavesTheDistanceZero()
    {
        var latent = Simulate(Oscillator(0.3, 0.95, 0.8, 0.6), 4, seed: 1);
        var rotated = Observe(latent, 4, Orthogonal(4, seed: 2));
        foreach (var options in new[] { new DsaOptions { Units = 0, Delays = 1, Rank = 0 }, new DsaOptions { Units = 0, Delays = 3, Rank = 6 } })
        {
            Assert.True(Distance(latent, rotated, 4, 4, options) < 1e-6);
        }
    }

    [Fact]
    public void AnInvertibleMapOfTheUnitsLeavesTheFullRankDistanceZero()
    {
        var latent = Simulate(Oscillator(0.3, 0.95, 0.8, 0.6), 4, seed: 3);
        var random = new SeededRandom(4);
        var mixed = Observe(latent, 4, Matrix<double>.Build.Dense(4, 4, (i, j) => (i == j ? 2 : 0) + random.NextGaussian()));
        Assert.True(Distance(latent, mixed, 4, 4, new DsaOptions { Units = 0, Delays = 1, Rank = 0 }) < 1e-6);
    }

    [Fact]
    public void EmbeddingInMoreUnitsThenProjectingKeepsTheDistanceZero()
    {
        // Four latent dimensions seen by 12 units through orthonormal columns: the top 4 principal directions recover them.
        var latent = Simulate(Oscillator(0.3, 0.95, 0.8, 0.6), 4, seed: 5);
        var wide = Observe(latent, 4, Orthogonal(12, seed: 6).SubMatrix(0, 4, 0, 12));
        Assert.True(Distance(latent, wide, 4, 12, new DsaOptions { Units = 4, Delays = 2, Rank = 8 }) < 1e-6);
    }

    [Fact]
    public void TheDistanceGrowsWithTheFrequencyGap()
    {
        var options = new DsaOptions { Units = 0, Delays = 1, Rank = 0 };
        var reference = Simulate(Rotation(0.2), 2, seed: 7);
        var distances = new[] { 0.05, 0.1, 0.2, 0.4 }.Select(gap => Distance(reference, Simulate(Rotation(0.2 + gap), 2, seed: 7), 2, 2, options)).ToArray();
        for (var i = 1; i < distances.Length; i++)
        {
            Assert.True(distances[i] > distances[i - 1], $"gap {i}: {string.Join(", ", distances)}");
        }
        // With the same noise, the fitted operators are close to 0.97 R(θ): the angle between them is about the gap.
        Assert.Equal(0.4, distances[^1], 0.05);
    }

    [Fact]
    public void TheSpectrumDistanceIsTheSquaredWassersteinDistanceOfKnownSpectra()
    {
        System.Numerics.Complex[] first = [new(0.9, 0.1), new(0.9, -0.1), new(0.5, 0)];
        System.Numerics.Complex[] second = [new(0.5, 0.2), new(0.8, 0), new(0.9, 0.1)];
        // The best matching pairs 0.9+0.1i with itself, 0.9−0.1i with 0.8, 0.5 with 0.5+0.2i: (0 + 0.02 + 0.04) / 3.
        Assert.Equal(0.02, SpectralWasserstein.Squared(first, second), 1e-15);
        // Two eigenvalues against four: each half of the mass of 0 and 1 goes to its two nearest.
        Assert.Equal((0.01 + 0.01 + 0.04 + 0.04) / 4, SpectralWasserstein.Squared([0, 1], [0.1, -0.1, 1.2, 0.8]), 1e-15);
    }

    private static double Distance(double[] x, double[] y, int unitsX, int unitsY, DsaOptions options)
    {
        var a = HavokDmd.Fit(x, Trials, unitsX, options, "x");
        var b = HavokDmd.Fit(y, Trials, unitsY, options, "y");
        return new SimilarityTransform(a.Rank, options.RandomStarts).Fit(a.Operator, b.Operator).Angle;
    }

    /// <summary>Trials of z_{t+1} = M z_t + ε (seeded Gaussian noise), [trials · steps, n].</summary>
    private static double[] Simulate(Matrix<double> m, int n, int seed)
    {
        var random = new SeededRandom((ulong)seed);
        var data = new double[Trials * Steps * n];
        for (var k = 0; k < Trials; k++)
        {
            var z = Vector<double>.Build.Dense(n, _ => random.NextGaussian());
            for (var t = 0; t < Steps; t++)
            {
                for (var i = 0; i < n; i++)
                {
                    data[(k * Steps + t) * n + i] = z[i];
                }
                z = m * z + Vector<double>.Build.Dense(n, _ => random.NextGaussian());
            }
        }
        return data;
    }

    /// <summary>Rows of <paramref name="latent"/> times the map ([latent units, observed units]).</summary>
    private static double[] Observe(double[] latent, int n, Matrix<double> map) =>
        (Matrix<double>.Build.DenseOfRowMajor(latent.Length / n, n, latent) * map).ToRowMajorArray();

    private static Matrix<double> Rotation(double theta) =>
        0.97 * Matrix<double>.Build.DenseOfArray(new[,] { { Math.Cos(theta), -Math.Sin(theta) }, { Math.Sin(theta), Math.Cos(theta) } });

    /// <summary>A damped rotation by θ (radius r) beside two decays, seen in a random non-orthogonal basis.</summary>
    private static Matrix<double> Oscillator(double theta, double radius, double decay1, double decay2)
    {
        var block = Matrix<double>.Build.Dense(4, 4);
        block.SetSubMatrix(0, 0, radius / 0.97 * Rotation(theta));
        block[2, 2] = decay1;
        block[3, 3] = decay2;
        var random = new SeededRandom(11);
        var basis = Matrix<double>.Build.Dense(4, 4, (i, j) => (i == j ? 2 : 0) + 0.5 * random.NextGaussian());
        return basis * block * basis.Inverse();
    }

    private static Matrix<double> Orthogonal(int n, int seed)
    {
        var random = new SeededRandom((ulong)seed);
        return Matrix<double>.Build.Dense(n, n, (_, _) => random.NextGaussian()).QR().Q;
    }
}

using RnnAtlas.Numerics;
using RnnAtlas.Similarity;

namespace RnnAtlas.Tests.Similarity;

/// <summary>Mathematical truths of the metrics (netrep's tests state the same): invariances, symmetry, triangle inequality.</summary>
public sealed class InvarianceTests
{
    private const int Samples = 300;
    private const int Units = 12;

    private static readonly IRepresentationalMetric[] All = [new Cca(), new Svcca(), new Pwcca(), new LinearCka(), new ProcrustesDistance(), new CcaShapeDistance()];

    [Fact]
    public void ARotationOfTheUnitsChangesNoRotationInvariantMetric()
    {
        var x = Activity(1);
        var rotated = Map(x, Orthogonal(Units, 2));
        var pair = Pair(x, rotated);
        Assert.Equal(0, new ProcrustesDistance().Compare(pair).Distance, 1e-7);
        Assert.Equal(1, new LinearCka().Compare(pair).Similarity, 1e-12);
        Assert.Equal(1, new Cca().Compare(pair).Similarity, 1e-12);
        Assert.Equal(1, new Svcca().Compare(pair).Similarity, 1e-9);
        Assert.Equal(0, new CcaShapeDistance().Compare(pair).Distance, 1e-7);
    }

    [Fact]
    public void AnInvertibleLinearMapKeepsCcaButNotProcrustes()
    {
        var x = Activity(3);
        var mixed = Map(x, Invertible(Units, 4));
        var pair = Pair(x, mixed);
        Assert.Equal(1, new Cca().Compare(pair).Similarity, 1e-12);
        Assert.Equal(0, new CcaShapeDistance().Compare(pair).Distance, 1e-7);
        Assert.True(new ProcrustesDistance().Compare(pair).Distance > 0.05);
        Assert.True(new LinearCka().Compare(pair).Similarity < 0.999);
    }

    [Fact]
    public void PermutingUnitsTranslatingAndScalingChangeNothing()
    {
        var x = Activity(5);
        var y = Activity(6);
        var baseline = All.Select(m => m.Compare(Pair(x, y))).ToArray();
        var permutation = Enumerable.Range(0, Units).Reverse().ToArray();
        var moved = new double[Samples * Units];
        for (var i = 0; i < Samples; i++)
        {
            for (var u = 0; u < Units; u++)
            {
                moved[i * Units + u] = 3.5 * y.Values[i * Units + permutation[u]] + 10 * u - 40;
            }
        }
        var changed = All.Select(m => m.Compare(Pair(x, new ActivityMatrix(moved, Samples, Units, "moved")))).ToArray();
        for (var m = 0; m < All.Length; m++)
        {
            Assert.Equal(baseline[m].Distance, changed[m].Distance, 1e-9);
        }
    }

    [Fact]
    public void SymmetricMetricsGiveTheSameDistanceBothWays()
    {
        var x = Activity(7);
        var y = Activity(8, units: 9);
        foreach (var metric in All)
        {
            Assert.Equal(metric.Compare(Pair(x, y)).Distance, metric.Compare(Pair(y, x)).Distance, 1e-10);
        }
    }

    [Fact]
    public void DistancesThatAreMetricsObeyTheTriangleInequality()
    {
        var activities = Enumerable.Range(0, 6).Select(s => Activity(20 + (ulong)s, shared: 0.3 * s)).Select(a => Subspace.Prepare(a)).ToArray();
        foreach (var metric in All.Where(m => m.IsMetric))
        {
            var d = new double[activities.Length, activities.Length];
            for (var i = 0; i < activities.Length; i++)
            {
                for (var j = 0; j < activities.Length; j++)
                {
                    d[i, j] = metric.Compare(new SubspacePair(activities[i], activities[j])).Distance;
                }
            }
            for (var i = 0; i < activities.Length; i++)
            {
                Assert.Equal(0, d[i, i], 1e-7);
                for (var j = 0; j < activities.Length; j++)
                {
                    for (var k = 0; k < activities.Length; k++)
                    {
                        Assert.True(d[i, k] <= d[i, j] + d[j, k] + 1e-9, $"{metric.Name}: d({i},{k}) = {d[i, k]} > d({i},{j}) + d({j},{k}) = {d[i, j] + d[j, k]}");
                    }
                }
            }
        }
    }

    [Fact]
    public void ActivityThatDoesNotVaryIsRejectedByName()
    {
        var constant = new ActivityMatrix(Enumerable.Repeat(0.5, Samples * 3).ToArray(), Samples, 3, "dead-network");
        var error = Assert.Throws<InvalidDataException>(() => Subspace.Prepare(constant));
        Assert.Contains("dead-network", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ActivitiesWithDifferentSampleCountsCannotBePaired()
    {
        var error = Assert.Throws<ArgumentException>(() => Pair(Activity(1), Activity(2, samples: 200)));
        Assert.Contains("share their samples", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Smooth shared latent (weight <paramref name="shared"/>) plus private structure, with column offsets.</summary>
    private static ActivityMatrix Activity(ulong seed, int units = Units, int samples = Samples, double shared = 0.5)
    {
        var random = new SeededRandom(seed);
        var common = new SeededRandom(99);
        var values = new double[samples * units];
        var mixing = Enumerable.Range(0, 3 * units).Select(_ => random.NextGaussian()).ToArray();
        var commonMixing = Enumerable.Range(0, 3 * units).Select(_ => common.NextGaussian()).ToArray();
        for (var i = 0; i < samples; i++)
        {
            double t = i / 20.0;
            double[] latent = [Math.Sin(t), Math.Cos(1.7 * t), Math.Sin(0.3 * t)];
            for (var u = 0; u < units; u++)
            {
                var v = 0.0;
                for (var l = 0; l < 3; l++)
                {
                    v += latent[l] * (shared * commonMixing[l * units + u] + (1 - shared) * mixing[l * units + u]);
                }
                values[i * units + u] = v + 0.3 * random.NextGaussian() + u;
            }
        }
        return new ActivityMatrix(values, samples, units, $"activity-{seed}");
    }

    private static SubspacePair Pair(ActivityMatrix a, ActivityMatrix b) => new(Subspace.Prepare(a), Subspace.Prepare(b));

    private static ActivityMatrix Map(ActivityMatrix x, double[] map)
    {
        var values = new double[x.Samples * x.Units];
        MatrixProduct.Multiply<double>(x.Samples, x.Units, x.Units, x.Values, x.Units, 1, map, x.Units, values, x.Units, accumulate: false);
        return new ActivityMatrix(values, x.Samples, x.Units, x.Source + "-mapped");
    }

    private static double[] Orthogonal(int n, ulong seed)
    {
        var random = new SeededRandom(seed);
        var q = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Dense(n, n, (_, _) => random.NextGaussian()).QR().Q;
        return q.ToRowMajorArray();
    }

    private static double[] Invertible(int n, ulong seed)
    {
        var random = new SeededRandom(seed);
        return [.. Enumerable.Range(0, n * n).Select(i => random.NextGaussian() + (i % (n + 1) == 0 ? 2.0 : 0.0))];
    }
}

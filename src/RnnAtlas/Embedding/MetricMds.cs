using RnnAtlas.Numerics;
using RnnAtlas.Similarity;

namespace RnnAtlas.Embedding;

/// <summary>
/// Metric MDS by SMACOF (de Leeuw; unit weights), as scikit-learn 1.2 runs it: from each of <see cref="Starts"/>
/// seeded uniform configurations, Guttman transforms X ← B(X) X / n until the normalized stress stops decreasing by
/// <see cref="Tolerance"/> or <see cref="MaxIterations"/> is reached; the start with the lowest stress wins.
/// </summary>
/// <param name="Starts">Random starting configurations.</param>
/// <param name="MaxIterations">Most Guttman transforms per start.</param>
/// <param name="Tolerance">Stop when (previous − current) normalized stress falls below this.</param>
/// <param name="Seed">Seed of the starting configurations.</param>
public sealed record MetricMds(int Starts = 4, int MaxIterations = 300, double Tolerance = 1e-3, ulong Seed = 0)
{
    /// <summary>Embeds <paramref name="distances"/> in <paramref name="dimensions"/> dimensions from seeded starts.</summary>
    public Embedding Embed(DistanceMatrix distances, int dimensions = 2)
    {
        ArgumentNullException.ThrowIfNull(distances);
        var random = new SeededRandom(Seed);
        var n = distances.Count;
        var starts = Enumerable.Range(0, Starts)
            .Select(_ => Enumerable.Range(0, n * dimensions).Select(_ => random.NextDouble()).ToArray())
            .ToArray();
        return starts.Select(start => Run(distances, start, dimensions).Embedding).MinBy(e => e.Stress)!;
    }

    /// <summary>
    /// One SMACOF run from <paramref name="start"/> ([count, dimensions]); returns the final coordinates with the stress
    /// before the last transform (scikit-learn's <c>stress_</c>) and the iterations run.
    /// </summary>
    public (Embedding Embedding, int Iterations) Run(DistanceMatrix distances, double[] start, int dimensions)
    {
        ArgumentNullException.ThrowIfNull(distances);
        ArgumentNullException.ThrowIfNull(start);
        var n = distances.Count;
        var x = (double[])start.Clone();
        var next = new double[n * dimensions];
        var ratio = new double[n];
        double? previous = null;
        var stress = 0.0;
        var iteration = 0;
        while (iteration < MaxIterations)
        {
            iteration++;
            stress = RawStress(distances, x, dimensions);
            Array.Clear(next);
            for (var i = 0; i < n; i++)
            {
                var diagonal = 0.0;
                for (var j = 0; j < n; j++)
                {
                    var d = PointDistance(x, i, j, dimensions);
                    ratio[j] = i == j ? 0 : distances[i, j] / (d == 0 ? 1e-5 : d);
                    diagonal += ratio[j];
                }
                for (var j = 0; j < n; j++)
                {
                    var weight = i == j ? diagonal : -ratio[j];
                    for (var k = 0; k < dimensions; k++)
                    {
                        next[i * dimensions + k] += weight * x[j * dimensions + k] / n;
                    }
                }
            }
            (x, next) = (next, x);
            var norm = 0.0;
            for (var i = 0; i < n; i++)
            {
                var sum = 0.0;
                for (var k = 0; k < dimensions; k++)
                {
                    sum += x[i * dimensions + k] * x[i * dimensions + k];
                }
                norm += Math.Sqrt(sum);
            }
            var normalized = stress / norm;
            if (previous is { } old && old - normalized < Tolerance)
            {
                break;
            }
            previous = normalized;
        }
        return (new Embedding(x, dimensions, stress), iteration);
    }

    /// <summary>Raw stress Σ_{i&lt;j} (‖x_i − x_j‖ − δ_ij)² of <paramref name="coordinates"/> against <paramref name="distances"/>.</summary>
    public static double RawStress(DistanceMatrix distances, ReadOnlySpan<double> coordinates, int dimensions)
    {
        ArgumentNullException.ThrowIfNull(distances);
        var stress = 0.0;
        for (var i = 0; i < distances.Count; i++)
        {
            for (var j = i + 1; j < distances.Count; j++)
            {
                var e = PointDistance(coordinates, i, j, dimensions) - distances[i, j];
                stress += e * e;
            }
        }
        return stress;
    }

    internal static double PointDistance(ReadOnlySpan<double> x, int i, int j, int dimensions)
    {
        var sum = 0.0;
        for (var k = 0; k < dimensions; k++)
        {
            var d = x[i * dimensions + k] - x[j * dimensions + k];
            sum += d * d;
        }
        return Math.Sqrt(sum);
    }
}

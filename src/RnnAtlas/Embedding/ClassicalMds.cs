using MathNet.Numerics.LinearAlgebra;
using RnnAtlas.Similarity;

namespace RnnAtlas.Embedding;

/// <summary>
/// Classical (Torgerson) multidimensional scaling: B = −½ J D⁽²⁾ J with J = I − 11ᵀ/n, coordinates = the top
/// eigenvectors scaled by √λ. Exact for Euclidean distances; deterministic (each axis's sign is fixed so that its
/// largest-magnitude coordinate is positive). An axis whose eigenvalue is not positive (e.g. every distance 0) has all
/// coordinates 0.
/// </summary>
public static class ClassicalMds
{
    /// <summary>Embeds <paramref name="distances"/> in <paramref name="dimensions"/> dimensions; also returns all eigenvalues of B, largest first.</summary>
    public static (Embedding Embedding, double[] Eigenvalues) Embed(DistanceMatrix distances, int dimensions = 2)
    {
        ArgumentNullException.ThrowIfNull(distances);
        var n = distances.Count;
        var squared = Matrix<double>.Build.Dense(n, n, (i, j) => distances[i, j] * distances[i, j]);
        var rowMeans = squared.RowSums() / n;
        var grandMean = rowMeans.Sum() / n;
        var b = Matrix<double>.Build.Dense(n, n, (i, j) => -0.5 * (squared[i, j] - rowMeans[i] - rowMeans[j] + grandMean));
        var evd = b.Evd(Symmetricity.Symmetric);
        var order = Enumerable.Range(0, n).OrderByDescending(i => evd.EigenValues[i].Real).ToArray();
        var eigenvalues = order.Select(i => evd.EigenValues[i].Real).ToArray();
        ArgumentOutOfRangeException.ThrowIfGreaterThan(dimensions, n);
        var coordinates = new double[n * dimensions];
        for (var k = 0; k < dimensions && eigenvalues[k] > 0; k++)
        {
            var axis = evd.EigenVectors.Column(order[k]) * Math.Sqrt(eigenvalues[k]);
            var sign = axis[axis.AbsoluteMaximumIndex()] < 0 ? -1.0 : 1.0;
            for (var i = 0; i < n; i++)
            {
                coordinates[i * dimensions + k] = sign * axis[i];
            }
        }
        return (new Embedding(coordinates, dimensions, MetricMds.RawStress(distances, coordinates, dimensions)), eigenvalues);
    }
}

using MathNet.Numerics.LinearAlgebra;
using RnnAtlas.Numerics;

namespace RnnAtlas.Similarity;

/// <summary>
/// The per-network preparation every representational metric shares, done once per network so that the per-pair work
/// is one small cross product <c>QaᵀQb</c>: the column-centred activity Xc [samples, units] is reduced to its principal
/// directions, Xc = Z Vᵀ with scores Z = Xc V, and Z = Q W with Q [samples, directions] orthonormal and W upper
/// triangular. Directions are sorted by variance, and the first k columns of Q span the top k principal components.
/// </summary>
/// <remarks>
/// Built from the units × units covariance XcᵀXc (one matrix product on the fast kernel and a symmetric
/// eigendecomposition) rather than a QR of the tall activity, which is 3–30× slower here (docs/decisions/0005).
/// Directions whose singular value is below <see cref="RankTolerance"/> times the largest count as absent: the
/// covariance route resolves singular values only to about 1e-7 of the largest, and activity of float32 weights holds
/// nothing real below that. The basis Z Λ^{-1/2} is re-orthonormalized once (Cholesky QR), which keeps the nesting of
/// the leading directions.
/// </remarks>
public sealed class Subspace
{
    /// <summary>A direction counts when its singular value exceeds this fraction of the largest.</summary>
    public const double RankTolerance = 1e-6;

    private readonly double[] _basis;
    private readonly double[] _scale;
    private readonly double[] _loadings;
    private readonly double[] _means;

    private Subspace(string source, int samples, int units, int rank, int directions, double[] variances, double totalVariance, double covarianceNorm, double[] basis, double[] scale, double[] loadings, double[] means)
    {
        _means = means;
        Source = source;
        Samples = samples;
        Units = units;
        Rank = rank;
        Directions = directions;
        Variances = variances;
        TotalVariance = totalVariance;
        CovarianceNorm = covarianceNorm;
        _basis = basis;
        _scale = scale;
        _loadings = loadings;
    }

    /// <summary>Where the activity came from.</summary>
    public string Source { get; }

    /// <summary>Samples (rows of the activity).</summary>
    public int Samples { get; }

    /// <summary>Units (columns of the activity).</summary>
    public int Units { get; }

    /// <summary>Numerical rank of the centred activity under <see cref="RankTolerance"/>.</summary>
    public int Rank { get; }

    /// <summary>Directions kept (the rank, or fewer when the preparation was truncated for SVCCA alone).</summary>
    public int Directions { get; }

    /// <summary>Eigenvalues of XcᵀXc (squared singular values of Xc), largest first, all <see cref="Units"/> of them.</summary>
    public IReadOnlyList<double> Variances { get; }

    /// <summary>‖Xc‖²_F = trace(XcᵀXc).</summary>
    public double TotalVariance { get; }

    /// <summary>‖XcᵀXc‖_F.</summary>
    public double CovarianceNorm { get; }

    /// <summary>Q: orthonormal basis of the kept directions, [samples, directions] row-major.</summary>
    public ReadOnlySpan<double> Basis => _basis;

    /// <summary>W: scores in the basis, Z = Q W, [directions, directions] row-major, upper triangular.</summary>
    public ReadOnlySpan<double> Scale => _scale;

    /// <summary>V: principal axes in unit space, Xc ≈ Z Vᵀ, [units, directions] row-major.</summary>
    public ReadOnlySpan<double> Loadings => _loadings;

    /// <summary>Coordinates of <paramref name="state"/> (one sample, [units]) on the first <paramref name="axes"/> principal axes: (x − mean) V.</summary>
    public double[] Project(ReadOnlySpan<double> state, int axes)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(axes, Directions);
        var coordinates = new double[axes];
        for (var u = 0; u < Units; u++)
        {
            for (var k = 0; k < axes; k++)
            {
                coordinates[k] += (state[u] - _means[u]) * _loadings[u * Directions + k];
            }
        }
        return coordinates;
    }

    /// <summary>
    /// The smallest number of leading directions whose variance reaches <paramref name="varianceThreshold"/> of the
    /// total, capped at <paramref name="cap"/> and at the rank (the SVCCA reduction).
    /// </summary>
    public int DirectionsExplaining(double varianceThreshold, int cap)
    {
        var total = Variances.Sum(v => Math.Max(v, 0));
        var sum = 0.0;
        var k = 0;
        while (k < Variances.Count && sum < varianceThreshold * total)
        {
            sum += Math.Max(Variances[k], 0);
            k++;
        }
        return Math.Min(Math.Min(Math.Max(k, 1), cap), Rank);
    }

    /// <summary>Prepares <paramref name="activity"/>, keeping at most <paramref name="maxDirections"/> leading directions.</summary>
    /// <exception cref="InvalidDataException">The activity does not vary (every unit is constant).</exception>
    public static Subspace Prepare(ActivityMatrix activity, int maxDirections = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(activity);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDirections, 1);
        int n = activity.Samples, p = activity.Units;
        var (centred, means) = Centre(activity);
        var covariance = new double[p * p];
        MatrixProduct.Multiply<double>(p, p, n, centred, 1, p, centred, p, covariance, p, accumulate: false);
        var evd = Matrix<double>.Build.DenseOfRowMajor(p, p, covariance).Evd(Symmetricity.Symmetric);
        var order = Enumerable.Range(0, p).OrderByDescending(i => evd.EigenValues[i].Real).ToArray();
        var variances = order.Select(i => evd.EigenValues[i].Real).ToArray();
        if (!(variances[0] > 0))
        {
            throw new InvalidDataException($"{activity.Source}: the activity does not vary (every unit is constant over the samples)");
        }
        var floor = RankTolerance * RankTolerance * variances[0];
        var rank = variances.Count(v => v > floor);
        var d = Math.Min(rank, maxDirections);

        var axes = new double[p * d];
        for (var u = 0; u < p; u++)
        {
            for (var k = 0; k < d; k++)
            {
                axes[u * d + k] = evd.EigenVectors[u, order[k]];
            }
        }
        var basis = new double[n * d];
        MatrixProduct.Multiply<double>(n, d, p, centred, p, 1, axes, d, basis, d, accumulate: false);
        var scale = Orthonormalize(basis, n, d, variances);
        var trace = 0.0;
        for (var u = 0; u < p; u++)
        {
            trace += covariance[u * p + u];
        }
        var norm = Math.Sqrt(covariance.Sum(c => c * c));
        return new Subspace(activity.Source, n, p, rank, d, variances, trace, norm, basis, scale, axes, means);
    }

    private static (double[] Centred, double[] Means) Centre(ActivityMatrix activity)
    {
        int n = activity.Samples, p = activity.Units;
        var values = activity.Values;
        var means = new double[p];
        for (var i = 0; i < n; i++)
        {
            for (var u = 0; u < p; u++)
            {
                means[u] += values[i * p + u];
            }
        }
        for (var u = 0; u < p; u++)
        {
            means[u] /= n;
        }
        var centred = new double[n * p];
        for (var i = 0; i < n; i++)
        {
            for (var u = 0; u < p; u++)
            {
                centred[i * p + u] = values[i * p + u] - means[u];
            }
        }
        return (centred, means);
    }

    /// <summary>
    /// Turns the scores Z (in place, [n, d]) into Q with Z = Q W: first U = Z Λ^{-1/2}, then one Cholesky QR step
    /// U = Q R (R = Lᵀ of UᵀU = L Lᵀ); returns W = R Λ^{1/2}.
    /// </summary>
    private static double[] Orthonormalize(double[] scores, int n, int d, double[] variances)
    {
        for (var i = 0; i < n; i++)
        {
            for (var k = 0; k < d; k++)
            {
                scores[i * d + k] /= Math.Sqrt(variances[k]);
            }
        }
        var gram = new double[d * d];
        MatrixProduct.Multiply<double>(d, d, n, scores, 1, d, scores, d, gram, d, accumulate: false);
        var r = Matrix<double>.Build.DenseOfRowMajor(d, d, gram).Cholesky().Factor.Transpose();
        var rInverse = r.Inverse().ToRowMajorArray();
        var basis = new double[n * d];
        MatrixProduct.Multiply<double>(n, d, d, scores, d, 1, rInverse, d, basis, d, accumulate: false);
        basis.CopyTo(scores, 0);
        var scale = r.ToRowMajorArray();
        for (var i = 0; i < d; i++)
        {
            for (var k = 0; k < d; k++)
            {
                scale[i * d + k] *= Math.Sqrt(variances[k]);
            }
        }
        return scale;
    }
}

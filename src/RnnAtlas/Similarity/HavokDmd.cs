using System.Numerics;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Factorization;
using RnnAtlas.Numerics;

namespace RnnAtlas.Similarity;

/// <summary>
/// One network's linear model for dynamical similarity analysis: HAVOK-style DMD on a delay embedding, as
/// mitchellostrow/DSA fits it (<c>DMD.fit</c>), prepared once per network.
/// </summary>
/// <remarks>
/// For trials X_k ∈ R^{T×N} (k = 0..K−1), m delays and interval τ, T′ = T − (m−1)τ and d = N·m, the Hankel matrix
/// stacks H_k[t, j·N + i] = X_k[t + (m−1−j)τ, i] (the most recent sample first) over the trials. Its thin SVD
/// H = V diag(S) Uᵀ is computed as a Householder QR, H = Q R, then the SVD of the small R (float64 throughout; the
/// reference's Hankel matrix silently takes torch's float32 default). The first r columns of V are the
/// eigen-time-delay coordinates; the regression pairs (v_t, v_{t+1}) never cross a trial boundary, and
/// A = ((V₋ᵀV₋ + λI)⁻¹ V₋ᵀV₊)ᵀ ∈ R^{r×r}, so that v_{t+1} ≈ A v_t. A is the matrix DSA compares (the reference's
/// <c>A_v</c>). Nothing is centred or scaled (as in the reference). Unlike the reference, directions whose singular value
/// is below <see cref="RankTolerance"/> of the largest are never kept, since their coordinates are rounding noise.
/// </remarks>
public sealed class HavokDmd
{
    /// <summary>Singular values below this share of the largest are dropped from the rank.</summary>
    public const double RankTolerance = 1e-12;

    private readonly double[] _operator;
    private readonly double[] _leftVectors;
    private readonly double[] _singularValues;

    private HavokDmd(string source, int width, int rank, double[] op, double[] leftVectors, double[] singularValues, Complex[]? eigenvalues)
    {
        Source = source;
        EmbeddingWidth = width;
        Rank = rank;
        _operator = op;
        _leftVectors = leftVectors;
        _singularValues = singularValues;
        Eigenvalues = eigenvalues;
        OperatorNorm = Math.Sqrt(op.Sum(v => v * v));
    }

    /// <summary>Where the activity came from.</summary>
    public string Source { get; }

    /// <summary>Width d of the delay embedding (units after projection × delays).</summary>
    public int EmbeddingWidth { get; }

    /// <summary>Rank r of the operator.</summary>
    public int Rank { get; }

    /// <summary>A, [r, r] row-major: the operator in the eigen-time-delay coordinates.</summary>
    public ReadOnlySpan<double> Operator => _operator;

    /// <summary>‖A‖_F.</summary>
    public double OperatorNorm { get; }

    /// <summary>Every singular value of the Hankel matrix, descending.</summary>
    public ReadOnlySpan<double> SingularValues => _singularValues;

    /// <summary>U_r, [d, r] row-major: the leading right singular vectors of H (left singular vectors of Hᵀ).</summary>
    public ReadOnlySpan<double> LeftVectors => _leftVectors;

    /// <summary>A's eigenvalues (unordered), or null when the eigendecomposition did not converge.</summary>
    public IReadOnlyList<Complex>? Eigenvalues { get; }

    /// <summary>
    /// Fits the operator to <paramref name="activity"/> ([trials · steps, units] row-major, trial-major rows).
    /// </summary>
    /// <exception cref="InvalidDataException">The activity is <see cref="Unfit"/> for the options.</exception>
    public static HavokDmd Fit(ReadOnlySpan<double> activity, int trials, int units, DsaOptions options, string source)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(trials, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(units, 1);
        var steps = activity.Length / units / trials;
        if (steps * trials * units != activity.Length)
        {
            throw new ArgumentException($"{activity.Length} values do not hold {trials} trials of {units} units", nameof(activity));
        }
        if (Unfit(trials, steps, units, options) is { } problem)
        {
            throw new InvalidDataException($"{source}: {problem}");
        }
        var (data, n) = options.Units > 0 && options.Units < units ? Project(activity, steps * trials, units, options.Units) : (activity.ToArray(), units);
        var m = options.Delays;
        var tau = options.DelayInterval;
        var embedded = steps - (m - 1) * tau;
        var d = n * m;
        var rows = trials * embedded;
        var hankel = Matrix<double>.Build.Dense(rows, d);
        for (var k = 0; k < trials; k++)
        {
            for (var t = 0; t < embedded; t++)
            {
                for (var j = 0; j < m; j++)
                {
                    var sample = (k * steps + t + (m - 1 - j) * tau) * n;
                    for (var i = 0; i < n; i++)
                    {
                        hankel[k * embedded + t, j * n + i] = data[sample + i];
                    }
                }
            }
        }
        var qr = hankel.QR(QRMethod.Thin);
        var svd = qr.R.Svd(computeVectors: true);
        var singular = svd.S.ToArray();
        var rank = ChooseRank(singular, options);
        // H = Q R = (Q U_R) diag(S) V_Rᵀ: the time coordinates are Q U_R, the embedding's directions V_R.
        var coordinates = (qr.Q * svd.U.SubMatrix(0, d, 0, rank)).ToRowMajorArray();
        var left = svd.VT.SubMatrix(0, rank, 0, d).Transpose().ToRowMajorArray();
        var op = Regress(coordinates, trials, embedded, rank, options.Ridge);
        return new HavokDmd(source, d, rank, op, left, singular, Spectrum(op, rank));
    }

    /// <summary>
    /// Why activity of <paramref name="trials"/> trials × <paramref name="steps"/> samples × <paramref name="units"/> units
    /// cannot be fitted with <paramref name="options"/> (trials too short for the delays, or fewer delay-embedded samples
    /// than the embedding is wide), or null when it can.
    /// </summary>
    public static string? Unfit(int trials, int steps, int units, DsaOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var (m, tau) = (options.Delays, options.DelayInterval);
        var n = options.Units > 0 ? Math.Min(options.Units, units) : units;
        var embedded = steps - (m - 1) * tau;
        if (embedded < 2)
        {
            return $"trials of {steps} samples are too short for {m} delays × {tau} samples (need at least {(m - 1) * tau + 2})";
        }
        return trials * embedded < n * m
            ? $"{trials * embedded} delay-embedded samples are fewer than the embedding's width {n * m} ({n} units × {m} delays); use fewer delays or units"
            : null;
    }

    /// <summary>
    /// The map on delay-embedded states, A_full = U_r diag(S_r) A diag(S_r)⁻¹ U_rᵀ ([d, d] row-major; the reference's
    /// <c>A_havok_dmd</c>), which does not depend on the singular vectors' signs.
    /// </summary>
    public double[] FullOperator()
    {
        var r = Rank;
        var d = EmbeddingWidth;
        var scaled = new double[d * r];
        for (var i = 0; i < d; i++)
        {
            for (var j = 0; j < r; j++)
            {
                var sum = 0.0;
                for (var k = 0; k < r; k++)
                {
                    sum += _leftVectors[i * r + k] * _singularValues[k] * _operator[k * r + j];
                }
                scaled[i * r + j] = sum / _singularValues[j];
            }
        }
        var full = new double[d * d];
        MatrixProduct.Multiply<double>(d, d, r, scaled, r, 1, Transposed(_leftVectors, d, r), d, full, d, accumulate: false);
        return full;
    }

    private static double[] Transposed(ReadOnlySpan<double> matrix, int rows, int cols)
    {
        var result = new double[rows * cols];
        MatrixProduct.Transpose(matrix, rows, cols, result);
        return result;
    }

    /// <summary>r: the option's rank (at most the number of singular values), else the explained-variance count, else all; never a direction below <see cref="RankTolerance"/>.</summary>
    private static int ChooseRank(double[] singular, DsaOptions options)
    {
        var q = singular.Length;
        var rank = q;
        if (options.Rank > 0)
        {
            rank = Math.Min(options.Rank, q);
        }
        else if (options.ExplainedVariance is { } share)
        {
            var total = singular.Sum(s => s * s);
            var cumulative = 0.0;
            rank = 0;
            while (rank < q - 1 && (cumulative += singular[rank] * singular[rank]) / total < share)
            {
                rank++;
            }
            rank = Math.Min(rank + 1, q);
        }
        var numerical = singular.Count(s => s > RankTolerance * singular[0]);
        return Math.Max(1, Math.Min(rank, numerical));
    }

    /// <summary>A = ((V₋ᵀV₋ + λI)⁻¹ V₋ᵀV₊)ᵀ over the regression pairs of every trial.</summary>
    private static double[] Regress(double[] coordinates, int trials, int embedded, int r, double ridge)
    {
        var before = Matrix<double>.Build.Dense(r, r);
        var cross = Matrix<double>.Build.Dense(r, r);
        for (var k = 0; k < trials; k++)
        {
            for (var t = 0; t + 1 < embedded; t++)
            {
                var now = (k * embedded + t) * r;
                var next = now + r;
                for (var i = 0; i < r; i++)
                {
                    var vi = coordinates[now + i];
                    for (var j = 0; j < r; j++)
                    {
                        before[i, j] += vi * coordinates[now + j];
                        cross[i, j] += vi * coordinates[next + j];
                    }
                }
            }
        }
        for (var i = 0; i < r; i++)
        {
            before[i, i] += ridge;
        }
        return before.Solve(cross).Transpose().ToRowMajorArray();
    }

    private static Complex[]? Spectrum(double[] op, int r)
    {
        try
        {
            return [.. Matrix<double>.Build.DenseOfRowMajor(r, r, op).Evd(Symmetricity.Asymmetric).EigenValues];
        }
        catch (MathNet.Numerics.NonConvergenceException)
        {
            return null;
        }
    }

    /// <summary>The activity in its top <paramref name="kept"/> principal directions of XᵀX (uncentred).</summary>
    private static (double[] Data, int Units) Project(ReadOnlySpan<double> activity, int samples, int units, int kept)
    {
        var moment = new double[units * units];
        MatrixProduct.Multiply(units, units, samples, activity, 1, units, activity, units, moment, units, accumulate: false);
        var evd = Matrix<double>.Build.DenseOfRowMajor(units, units, moment).Evd(Symmetricity.Symmetric);
        // MathNet orders a symmetric matrix's eigenvalues ascending: the last columns are the leading directions.
        var axes = evd.EigenVectors.SubMatrix(0, units, units - kept, kept).ToRowMajorArray();
        var projected = new double[samples * kept];
        MatrixProduct.Multiply<double>(samples, kept, units, activity, units, 1, axes, kept, projected, kept, accumulate: false);
        return (projected, kept);
    }
}

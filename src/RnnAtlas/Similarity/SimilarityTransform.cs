using System.Numerics.Tensors;
using MathNet.Numerics.LinearAlgebra;
using RnnAtlas.Numerics;

namespace RnnAtlas.Similarity;

/// <summary>
/// The similarity-transform distance of DSA between two operators of equal size n: with Â = A/‖A‖_F and
/// B̂ = B/‖B‖_F, the minimum over every orthogonal C (rotations and reflections) of ‖Â − C B̂ Cᵀ‖_F, reported as the
/// angle arccos tr(Âᵀ C B̂ Cᵀ) = 2 asin(‖Â − C B̂ Cᵀ‖_F / 2) (the second form is accurate near 0). Not thread-safe:
/// one instance per worker.
/// </summary>
/// <remarks>
/// The reference (mitchellostrow/DSA <c>SimilarityTransformDist</c>) runs Adam once per component of O(n) on an
/// over-parametrised Cayley map started at the identity; it often stops in a local minimum, and the Cayley map cannot
/// reach rotations by angles near π. Here the loss is minimised by Newton's method on O(n) from several starts: at C,
/// with B = C B̂ Cᵀ and R = Â − B, the loss of e^X C (X skew, coordinates x_k on E_k = e_i e_jᵀ − e_j e_iᵀ, i &lt; j) is
/// ‖R − [X, B] − ½[X, [X, B]]‖² + O(X³), so the gradient is g_k = −2⟨R, [E_k, B]⟩ and the Hessian
/// H_kl = 2⟨[E_k, B], [E_l, B]⟩ + ⟨[E_k, R], [E_l, B]⟩ + ⟨[E_l, R], [E_k, B]⟩; every such inner product is a sum of
/// sixteen entries of M Nᵀ, Mᵀ N, M and N, so H costs O(n⁴) rather than O(n⁶). The step solves (H + μI) s = −g
/// (μ = 0 when H has a Cholesky factor; else a shift grown by fours from a quarter of the last one that worked), is taken along the Cayley retraction
/// C ← (I − X/2)⁻¹(I + X/2) C (second-order equal to e^X) with Armijo backtracking, and stops when ‖g‖ ≤ 1e-9 √loss. The
/// starts: the identity, a reflection, the alignments of the two matrices' symmetric-part eigenvectors and of their
/// singular vectors (C = E_A D E_Bᵀ, exact when B̂ = Cᵀ Â C, with the signs D chosen greedily), and
/// <see cref="DsaOptions.RandomStarts"/> Haar-random orthogonal matrices (seeded, the same for every pair). The best
/// local minimum is kept.
/// </remarks>
public sealed class SimilarityTransform
{
    private const int MaxIterations = 200;
    private const double GradientTolerance = 1e-9;

    private readonly int _n;
    private readonly int _p;
    private readonly int[] _first;
    private readonly int[] _second;
    private readonly double[][] _randomStarts;
    private readonly double[] _a;
    private readonly double[] _b;
    private readonly double[] _transformed;
    private readonly double[] _residual;
    private readonly double[] _work;
    private readonly double[] _transpose;
    private readonly double[] _rowsU;
    private readonly double[] _columnsU;
    private readonly double[] _rowsR;
    private readonly double[] _columnsR;
    private readonly double[] _rowsRB;
    private readonly double[] _columnsRB;
    private readonly double[] _hessian;
    private readonly double[] _factor;
    private readonly double[] _gradient;
    private readonly double[] _step;
    private readonly double[] _candidate;
    private readonly double[] _cayley;
    private readonly LuDecomposition _lu;
    private double _shift;

    /// <summary>Prepares the search for operators of size <paramref name="size"/>.</summary>
    /// <param name="size">n.</param>
    /// <param name="randomStarts">Haar-random starts besides the structured ones.</param>
    public SimilarityTransform(int size, int randomStarts)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(randomStarts);
        _n = size;
        _p = size * (size - 1) / 2;
        _first = new int[_p];
        _second = new int[_p];
        var k = 0;
        for (var i = 0; i < size; i++)
        {
            for (var j = i + 1; j < size; j++, k++)
            {
                (_first[k], _second[k]) = (i, j);
            }
        }
        var random = new SeededRandom(SeededRandom.Derive(0x05A_7A11, (ulong)size));
        _randomStarts = [.. Enumerable.Range(0, randomStarts).Select(_ => Haar(size, random))];
        var nn = size * size;
        _a = new double[nn];
        _b = new double[nn];
        _transformed = new double[nn];
        _residual = new double[nn];
        _work = new double[nn];
        _transpose = new double[nn];
        _rowsU = new double[nn];
        _columnsU = new double[nn];
        _rowsR = new double[nn];
        _columnsR = new double[nn];
        _rowsRB = new double[nn];
        _columnsRB = new double[nn];
        _candidate = new double[nn];
        _cayley = new double[nn];
        _hessian = new double[_p * _p];
        _factor = new double[_p * _p];
        _gradient = new double[_p];
        _step = new double[_p];
        _lu = new LuDecomposition(size);
    }

    /// <summary>
    /// The distance between <paramref name="a"/> and <paramref name="b"/> ([n, n] row-major each): the angle, the
    /// euclidean distance ‖Â − C B̂ Cᵀ‖_F and the best C found.
    /// </summary>
    /// <exception cref="ArgumentException">A matrix is not n × n, or is zero.</exception>
    public SimilarityTransformFit Fit(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        Normalize(a, _a, nameof(a));
        Normalize(b, _b, nameof(b));
        var best = (Loss: double.PositiveInfinity, C: Array.Empty<double>());
        foreach (var start in Starts())
        {
            var loss = Minimize(start);
            if (loss < best.Loss)
            {
                best = (loss, start);
            }
        }
        var euclidean = Math.Sqrt(Math.Max(best.Loss, 0));
        return new SimilarityTransformFit(2 * Math.Asin(Math.Min(1, euclidean / 2)), euclidean, best.C);
    }

    /// <summary>
    /// The angular score of a given orthogonal <paramref name="c"/>: arccos(tr(Âᵀ C B̂ Cᵀ)), as the reference scores its
    /// optimiser's result.
    /// </summary>
    public double Angle(ReadOnlySpan<double> a, ReadOnlySpan<double> b, ReadOnlySpan<double> c)
    {
        Normalize(a, _a, nameof(a));
        Normalize(b, _b, nameof(b));
        c.CopyTo(_candidate);
        Loss(_candidate);
        var inner = 0.0;
        for (var i = 0; i < _a.Length; i++)
        {
            inner += _a[i] * _transformed[i];
        }
        return Math.Acos(Math.Clamp(inner, -1, 1));
    }

    private void Normalize(ReadOnlySpan<double> source, double[] destination, string name)
    {
        if (source.Length != destination.Length)
        {
            throw new ArgumentException($"expected {_n} × {_n} values, got {source.Length}", name);
        }
        var norm = Math.Sqrt(TensorPrimitives.SumOfSquares(source));
        if (!(norm > 0) || !double.IsFinite(norm))
        {
            throw new ArgumentException($"the operator's norm is {norm}", name);
        }
        TensorPrimitives.Divide(source, norm, destination);
    }

    /// <summary>The starts, each a new matrix (the search moves them in place).</summary>
    private IEnumerable<double[]> Starts()
    {
        yield return Diagonal(1);
        yield return Diagonal(-1);
        var (symmetricA, symmetricB) = (Matrix<double>.Build.Dense(_n, _n, (i, j) => _a[i * _n + j] + _a[j * _n + i]), Matrix<double>.Build.Dense(_n, _n, (i, j) => _b[i * _n + j] + _b[j * _n + i]));
        yield return Aligned(symmetricA.Evd(Symmetricity.Symmetric).EigenVectors, symmetricB.Evd(Symmetricity.Symmetric).EigenVectors);
        var (svdA, svdB) = (Matrix<double>.Build.DenseOfRowMajor(_n, _n, _a).Svd(), Matrix<double>.Build.DenseOfRowMajor(_n, _n, _b).Svd());
        yield return Aligned(svdA.U, svdB.U);
        foreach (var start in _randomStarts)
        {
            yield return (double[])start.Clone();
        }
    }

    /// <summary>diag(first, 1, …, 1): the identity, or a reflection (the other component of O(n)).</summary>
    private double[] Diagonal(double first)
    {
        var c = new double[_n * _n];
        for (var i = 0; i < _n; i++)
        {
            c[i * _n + i] = 1;
        }
        c[0] = first;
        return c;
    }

    /// <summary>C = E_A D E_Bᵀ with the signs D chosen one at a time while the loss falls.</summary>
    private double[] Aligned(Matrix<double> vectorsA, Matrix<double> vectorsB)
    {
        var signs = Enumerable.Repeat(1.0, _n).ToArray();
        var c = new double[_n * _n];
        void Build()
        {
            for (var i = 0; i < _n; i++)
            {
                for (var j = 0; j < _n; j++)
                {
                    var sum = 0.0;
                    for (var k = 0; k < _n; k++)
                    {
                        sum += vectorsA[i, k] * signs[k] * vectorsB[j, k];
                    }
                    c[i * _n + j] = sum;
                }
            }
        }
        Build();
        var loss = Loss(c);
        for (var pass = 0; pass < 3; pass++)
        {
            var improved = false;
            for (var k = 0; k < _n; k++)
            {
                signs[k] = -signs[k];
                Build();
                var flipped = Loss(c);
                if (flipped < loss)
                {
                    loss = flipped;
                    improved = true;
                }
                else
                {
                    signs[k] = -signs[k];
                }
            }
            if (!improved)
            {
                break;
            }
        }
        Build();
        return c;
    }

    /// <summary>‖Â − C B̂ Cᵀ‖²_F, leaving B = C B̂ Cᵀ in _transformed and R = Â − B in _residual.</summary>
    private double Loss(double[] c)
    {
        var n = _n;
        MatrixProduct.Multiply<double>(n, n, n, c, n, 1, _b, n, _work, n, accumulate: false);
        MatrixProduct.Multiply<double>(n, n, n, _work, n, 1, Transpose(c), n, _transformed, n, accumulate: false);
        var loss = 0.0;
        for (var i = 0; i < _residual.Length; i++)
        {
            var d = _a[i] - _transformed[i];
            _residual[i] = d;
            loss += d * d;
        }
        return loss;
    }

    /// <summary>
    /// The gradient and Hessian at the point <see cref="Loss"/> last evaluated (see the type remarks). With
    /// U = (Â + B)/2 = B + R/2, the Hessian's three inner products combine into two symmetric ones:
    /// H_kl = 2⟨[E_k, U], [E_l, U]⟩ − ½⟨[E_k, R], [E_l, R]⟩.
    /// </summary>
    private void Derivatives()
    {
        var n = _n;
        var (b, r, u) = (_transformed, _residual, _work);
        for (var i = 0; i < u.Length; i++)
        {
            u[i] = 0.5 * (_a[i] + b[i]);
        }
        MatrixProduct.Multiply<double>(n, n, n, u, n, 1, Transpose(u), n, _rowsU, n, accumulate: false);
        MatrixProduct.Multiply<double>(n, n, n, u, 1, n, u, n, _columnsU, n, accumulate: false);
        MatrixProduct.Multiply<double>(n, n, n, r, n, 1, Transpose(r), n, _rowsR, n, accumulate: false);
        MatrixProduct.Multiply<double>(n, n, n, r, 1, n, r, n, _columnsR, n, accumulate: false);
        // g_k = −2⟨R, [E_k, B]⟩ = −2⟨R, [E_k, U]⟩, since ⟨R, [E_k, R]⟩ = 0 for skew E_k.
        MatrixProduct.Multiply<double>(n, n, n, r, n, 1, Transpose(b), n, _rowsRB, n, accumulate: false);
        MatrixProduct.Multiply<double>(n, n, n, r, 1, n, b, n, _columnsRB, n, accumulate: false);
        for (var k = 0; k < _p; k++)
        {
            var (i, j) = (_first[k], _second[k]);
            _gradient[k] = -2 * (_rowsRB[i * n + j] - _rowsRB[j * n + i] - _columnsRB[j * n + i] + _columnsRB[i * n + j]);
            for (var l = 0; l <= k; l++)
            {
                var (a, c) = (_first[l], _second[l]);
                var value = (2 * Inner(u, _rowsU, _columnsU, i, j, a, c)) - (0.5 * Inner(r, _rowsR, _columnsR, i, j, a, c));
                _hessian[k * _p + l] = value;
                _hessian[l * _p + k] = value;
            }
        }
    }

    /// <summary>The transpose of an [n, n] matrix, in a buffer the next call overwrites.</summary>
    private double[] Transpose(double[] matrix)
    {
        MatrixProduct.Transpose<double>(matrix, _n, _n, _transpose);
        return _transpose;
    }

    /// <summary>
    /// ⟨[E_ij, M], [E_ab, M]⟩ from G = M Mᵀ, K = MᵀM and M's entries: with [E_ij, M] = e_i M_j· − e_j M_i· − M_·i e_jᵀ +
    /// M_·j e_iᵀ, the sixteen products of its terms with those of [E_ab, M].
    /// </summary>
    private double Inner(double[] m, double[] g, double[] k, int i, int j, int a, int b)
    {
        var n = _n;
        var (mia, mib, mja, mjb) = (m[i * n + a], m[i * n + b], m[j * n + a], m[j * n + b]);
        var (mai, maj, mbi, mbj) = (m[a * n + i], m[a * n + j], m[b * n + i], m[b * n + j]);
        var sum = 2 * ((mja * mib) - (mia * mjb) + (mbi * maj) - (mai * mbj));
        if (i == a)
        {
            sum += g[j * n + b] + k[j * n + b];
        }
        if (i == b)
        {
            sum -= g[j * n + a] + k[j * n + a];
        }
        if (j == a)
        {
            sum -= g[i * n + b] + k[i * n + b];
        }
        if (j == b)
        {
            sum += g[i * n + a] + k[i * n + a];
        }
        return sum;
    }

    /// <summary>Newton's method from <paramref name="c"/> (updated in place to the local minimum); returns the loss there.</summary>
    private double Minimize(double[] c)
    {
        var loss = Loss(c);
        _shift = 0;
        for (var iteration = 0; iteration < MaxIterations && _p > 0; iteration++)
        {
            Derivatives();
            var gradientNorm = Math.Sqrt(TensorPrimitives.SumOfSquares<double>(_gradient));
            if (gradientNorm <= GradientTolerance * Math.Sqrt(loss) || gradientNorm < 1e-300)
            {
                break;
            }
            NewtonStep();
            var slope = TensorPrimitives.Dot<double>(_step, _gradient);
            var t = 1.0;
            double next;
            while (true)
            {
                Retract(c, t, _candidate);
                next = Loss(_candidate);
                if (next <= loss + 1e-4 * t * slope || t < 1e-12)
                {
                    break;
                }
                t *= 0.5;
            }
            if (!(next < loss))
            {
                Loss(c);
                break;
            }
            Array.Copy(_candidate, c, c.Length);
            loss = next;
        }
        return loss;
    }

    /// <summary>_step = −(H + μI)⁻¹ g with μ = 0 when H has a Cholesky factor, else a shift grown by fours until H + μI has one.</summary>
    private void NewtonStep()
    {
        var p = _p;
        var scale = 0.0;
        for (var i = 0; i < p; i++)
        {
            scale = Math.Max(scale, Math.Abs(_hessian[i * p + i]));
        }
        // Far from a minimum H is indefinite: the shift that last worked in this search, quartered, is tried first, and
        // grown by fours until H + μI has a Cholesky factor; once it falls below 1e-12 of H's scale, plain Newton resumes.
        _shift = _shift / 4 < 1e-12 * scale ? 0 : _shift / 4;
        if (!Cholesky(_shift))
        {
            _shift = Math.Max(_shift * 4, 1e-6 * Math.Max(scale, 1e-300));
            while (!Cholesky(_shift))
            {
                _shift *= 4;
            }
        }
        // Solve L Lᵀ s = −g.
        for (var i = 0; i < p; i++)
        {
            var sum = -_gradient[i];
            for (var k = 0; k < i; k++)
            {
                sum -= _factor[i * p + k] * _step[k];
            }
            _step[i] = sum / _factor[i * p + i];
        }
        for (var i = p - 1; i >= 0; i--)
        {
            var sum = _step[i];
            for (var k = i + 1; k < p; k++)
            {
                sum -= _factor[k * p + i] * _step[k];
            }
            _step[i] = sum / _factor[i * p + i];
        }
    }

    /// <summary>The lower Cholesky factor of H + shift·I into _factor; false when it is not positive definite.</summary>
    private bool Cholesky(double shift)
    {
        var p = _p;
        var factor = _factor.AsSpan();
        for (var i = 0; i < p; i++)
        {
            var row = factor.Slice(i * p, p);
            for (var j = 0; j <= i; j++)
            {
                var other = factor.Slice(j * p, j);
                var sum = _hessian[i * p + j];
                for (var k = 0; k < other.Length; k++)
                {
                    sum -= row[k] * other[k];
                }
                if (i == j)
                {
                    if (!(sum + shift > 0))
                    {
                        return false;
                    }
                    row[i] = Math.Sqrt(sum + shift);
                }
                else
                {
                    row[j] = sum / factor[j * p + j];
                }
            }
        }
        return true;
    }

    /// <summary>destination = (I − X/2)⁻¹(I + X/2) C with X the skew matrix of t·_step.</summary>
    private void Retract(double[] c, double t, double[] destination)
    {
        var n = _n;
        Array.Clear(_cayley);
        for (var k = 0; k < _p; k++)
        {
            var x = 0.5 * t * _step[k];
            _cayley[_first[k] * n + _second[k]] = -x;
            _cayley[_second[k] * n + _first[k]] = x;
        }
        for (var i = 0; i < n; i++)
        {
            _cayley[i * n + i] = 1;
        }
        // _cayley = I − X/2; (I − X/2) K = (I + X/2) C, column by column: (I + X/2) C = 2C − (I − X/2) C.
        _lu.Factor(_cayley);
        MatrixProduct.Multiply<double>(n, n, n, _cayley, n, 1, c, n, _work, n, accumulate: false);
        var column = _transpose.AsSpan(0, n);
        for (var j = 0; j < n; j++)
        {
            for (var i = 0; i < n; i++)
            {
                column[i] = (2 * c[i * n + j]) - _work[i * n + j];
            }
            _lu.Solve(column);
            for (var i = 0; i < n; i++)
            {
                destination[i * n + j] = column[i];
            }
        }
    }

    /// <summary>A Haar-random orthogonal matrix: Q of a Gaussian matrix's QR with R's diagonal made positive.</summary>
    private static double[] Haar(int n, SeededRandom random)
    {
        var qr = Matrix<double>.Build.Dense(n, n, (_, _) => random.NextGaussian()).QR();
        var q = qr.Q;
        for (var j = 0; j < n; j++)
        {
            if (qr.R[j, j] < 0)
            {
                q.SetColumn(j, q.Column(j).Negate());
            }
        }
        return q.ToRowMajorArray();
    }
}

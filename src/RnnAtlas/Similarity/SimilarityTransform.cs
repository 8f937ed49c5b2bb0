using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
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
    private readonly double[] _transposeU;
    private readonly double[] _deltaTerms;
    private readonly double[] _gramR;
    private readonly double[] _transposeR;
    private readonly double[] _rowsRB;
    private readonly double[] _columnsRB;
    private readonly int _stride;
    private readonly double[] _hessian;
    private readonly double[] _factor;
    private readonly double[] _gradient;
    private readonly double[] _step;
    private readonly double[] _remaining;
    private readonly double[] _solution;
    private readonly double[] _candidate;
    private readonly double[] _cayley;
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
        _transposeU = new double[nn];
        _deltaTerms = new double[nn];
        _gramR = new double[nn];
        _transposeR = new double[nn];
        _rowsRB = new double[nn];
        _columnsRB = new double[nn];
        _candidate = new double[nn];
        _cayley = new double[2 * nn];
        _stride = (_p + 7) / 8 * 8;
        _hessian = new double[_p * _stride];
        _factor = new double[_p * _stride];
        _gradient = new double[_p];
        _step = new double[_stride];
        _remaining = new double[_stride];
        _solution = new double[_p];
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
        var n = _n;
        var (columnsA, rowsB) = (vectorsA.ToRowMajorArray(), vectorsB.ToColumnMajorArray());
        var signed = new double[n * n];
        var signs = Enumerable.Repeat(1.0, n).ToArray();
        var c = new double[n * n];
        void Build()
        {
            for (var i = 0; i < n; i++)
            {
                for (var k = 0; k < n; k++)
                {
                    signed[i * n + k] = columnsA[i * n + k] * signs[k];
                }
            }
            MatrixProduct.Multiply<double>(n, n, n, signed, n, 1, rowsB, n, c, n, accumulate: false);
        }
        Build();
        var loss = Loss(c);
        for (var pass = 0; pass < 3; pass++)
        {
            var improved = false;
            for (var k = 0; k < n; k++)
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

    /// <summary>
    /// The gradient g and the full Hessian H of the loss at C in the coordinates of the type remarks (for tests against
    /// finite differences).
    /// </summary>
    internal (double[] Gradient, double[] Hessian) DerivativesAt(ReadOnlySpan<double> a, ReadOnlySpan<double> b, ReadOnlySpan<double> c)
    {
        Normalize(a, _a, nameof(a));
        Normalize(b, _b, nameof(b));
        c.CopyTo(_candidate);
        Loss(_candidate);
        Derivatives();
        var hessian = new double[_p * _p];
        for (var k = 0; k < _p; k++)
        {
            for (var l = k; l < _p; l++)
            {
                hessian[k * _p + l] = hessian[l * _p + k] = _hessian[k * _stride + l];
            }
        }
        return ((double[])_gradient.Clone(), hessian);
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
    /// The gradient and Hessian at the point <see cref="Loss"/> last evaluated (see the type remarks); the Hessian's
    /// upper triangle only. With U = (Â + B)/2 = B + R/2, the Hessian's three inner products combine into two symmetric
    /// ones: H_kl = 2⟨[E_k, U], [E_l, U]⟩ − ½⟨[E_k, R], [E_l, R]⟩.
    /// </summary>
    /// <remarks>
    /// ⟨[E_ij, M], [E_ab, M]⟩ = 2(M_ja M_ib − M_ia M_jb + M_bi M_aj − M_ai M_bj) + δ_ia S_jb − δ_ib S_ja − δ_ja S_ib + δ_jb S_ia
    /// with S = M Mᵀ + Mᵀ M (the sixteen products of the terms of [E_ij, M] = e_i M_j· − e_j M_i· − M_·i e_jᵀ + M_·j e_iᵀ
    /// with those of [E_ab, M]). For fixed i, j and a the first part runs along rows i and j of M and of Mᵀ as b varies,
    /// so each stretch of a Hessian row is four scaled row sums per matrix; the δ terms are added after, O(n) per row.
    /// </remarks>
    private void Derivatives()
    {
        var n = _n;
        var p = _p;
        var (b, r, u) = (_transformed, _residual, _work);
        for (var i = 0; i < u.Length; i++)
        {
            u[i] = 0.5 * (_a[i] + b[i]);
        }
        MatrixProduct.Transpose<double>(u, n, n, _transposeU);
        MatrixProduct.Transpose<double>(r, n, n, _transposeR);
        // S = 2(U Uᵀ + Uᵀ U) − ½(R Rᵀ + Rᵀ R), the δ terms' matrix of both inner products together.
        MatrixProduct.Multiply<double>(n, n, n, u, n, 1, _transposeU, n, _deltaTerms, n, accumulate: false);
        MatrixProduct.Multiply<double>(n, n, n, u, 1, n, u, n, _deltaTerms, n, accumulate: true);
        TensorPrimitives.Multiply(_deltaTerms, 2, _deltaTerms);
        MatrixProduct.Multiply<double>(n, n, n, r, n, 1, _transposeR, n, _gramR, n, accumulate: false);
        MatrixProduct.Multiply<double>(n, n, n, r, 1, n, r, n, _gramR, n, accumulate: true);
        TensorPrimitives.MultiplyAdd(_gramR, -0.5, _deltaTerms, _deltaTerms);
        // g_k = −2⟨R, [E_k, B]⟩ = −2⟨R, [E_k, U]⟩, since ⟨R, [E_k, R]⟩ = 0 for skew E_k.
        MatrixProduct.Multiply<double>(n, n, n, r, n, 1, Transpose(b), n, _rowsRB, n, accumulate: false);
        MatrixProduct.Multiply<double>(n, n, n, r, 1, n, b, n, _columnsRB, n, accumulate: false);
        ref var uRef = ref MemoryMarshal.GetArrayDataReference(u);
        ref var rRef = ref MemoryMarshal.GetArrayDataReference(r);
        ref var utRef = ref MemoryMarshal.GetArrayDataReference(_transposeU);
        ref var rtRef = ref MemoryMarshal.GetArrayDataReference(_transposeR);
        for (var k = 0; k < p; k++)
        {
            var (i, j) = (_first[k], _second[k]);
            _gradient[k] = -2 * (_rowsRB[i * n + j] - _rowsRB[j * n + i] - _columnsRB[j * n + i] + _columnsRB[i * n + j]);
            ref var row = ref MemoryMarshal.GetArrayDataReference(_hessian);
            row = ref Unsafe.Add(ref row, k * _stride);
            var (rowI, rowJ) = (i * n, j * n);
            // Row k's entry for E_ac sits at offset + c, offset = Index(a, a + 1) − (a + 1), which grows by n − a − 2 with a.
            var offset = Index(i, i + 1) - (i + 1);
            for (var a = i; a < n - 1; offset += n - a - 2, a++)
            {
                var (uja, uia, uaj, uai) = (4 * u[rowJ + a], 4 * u[rowI + a], 4 * u[a * n + j], 4 * u[a * n + i]);
                var (rja, ria, raj, rai) = (r[rowJ + a], r[rowI + a], r[a * n + j], r[a * n + i]);
                var c = a == i ? j : a + 1;
                for (; c + 4 <= n; c += 4)
                {
                    var value = (Vector256.Create(uja) * Vector256.LoadUnsafe(ref uRef, (nuint)(rowI + c)))
                        - (Vector256.Create(uia) * Vector256.LoadUnsafe(ref uRef, (nuint)(rowJ + c)))
                        + (Vector256.Create(uaj) * Vector256.LoadUnsafe(ref utRef, (nuint)(rowI + c)))
                        - (Vector256.Create(uai) * Vector256.LoadUnsafe(ref utRef, (nuint)(rowJ + c)))
                        - (Vector256.Create(rja) * Vector256.LoadUnsafe(ref rRef, (nuint)(rowI + c)))
                        + (Vector256.Create(ria) * Vector256.LoadUnsafe(ref rRef, (nuint)(rowJ + c)))
                        - (Vector256.Create(raj) * Vector256.LoadUnsafe(ref rtRef, (nuint)(rowI + c)))
                        + (Vector256.Create(rai) * Vector256.LoadUnsafe(ref rtRef, (nuint)(rowJ + c)));
                    value.StoreUnsafe(ref row, (nuint)(offset + c));
                }
                for (; c < n; c++)
                {
                    Unsafe.Add(ref row, offset + c) = (uja * u[rowI + c]) - (uia * u[rowJ + c]) + (uaj * _transposeU[rowI + c]) - (uai * _transposeU[rowJ + c])
                        - (rja * r[rowI + c]) + (ria * r[rowJ + c]) - (raj * _transposeR[rowI + c]) + (rai * _transposeR[rowJ + c]);
                }
            }
            // The δ terms of the upper triangle (a ≥ i, and b ≥ j when a = i; b = i never occurs there).
            var first = Index(i, j);
            for (var c = j; c < n; c++)
            {
                Unsafe.Add(ref row, first + c - j) += _deltaTerms[j * n + c];
            }
            var second = Index(j, j + 1);
            for (var c = j + 1; c < n; c++)
            {
                Unsafe.Add(ref row, second + c - j - 1) -= _deltaTerms[i * n + c];
            }
            var third = first;
            for (var c = i; c < j; third += n - c - 2, c++)
            {
                Unsafe.Add(ref row, third) += _deltaTerms[i * n + c];
            }
        }
    }

    /// <summary>The coordinate k of E_ab (a &lt; b) in the order of <see cref="_first"/> and <see cref="_second"/>.</summary>
    private int Index(int a, int b) => (a * (2 * _n - a - 1) / 2) + (b - a - 1);

    /// <summary>The transpose of an [n, n] matrix, in a buffer the next call overwrites.</summary>
    private double[] Transpose(double[] matrix)
    {
        MatrixProduct.Transpose<double>(matrix, _n, _n, _transpose);
        return _transpose;
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
            var slope = TensorPrimitives.Dot<double>(_step.AsSpan(0, _p), _gradient);
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
            scale = Math.Max(scale, Math.Abs(_hessian[i * _stride + i]));
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
        // Solve Uᵀ U s = −g: Uᵀ y = −g along U's rows, then U s = y along them backwards. Both run over U's rows in the
        // 8-wide stretches of the factorisation: the forward pass leaves scratch in the right-hand side's consumed entries,
        // the backward pass multiplies U's scratch by entries of s that are still 0.
        ref var u = ref MemoryMarshal.GetArrayDataReference(_factor);
        ref var rest = ref MemoryMarshal.GetArrayDataReference(_remaining);
        ref var step = ref MemoryMarshal.GetArrayDataReference(_step);
        var stride = _stride;
        Array.Clear(_remaining);
        for (var i = 0; i < p; i++)
        {
            _remaining[i] = -_gradient[i];
        }
        for (var k = 0; k < p; k++)
        {
            var row = k * stride;
            var y = Unsafe.Add(ref rest, k) / Unsafe.Add(ref u, row + k);
            _solution[k] = y;
            var factor = Vector512.Create(-y);
            for (var c = (k + 1) & ~7; c < stride; c += 8)
            {
                Vector512.FusedMultiplyAdd(factor, Vector512.LoadUnsafe(ref u, (nuint)(row + c)), Vector512.LoadUnsafe(ref rest, (nuint)c)).StoreUnsafe(ref rest, (nuint)c);
            }
        }
        Array.Clear(_step);
        for (var i = p - 1; i >= 0; i--)
        {
            var row = i * stride;
            var sum = Vector512<double>.Zero;
            for (var c = (i + 1) & ~7; c < stride; c += 8)
            {
                sum = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref u, (nuint)(row + c)), Vector512.LoadUnsafe(ref step, (nuint)c), sum);
            }
            Unsafe.Add(ref step, i) = (_solution[i] - Vector512.Sum(sum)) / Unsafe.Add(ref u, row + i);
        }
    }

    /// <summary>
    /// The upper Cholesky factor U of H + shift·I (H + shift·I = UᵀU) into _factor's upper triangle; false when it is not
    /// positive definite. Row j of U is H's row j less Σ_{k&lt;j} U_kj U_k·, summed in 8-wide stretches that start at the
    /// multiple of 8 at or below j (entries left of the diagonal are scratch): no stores inside the sums, and a failing
    /// pivot stops the work at its row, where indefinite Hessians usually fail.
    /// </summary>
    private bool Cholesky(double shift)
    {
        var (p, stride) = (_p, _stride);
        ref var h = ref MemoryMarshal.GetArrayDataReference(_hessian);
        ref var u = ref MemoryMarshal.GetArrayDataReference(_factor);
        for (var j = 0; j < p; j++)
        {
            var row = j * stride;
            for (var c = j & ~7; c < stride; c += 8)
            {
                var (even, odd) = (Vector512.LoadUnsafe(ref h, (nuint)(row + c)), Vector512<double>.Zero);
                var k = 0;
                for (; k + 1 < j; k += 2)
                {
                    even = Vector512.FusedMultiplyAdd(Vector512.Create(-Unsafe.Add(ref u, (k * stride) + j)), Vector512.LoadUnsafe(ref u, (nuint)((k * stride) + c)), even);
                    odd = Vector512.FusedMultiplyAdd(Vector512.Create(-Unsafe.Add(ref u, ((k + 1) * stride) + j)), Vector512.LoadUnsafe(ref u, (nuint)(((k + 1) * stride) + c)), odd);
                }
                if (k < j)
                {
                    even = Vector512.FusedMultiplyAdd(Vector512.Create(-Unsafe.Add(ref u, (k * stride) + j)), Vector512.LoadUnsafe(ref u, (nuint)((k * stride) + c)), even);
                }
                (even + odd).StoreUnsafe(ref u, (nuint)(row + c));
            }
            var pivot = Unsafe.Add(ref u, row + j) + shift;
            if (!(pivot > 0))
            {
                return false;
            }
            var diagonal = Math.Sqrt(pivot);
            Unsafe.Add(ref u, row + j) = diagonal;
            var inverse = 1 / diagonal;
            for (var c = j + 1; c < p; c++)
            {
                Unsafe.Add(ref u, row + c) *= inverse;
            }
        }
        return true;
    }

    /// <summary>destination = (I − X/2)⁻¹(I + X/2) C with X the skew matrix of t·_step.</summary>
    /// <remarks>
    /// Gauss–Jordan on [I − X/2 | (I + X/2) C] without row exchanges: I − X/2 has symmetric part I, every Schur
    /// complement taken along the way has a symmetric part ⪰ I (the first is I + S' + s sᵀ), so every pivot is at least 1.
    /// </remarks>
    private void Retract(double[] c, double t, double[] destination)
    {
        var n = _n;
        var width = 2 * n;
        var augmented = _cayley.AsSpan();
        augmented.Clear();
        for (var k = 0; k < _p; k++)
        {
            var x = 0.5 * t * _step[k];
            augmented[_first[k] * width + _second[k]] = -x;
            augmented[_second[k] * width + _first[k]] = x;
        }
        for (var i = 0; i < n; i++)
        {
            augmented[i * width + i] = 1;
        }
        // (I + X/2) C = 2C − (I − X/2) C, into the right half.
        MatrixProduct.Multiply<double>(n, n, n, _cayley, width, 1, c, n, augmented[n..], width, accumulate: false);
        for (var i = 0; i < n; i++)
        {
            var right = augmented.Slice(i * width + n, n);
            var source = c.AsSpan(i * n, n);
            for (var j = 0; j < n; j++)
            {
                right[j] = (2 * source[j]) - right[j];
            }
        }
        for (var k = 0; k < n; k++)
        {
            var pivotRow = augmented.Slice(k * width + k, width - k);
            var inverse = 1 / pivotRow[0];
            for (var j = 0; j < pivotRow.Length; j++)
            {
                pivotRow[j] *= inverse;
            }
            for (var i = 0; i < n; i++)
            {
                if (i == k)
                {
                    continue;
                }
                var row = augmented.Slice(i * width + k, width - k);
                var factor = row[0];
                for (var j = 0; j < row.Length; j++)
                {
                    row[j] -= factor * pivotRow[j];
                }
            }
        }
        for (var i = 0; i < n; i++)
        {
            augmented.Slice(i * width + n, n).CopyTo(destination.AsSpan(i * n, n));
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

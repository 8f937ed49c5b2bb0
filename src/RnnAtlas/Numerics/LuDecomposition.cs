using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace RnnAtlas.Numerics;

/// <summary>
/// LU decomposition with partial pivoting of a square row-major float64 matrix, P A = L U, and the solve A x = b;
/// the linear solve of every Newton and Levenberg–Marquardt step of the fixed-point polish.
/// </summary>
/// <remarks>
/// Up to <see cref="Blocked"/> columns, right-looking elimination in panels of <see cref="Panel"/> columns: each panel is
/// factored in a column-major copy (contiguous pivot search and elimination), then every row right of and below it
/// subtracts all panel rows at once while it sits in L1, so the trailing matrix is streamed from L2 once per panel
/// rather than once per column. Wider, recursively by halves of columns (left half, a unit lower triangular solve for
/// the right half's rows of U, the rows below less L21 U12 as one <see cref="MatrixProduct"/> call, right half): above
/// n ≈ 256 the matrix leaves L2 and the rank-8 updates would stream it from L3 once per panel.
/// One instance keeps its buffers and can be refactored for any matrix of its size; not thread-safe. MathNet.Numerics'
/// managed LU was 6× slower at n = 128 (docs/decisions/0006).
/// </remarks>
public sealed class LuDecomposition
{
    private const int Panel = 8;
    private const int Blocked = 256;
    private readonly double[] _factors;
    private readonly int[] _pivots;
    private readonly double[] _panel;
    private readonly double[] _negatedU;

    /// <summary>Allocates the buffers for [<paramref name="size"/>, <paramref name="size"/>] matrices.</summary>
    public LuDecomposition(int size)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        Size = size;
        _factors = new double[size * size];
        _pivots = new int[size];
        _panel = new double[Panel * size];
        _negatedU = size > Blocked ? new double[size * size] : [];
    }

    /// <summary>Order n of the matrices.</summary>
    public int Size { get; }

    /// <summary>
    /// Factors <paramref name="matrix"/> ([n, n] row-major; not modified). Returns false when a pivot is zero or not
    /// finite (the matrix is singular to working precision, or holds NaN/∞); <see cref="Solve"/> is then undefined.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="matrix"/> holds fewer than n² values.</exception>
    public bool Factor(ReadOnlySpan<double> matrix)
    {
        var n = Size;
        if (matrix.Length < n * n)
        {
            throw new ArgumentException($"{matrix.Length} values do not hold a [{n}, {n}] matrix", nameof(matrix));
        }
        matrix[..(n * n)].CopyTo(_factors);
        return FactorColumns(_factors, n, 0, n);
    }

    /// <summary>
    /// Factors columns c0 … c1 − 1 from row c0 down, recursively: the left half, then the right half's rows of U (a unit
    /// lower triangular solve), then the right half's rows below less L21 U12 as one product, then the right half.
    /// </summary>
    private bool FactorColumns(Span<double> a, int n, int c0, int c1)
    {
        if (c1 - c0 <= Blocked)
        {
            return FactorBlocked(a, n, c0, c1);
        }
        var middle = c0 + ((c1 - c0) / 2 + Panel - 1) / Panel * Panel;
        if (!FactorColumns(a, n, c0, middle))
        {
            return false;
        }
        SolveUnitLower(a, n, c0, middle, middle, c1 - middle);
        SubtractProduct(a, n, middle, n, c0, middle, middle, c1 - middle);
        return FactorColumns(a, n, middle, c1);
    }

    /// <summary>
    /// Factors columns c0 … c1 − 1 from row c0 down, right-looking in panels of <see cref="Panel"/> columns: after each
    /// panel, its rows of U right of it, then every row below subtracts all panel rows while it sits in L1.
    /// </summary>
    private bool FactorBlocked(Span<double> a, int n, int c0, int c1)
    {
        for (var k0 = c0; k0 < c1; k0 += Panel)
        {
            var k1 = Math.Min(k0 + Panel, c1);
            if (!FactorPanel(a, n, k0, k1))
            {
                return false;
            }
            var width = c1 - k1;
            for (var i = k0 + 1; i < k1; i++)
            {
                SubtractRows(a.Slice(i * n + k0, i - k0), a[(k0 * n + k1)..], n, a.Slice(i * n + k1, width));
            }
            var trailing = k1;
            for (; trailing + 1 < n; trailing += 2)
            {
                SubtractRowPair(a.Slice(trailing * n + k0, k1 - k0), a.Slice((trailing + 1) * n + k0, k1 - k0), a[(k0 * n + k1)..], n,
                    a.Slice(trailing * n + k1, width), a.Slice((trailing + 1) * n + k1, width));
            }
            if (trailing < n)
            {
                SubtractRows(a.Slice(trailing * n + k0, k1 - k0), a[(k0 * n + k1)..], n, a.Slice(trailing * n + k1, width));
            }
        }
        return true;
    }

    /// <summary>
    /// Rows r0 … r1 − 1 of columns col … col + width − 1 become X with L X = B, L the unit lower triangle of the factors
    /// in those rows and columns r0 … r1 − 1; recursively, so that most of the work is one product per level.
    /// </summary>
    private void SolveUnitLower(Span<double> a, int n, int r0, int r1, int col, int width)
    {
        if (r1 - r0 <= Panel)
        {
            for (var i = r0 + 1; i < r1; i++)
            {
                SubtractRows(a.Slice(i * n + r0, i - r0), a[(r0 * n + col)..], n, a.Slice(i * n + col, width));
            }
            return;
        }
        var middle = r0 + ((r1 - r0) / 2 + Panel - 1) / Panel * Panel;
        SolveUnitLower(a, n, r0, middle, col, width);
        SubtractProduct(a, n, middle, r1, r0, middle, col, width);
        SolveUnitLower(a, n, middle, r1, col, width);
    }

    /// <summary>
    /// Rows r0 … r1 − 1, columns col … col + width − 1 less the product of the factors in those rows and columns
    /// k0 … k1 − 1 with rows k0 … k1 − 1 of the same columns (one <see cref="MatrixProduct"/> call on a negated copy).
    /// </summary>
    private void SubtractProduct(Span<double> a, int n, int r0, int r1, int k0, int k1, int col, int width)
    {
        var (rows, depth) = (r1 - r0, k1 - k0);
        if (rows == 0 || width == 0 || depth == 0)
        {
            return;
        }
        var negated = _negatedU.AsSpan(0, depth * width);
        for (var k = 0; k < depth; k++)
        {
            TensorPrimitives.Negate<double>(a.Slice((k0 + k) * n + col, width), negated.Slice(k * width, width));
        }
        MatrixProduct.Multiply<double>(rows, width, depth, a[(r0 * n + k0)..], n, 1, negated, width, a[(r0 * n + col)..], n, accumulate: true);
    }

    /// <summary>
    /// Factors columns k0 … k1 − 1 from row k0 down, with partial pivoting: the panel is copied into columns
    /// (<see cref="_panel"/>, column-major), so each pivot search is a contiguous scan and each column's elimination
    /// below the pivot one vector operation; then it is copied back and each pivot's row exchange is applied outside the
    /// panel. Row-major, the same work touched every row's cache line once per column (the panel took about half of an
    /// n = 256 factorization). False when a pivot is zero or not finite.
    /// </summary>
    private bool FactorPanel(Span<double> a, int n, int k0, int k1)
    {
        var width = k1 - k0;
        var panel = _panel.AsSpan();
        for (var i = k0; i < n; i++)
        {
            for (var c = 0; c < width; c++)
            {
                panel[c * n + i] = a[i * n + k0 + c];
            }
        }
        for (var k = k0; k < k1; k++)
        {
            var column = panel.Slice((k - k0) * n, n);
            var pivot = k + TensorPrimitives.IndexOfMaxMagnitude<double>(column[k..]);
            _pivots[k] = pivot;
            if (pivot != k)
            {
                for (var c = 0; c < width; c++)
                {
                    (panel[c * n + k], panel[c * n + pivot]) = (panel[c * n + pivot], panel[c * n + k]);
                }
            }
            var diagonal = column[k];
            if (diagonal == 0 || !double.IsFinite(diagonal))
            {
                return false;
            }
            var multipliers = column[(k + 1)..];
            TensorPrimitives.Divide(multipliers, diagonal, multipliers);
            for (var c = k - k0 + 1; c < width; c++)
            {
                var below = panel.Slice(c * n + k + 1, n - k - 1);
                TensorPrimitives.MultiplyAdd(multipliers, -panel[c * n + k], below, below);
            }
        }
        for (var i = k0; i < n; i++)
        {
            for (var c = 0; c < width; c++)
            {
                a[i * n + k0 + c] = panel[c * n + i];
            }
        }
        for (var k = k0; k < k1; k++)
        {
            if (_pivots[k] != k)
            {
                Swap(a.Slice(k * n, k0), a.Slice(_pivots[k] * n, k0));
                Swap(a.Slice(k * n + k1, n - k1), a.Slice(_pivots[k] * n + k1, n - k1));
            }
        }
        return true;
    }

    private static void Swap(Span<double> first, Span<double> second)
    {
        for (var j = 0; j < first.Length; j++)
        {
            (first[j], second[j]) = (second[j], first[j]);
        }
    }

    /// <summary>
    /// row −= Σ_c factors[c] × pivots[c·stride ..], the c-th pivot row starting at c × <paramref name="stride"/>: each
    /// vector of the row is loaded and stored once for all pivot rows (a library call per row and pivot row cost more
    /// than the arithmetic at n ≈ 100).
    /// </summary>
    private static void SubtractRows(ReadOnlySpan<double> factors, ReadOnlySpan<double> pivots, int stride, Span<double> row)
    {
        ref var p = ref MemoryMarshal.GetReference(pivots);
        ref var r = ref MemoryMarshal.GetReference(row);
        var count = factors.Length;
        var j = 0;
        if (Vector512.IsHardwareAccelerated && count > 0)
        {
            for (; j + Vector512<double>.Count <= row.Length; j += Vector512<double>.Count)
            {
                var sum = Vector512.LoadUnsafe(ref r, (nuint)j);
                for (var c = 0; c < count; c++)
                {
                    sum -= Vector512.Create(factors[c]) * Vector512.LoadUnsafe(ref p, (nuint)(c * stride + j));
                }
                sum.StoreUnsafe(ref r, (nuint)j);
            }
        }
        for (; j < row.Length; j++)
        {
            var sum = Unsafe.Add(ref r, j);
            for (var c = 0; c < count; c++)
            {
                sum -= factors[c] * Unsafe.Add(ref p, c * stride + j);
            }
            Unsafe.Add(ref r, j) = sum;
        }
    }

    /// <summary>
    /// <see cref="SubtractRows"/> for two rows at once: each pivot-row vector loaded is used for both, and the eight
    /// accumulators keep the fused multiply-adds independent.
    /// </summary>
    private static void SubtractRowPair(ReadOnlySpan<double> factorsA, ReadOnlySpan<double> factorsB, ReadOnlySpan<double> pivots, int stride, Span<double> rowA, Span<double> rowB)
    {
        ref var p = ref MemoryMarshal.GetReference(pivots);
        ref var ra = ref MemoryMarshal.GetReference(rowA);
        ref var rb = ref MemoryMarshal.GetReference(rowB);
        var count = factorsA.Length;
        var j = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            const int width = 4 * 8;
            for (; j + width <= rowA.Length; j += width)
            {
                var a0 = Vector512.LoadUnsafe(ref ra, (nuint)j);
                var a1 = Vector512.LoadUnsafe(ref ra, (nuint)(j + 8));
                var a2 = Vector512.LoadUnsafe(ref ra, (nuint)(j + 16));
                var a3 = Vector512.LoadUnsafe(ref ra, (nuint)(j + 24));
                var b0 = Vector512.LoadUnsafe(ref rb, (nuint)j);
                var b1 = Vector512.LoadUnsafe(ref rb, (nuint)(j + 8));
                var b2 = Vector512.LoadUnsafe(ref rb, (nuint)(j + 16));
                var b3 = Vector512.LoadUnsafe(ref rb, (nuint)(j + 24));
                for (var c = 0; c < count; c++)
                {
                    var fa = Vector512.Create(-factorsA[c]);
                    var fb = Vector512.Create(-factorsB[c]);
                    ref var pivot = ref Unsafe.Add(ref p, c * stride + j);
                    var p0 = Vector512.LoadUnsafe(ref pivot);
                    var p1 = Vector512.LoadUnsafe(ref pivot, 8);
                    var p2 = Vector512.LoadUnsafe(ref pivot, 16);
                    var p3 = Vector512.LoadUnsafe(ref pivot, 24);
                    a0 = Vector512.FusedMultiplyAdd(fa, p0, a0);
                    a1 = Vector512.FusedMultiplyAdd(fa, p1, a1);
                    a2 = Vector512.FusedMultiplyAdd(fa, p2, a2);
                    a3 = Vector512.FusedMultiplyAdd(fa, p3, a3);
                    b0 = Vector512.FusedMultiplyAdd(fb, p0, b0);
                    b1 = Vector512.FusedMultiplyAdd(fb, p1, b1);
                    b2 = Vector512.FusedMultiplyAdd(fb, p2, b2);
                    b3 = Vector512.FusedMultiplyAdd(fb, p3, b3);
                }
                a0.StoreUnsafe(ref ra, (nuint)j);
                a1.StoreUnsafe(ref ra, (nuint)(j + 8));
                a2.StoreUnsafe(ref ra, (nuint)(j + 16));
                a3.StoreUnsafe(ref ra, (nuint)(j + 24));
                b0.StoreUnsafe(ref rb, (nuint)j);
                b1.StoreUnsafe(ref rb, (nuint)(j + 8));
                b2.StoreUnsafe(ref rb, (nuint)(j + 16));
                b3.StoreUnsafe(ref rb, (nuint)(j + 24));
            }
        }
        SubtractRows(factorsA, pivots[j..], stride, rowA[j..]);
        SubtractRows(factorsB, pivots[j..], stride, rowB[j..]);
    }

    /// <summary>Overwrites <paramref name="rightHandSide"/> (b, length n) with x such that A x = b for the last factored A.</summary>
    /// <exception cref="ArgumentException"><paramref name="rightHandSide"/> holds fewer than n values.</exception>
    public void Solve(Span<double> rightHandSide)
    {
        var n = Size;
        if (rightHandSide.Length < n)
        {
            throw new ArgumentException($"{rightHandSide.Length} values are not a vector of length {n}", nameof(rightHandSide));
        }
        var x = rightHandSide[..n];
        ReadOnlySpan<double> a = _factors;
        for (var k = 0; k < n; k++)
        {
            (x[k], x[_pivots[k]]) = (x[_pivots[k]], x[k]);
        }
        for (var i = 1; i < n; i++)
        {
            x[i] -= TensorPrimitives.Dot(a.Slice(i * n, i), x[..i]);
        }
        for (var i = n - 1; i >= 0; i--)
        {
            x[i] = (x[i] - TensorPrimitives.Dot(a.Slice(i * n + i + 1, n - i - 1), x.Slice(i + 1, n - i - 1))) / a[i * n + i];
        }
    }
}

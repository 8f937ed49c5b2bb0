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
/// Right-looking elimination in panels of <see cref="Panel"/> columns: inside a panel each pivot row is swapped up and
/// the rows below subtract multiples of its panel part; then every row right of the panel subtracts all panel rows at
/// once while it sits in L1, so the trailing matrix is streamed from L2 once per panel rather than once per column.
/// One instance keeps its buffers and can be refactored for any matrix of its size; not thread-safe. MathNet.Numerics'
/// managed LU was 6× slower at n = 128 (docs/decisions/0006).
/// </remarks>
public sealed class LuDecomposition
{
    private const int Panel = 8;
    private readonly double[] _factors;
    private readonly int[] _pivots;

    /// <summary>Allocates the buffers for [<paramref name="size"/>, <paramref name="size"/>] matrices.</summary>
    public LuDecomposition(int size)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        Size = size;
        _factors = new double[size * size];
        _pivots = new int[size];
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
        var a = _factors.AsSpan();
        for (var k0 = 0; k0 < n; k0 += Panel)
        {
            var k1 = Math.Min(k0 + Panel, n);
            for (var k = k0; k < k1; k++)
            {
                var pivot = k;
                for (var i = k + 1; i < n; i++)
                {
                    if (Math.Abs(a[i * n + k]) > Math.Abs(a[pivot * n + k]))
                    {
                        pivot = i;
                    }
                }
                _pivots[k] = pivot;
                if (pivot != k)
                {
                    var top = a.Slice(k * n, n);
                    var other = a.Slice(pivot * n, n);
                    for (var j = 0; j < n; j++)
                    {
                        (top[j], other[j]) = (other[j], top[j]);
                    }
                }
                var diagonal = a[k * n + k];
                if (diagonal == 0 || !double.IsFinite(diagonal))
                {
                    return false;
                }
                EliminateInPanel(ref MemoryMarshal.GetReference(a), n, k, k1, diagonal);
            }
            // Rows of U right of the panel, then the trailing rows, each updated by all panel rows while it sits in L1.
            for (var i = k0 + 1; i < k1; i++)
            {
                SubtractRows(a.Slice(i * n + k0, i - k0), a[(k0 * n + k1)..], n, a.Slice(i * n + k1, n - k1));
            }
            var trailing = k1;
            for (; trailing + 1 < n; trailing += 2)
            {
                SubtractRowPair(a.Slice(trailing * n + k0, k1 - k0), a.Slice((trailing + 1) * n + k0, k1 - k0), a[(k0 * n + k1)..], n,
                    a.Slice(trailing * n + k1, n - k1), a.Slice((trailing + 1) * n + k1, n - k1));
            }
            if (trailing < n)
            {
                SubtractRows(a.Slice(trailing * n + k0, k1 - k0), a[(k0 * n + k1)..], n, a.Slice(trailing * n + k1, n - k1));
            }
        }
        return true;
    }

    /// <summary>
    /// Below pivot row k, within the panel only (columns k + 1 … k1 − 1; the columns right of it are updated once per
    /// panel): each row's multiplier l = a[i, k] / a[k, k] is stored in place and the row subtracts l × the pivot row.
    /// Plain indexed loops: these rows are shorter than a vector, and a call per row cost more than its arithmetic.
    /// </summary>
    private static void EliminateInPanel(ref double a, int n, int k, int k1, double diagonal)
    {
        ref var pivotRow = ref Unsafe.Add(ref a, k * n);
        for (var i = k + 1; i < n; i++)
        {
            ref var row = ref Unsafe.Add(ref a, i * n);
            var factor = Unsafe.Add(ref row, k) /= diagonal;
            for (var j = k + 1; j < k1; j++)
            {
                Unsafe.Add(ref row, j) -= factor * Unsafe.Add(ref pivotRow, j);
            }
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

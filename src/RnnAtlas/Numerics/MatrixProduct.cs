using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace RnnAtlas.Numerics;

/// <summary>
/// Dense matrix product C (+)= op(A) · B for row-major float32/float64 matrices, the hot kernel of training and analysis.
/// </summary>
/// <remarks>
/// Naively: <c>c[i*ldc + j] (+)= Σ_p a[i*rowStrideA + p*colStrideA] * b[p*ldb + j]</c>.
/// A is read through two strides so one kernel serves A (rowStrideA = k, colStrideA = 1) and Aᵀ
/// (rowStrideA = 1, colStrideA = m) without a transpose copy; B and C are row-major with leading dimensions.
/// The kernel blocks k in panels of <see cref="DepthBlock"/> and computes 4 rows × 4 vectors of C in registers
/// (16 accumulators of <see cref="Vector512{T}"/>), falling back to 1 row × 4 vectors, 1 row × 1 vector and scalar tails.
/// Summation order is fixed by the shapes alone, so results are bit-identical across runs and thread counts.
/// </remarks>
public static class MatrixProduct
{
    private const int DepthBlock = 128;
    private const int RowBlock = 4;
    private const int TransposeTile = 16;

    /// <summary>Computes C (+)= op(A) · B; see the type remarks for the indexing.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is negative.</exception>
    /// <exception cref="ArgumentException">A span is too short for the given shape and strides.</exception>
    public static void Multiply<T>(
        int m, int n, int k,
        ReadOnlySpan<T> a, int rowStrideA, int colStrideA,
        ReadOnlySpan<T> b, int ldb,
        Span<T> c, int ldc,
        bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        if (m == 0 || n == 0)
        {
            return;
        }
        if (k == 0)
        {
            if (!accumulate)
            {
                for (var i = 0; i < m; i++)
                {
                    c.Slice(i * ldc, n).Clear();
                }
            }
            return;
        }
        Require(a.Length, ((long)m - 1) * rowStrideA + ((long)k - 1) * colStrideA + 1, nameof(a));
        Require(b.Length, ((long)k - 1) * ldb + n, nameof(b));
        Require(c.Length, ((long)m - 1) * ldc + n, nameof(c));

        ref var aRef = ref MemoryMarshal.GetReference(a);
        ref var bRef = ref MemoryMarshal.GetReference(b);
        ref var cRef = ref MemoryMarshal.GetReference(c);
        var width = Vector512.IsHardwareAccelerated ? Vector512<T>.Count : 0;
        var blockColumns = 4 * width;

        for (var p0 = 0; p0 < k; p0 += DepthBlock)
        {
            var depth = Math.Min(DepthBlock, k - p0);
            var add = accumulate || p0 > 0;
            var fullRows = m - m % RowBlock;
            var j = 0;
            if (width > 0)
            {
                // Column panels outermost: a depth × (4 vectors) panel of B stays in L1 while every row block uses it.
                for (; j + blockColumns <= n; j += blockColumns)
                {
                    for (var i = 0; i < fullRows; i += RowBlock)
                    {
                        Kernel4x4(ref aRef, rowStrideA, colStrideA, ref bRef, ldb, ref cRef, ldc, i, j, p0, depth, add);
                    }
                    for (var i = fullRows; i < m; i++)
                    {
                        Kernel1x4(ref aRef, rowStrideA, colStrideA, ref bRef, ldb, ref cRef, ldc, i, j, p0, depth, add);
                    }
                }
                for (; j + width <= n; j += width)
                {
                    for (var i = 0; i < m; i++)
                    {
                        Kernel1x1(ref aRef, rowStrideA, colStrideA, ref bRef, ldb, ref cRef, ldc, i, j, p0, depth, add);
                    }
                }
            }
            for (var i = 0; i < m; i++)
            {
                ScalarTail(ref aRef, rowStrideA, colStrideA, ref bRef, ldb, ref cRef, ldc, i, j, n, p0, depth, add);
            }
        }
    }

    /// <summary>Writes the transpose of a row-major [rows, cols] matrix into <paramref name="destination"/> ([cols, rows]).</summary>
    /// <remarks>
    /// Tiles of <see cref="TransposeTile"/> × <see cref="TransposeTile"/> keep both the rows read and the rows written in
    /// cache; a plain double loop wrote a new cache line per element and cost as much as the products of a one-row step.
    /// </remarks>
    /// <exception cref="ArgumentException">A span is too short.</exception>
    public static void Transpose<T>(ReadOnlySpan<T> source, int rows, int cols, Span<T> destination)
    {
        Require(source.Length, (long)rows * cols, nameof(source));
        Require(destination.Length, (long)rows * cols, nameof(destination));
        ref var from = ref MemoryMarshal.GetReference(source);
        ref var to = ref MemoryMarshal.GetReference(destination);
        for (var i0 = 0; i0 < rows; i0 += TransposeTile)
        {
            var iEnd = Math.Min(i0 + TransposeTile, rows);
            for (var j0 = 0; j0 < cols; j0 += TransposeTile)
            {
                var jEnd = Math.Min(j0 + TransposeTile, cols);
                for (var i = i0; i < iEnd; i++)
                {
                    for (var j = j0; j < jEnd; j++)
                    {
                        Unsafe.Add(ref to, j * rows + i) = Unsafe.Add(ref from, i * cols + j);
                    }
                }
            }
        }
    }

    private static void Require(int length, long needed, string name)
    {
        if (length < needed)
        {
            throw new ArgumentException($"span '{name}' holds {length} elements but the shape needs {needed}", name);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<T> Fma<T>(Vector512<T> x, Vector512<T> y, Vector512<T> z)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float))
        {
            return Vector512.FusedMultiplyAdd(x.As<T, float>(), y.As<T, float>(), z.As<T, float>()).As<float, T>();
        }
        if (typeof(T) == typeof(double))
        {
            return Vector512.FusedMultiplyAdd(x.As<T, double>(), y.As<T, double>(), z.As<T, double>()).As<double, T>();
        }
        return x * y + z;
    }

    private static void Kernel4x4<T>(
        ref T a, int rsA, int csA, ref T b, int ldb, ref T c, int ldc,
        int i, int j, int p0, int depth, bool add)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var w = Vector512<T>.Count;
        ref var c0 = ref Unsafe.Add(ref c, i * ldc + j);
        ref var c1 = ref Unsafe.Add(ref c0, ldc);
        ref var c2 = ref Unsafe.Add(ref c1, ldc);
        ref var c3 = ref Unsafe.Add(ref c2, ldc);
        Vector512<T> s00, s01, s02, s03, s10, s11, s12, s13, s20, s21, s22, s23, s30, s31, s32, s33;
        if (add)
        {
            s00 = Vector512.LoadUnsafe(ref c0); s01 = Vector512.LoadUnsafe(ref c0, (nuint)w); s02 = Vector512.LoadUnsafe(ref c0, (nuint)(2 * w)); s03 = Vector512.LoadUnsafe(ref c0, (nuint)(3 * w));
            s10 = Vector512.LoadUnsafe(ref c1); s11 = Vector512.LoadUnsafe(ref c1, (nuint)w); s12 = Vector512.LoadUnsafe(ref c1, (nuint)(2 * w)); s13 = Vector512.LoadUnsafe(ref c1, (nuint)(3 * w));
            s20 = Vector512.LoadUnsafe(ref c2); s21 = Vector512.LoadUnsafe(ref c2, (nuint)w); s22 = Vector512.LoadUnsafe(ref c2, (nuint)(2 * w)); s23 = Vector512.LoadUnsafe(ref c2, (nuint)(3 * w));
            s30 = Vector512.LoadUnsafe(ref c3); s31 = Vector512.LoadUnsafe(ref c3, (nuint)w); s32 = Vector512.LoadUnsafe(ref c3, (nuint)(2 * w)); s33 = Vector512.LoadUnsafe(ref c3, (nuint)(3 * w));
        }
        else
        {
            s00 = s01 = s02 = s03 = s10 = s11 = s12 = s13 = s20 = s21 = s22 = s23 = s30 = s31 = s32 = s33 = Vector512<T>.Zero;
        }
        ref var aRow = ref Unsafe.Add(ref a, i * rsA + p0 * csA);
        ref var bRow = ref Unsafe.Add(ref b, p0 * ldb + j);
        for (var p = 0; p < depth; p++)
        {
            var b0 = Vector512.LoadUnsafe(ref bRow);
            var b1 = Vector512.LoadUnsafe(ref bRow, (nuint)w);
            var b2 = Vector512.LoadUnsafe(ref bRow, (nuint)(2 * w));
            var b3 = Vector512.LoadUnsafe(ref bRow, (nuint)(3 * w));
            var a0 = Vector512.Create(aRow);
            s00 = Fma(a0, b0, s00); s01 = Fma(a0, b1, s01); s02 = Fma(a0, b2, s02); s03 = Fma(a0, b3, s03);
            var a1 = Vector512.Create(Unsafe.Add(ref aRow, rsA));
            s10 = Fma(a1, b0, s10); s11 = Fma(a1, b1, s11); s12 = Fma(a1, b2, s12); s13 = Fma(a1, b3, s13);
            var a2 = Vector512.Create(Unsafe.Add(ref aRow, 2 * rsA));
            s20 = Fma(a2, b0, s20); s21 = Fma(a2, b1, s21); s22 = Fma(a2, b2, s22); s23 = Fma(a2, b3, s23);
            var a3 = Vector512.Create(Unsafe.Add(ref aRow, 3 * rsA));
            s30 = Fma(a3, b0, s30); s31 = Fma(a3, b1, s31); s32 = Fma(a3, b2, s32); s33 = Fma(a3, b3, s33);
            aRow = ref Unsafe.Add(ref aRow, csA);
            bRow = ref Unsafe.Add(ref bRow, ldb);
        }
        s00.StoreUnsafe(ref c0); s01.StoreUnsafe(ref c0, (nuint)w); s02.StoreUnsafe(ref c0, (nuint)(2 * w)); s03.StoreUnsafe(ref c0, (nuint)(3 * w));
        s10.StoreUnsafe(ref c1); s11.StoreUnsafe(ref c1, (nuint)w); s12.StoreUnsafe(ref c1, (nuint)(2 * w)); s13.StoreUnsafe(ref c1, (nuint)(3 * w));
        s20.StoreUnsafe(ref c2); s21.StoreUnsafe(ref c2, (nuint)w); s22.StoreUnsafe(ref c2, (nuint)(2 * w)); s23.StoreUnsafe(ref c2, (nuint)(3 * w));
        s30.StoreUnsafe(ref c3); s31.StoreUnsafe(ref c3, (nuint)w); s32.StoreUnsafe(ref c3, (nuint)(2 * w)); s33.StoreUnsafe(ref c3, (nuint)(3 * w));
    }

    /// <summary>
    /// One row × 4 vectors: the rows left below a multiple of 4 (bias gradients, the input-weight gradients of a few
    /// inputs) get four independent accumulators instead of one chain that waits out each multiply-add's latency.
    /// </summary>
    private static void Kernel1x4<T>(
        ref T a, int rsA, int csA, ref T b, int ldb, ref T c, int ldc,
        int i, int j, int p0, int depth, bool add)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var w = Vector512<T>.Count;
        ref var cRow = ref Unsafe.Add(ref c, i * ldc + j);
        Vector512<T> s0, s1, s2, s3;
        if (add)
        {
            s0 = Vector512.LoadUnsafe(ref cRow); s1 = Vector512.LoadUnsafe(ref cRow, (nuint)w); s2 = Vector512.LoadUnsafe(ref cRow, (nuint)(2 * w)); s3 = Vector512.LoadUnsafe(ref cRow, (nuint)(3 * w));
        }
        else
        {
            s0 = s1 = s2 = s3 = Vector512<T>.Zero;
        }
        ref var aRow = ref Unsafe.Add(ref a, i * rsA + p0 * csA);
        ref var bRow = ref Unsafe.Add(ref b, p0 * ldb + j);
        for (var p = 0; p < depth; p++)
        {
            var a0 = Vector512.Create(aRow);
            s0 = Fma(a0, Vector512.LoadUnsafe(ref bRow), s0);
            s1 = Fma(a0, Vector512.LoadUnsafe(ref bRow, (nuint)w), s1);
            s2 = Fma(a0, Vector512.LoadUnsafe(ref bRow, (nuint)(2 * w)), s2);
            s3 = Fma(a0, Vector512.LoadUnsafe(ref bRow, (nuint)(3 * w)), s3);
            aRow = ref Unsafe.Add(ref aRow, csA);
            bRow = ref Unsafe.Add(ref bRow, ldb);
        }
        s0.StoreUnsafe(ref cRow); s1.StoreUnsafe(ref cRow, (nuint)w); s2.StoreUnsafe(ref cRow, (nuint)(2 * w)); s3.StoreUnsafe(ref cRow, (nuint)(3 * w));
    }

    private static void Kernel1x1<T>(
        ref T a, int rsA, int csA, ref T b, int ldb, ref T c, int ldc,
        int i, int j, int p0, int depth, bool add)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref var cRow = ref Unsafe.Add(ref c, i * ldc + j);
        var s = add ? Vector512.LoadUnsafe(ref cRow) : Vector512<T>.Zero;
        ref var aRow = ref Unsafe.Add(ref a, i * rsA + p0 * csA);
        ref var bRow = ref Unsafe.Add(ref b, p0 * ldb + j);
        for (var p = 0; p < depth; p++)
        {
            s = Fma(Vector512.Create(aRow), Vector512.LoadUnsafe(ref bRow), s);
            aRow = ref Unsafe.Add(ref aRow, csA);
            bRow = ref Unsafe.Add(ref bRow, ldb);
        }
        s.StoreUnsafe(ref cRow);
    }

    private static void ScalarTail<T>(
        ref T a, int rsA, int csA, ref T b, int ldb, ref T c, int ldc,
        int i, int jStart, int n, int p0, int depth, bool add)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (var j = jStart; j < n; j++)
        {
            ref var cij = ref Unsafe.Add(ref c, i * ldc + j);
            var s = add ? cij : T.Zero;
            for (var p = 0; p < depth; p++)
            {
                s = T.FusedMultiplyAdd(Unsafe.Add(ref a, i * rsA + (p0 + p) * csA), Unsafe.Add(ref b, (p0 + p) * ldb + j), s);
            }
            cij = s;
        }
    }
}

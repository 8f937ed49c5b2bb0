using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace RnnAtlas.Benchmarks;

/// <summary>
/// Measures the machine's float32 fused-multiply-add peak: every thread runs bursts of 12 independent 512-bit FMA
/// chains (more than FMA latency × throughput needs: 4 cycles × 2 pipes on Zen 4 and Zen 5) held in registers;
/// FLOPs = 2 per lane per FMA. The best of five half-second runs after a warm-up that brings the loop to optimized
/// code: a peak is a maximum, and a neighbour on the machine or a tier-0 loop can only lower a run.
/// </summary>
/// <remarks>
/// Cross-checked by <c>fma_peak.c</c> (the same loop in C intrinsics, <c>gcc -O3 -march=native</c>): on the AMD EPYC
/// (Zen 4) machine of 2026-12-04 both gave 229–234 GFLOP/s on 2 threads and 115 on one (256-bit vectors the same):
/// Zen 4's two 256-bit FMA pipes (32 float32 FLOPs per cycle; a 512-bit instruction takes both) at ≈ 3.6 GHz. Runs
/// with a busy neighbour read as low as 117. A report of 149 GFLOP/s on such a machine came from one one-second run.
/// </remarks>
internal static class FmaPeak
{
    private const int BurstLength = 100_000;

    public static double GflopsPerSecond(int threads)
    {
        Once(threads, TimeSpan.FromSeconds(0.3));
        return Enumerable.Range(0, 5).Max(_ => Once(threads, TimeSpan.FromSeconds(0.5)));
    }

    private static double Once(int threads, TimeSpan duration)
    {
        var flops = new double[threads];
        var clock = Stopwatch.StartNew();
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t => flops[t] = Chains(duration));
        return flops.Sum() / clock.Elapsed.TotalSeconds / 1e9;
    }

    private static double Chains(TimeSpan duration)
    {
        var state = new float[12 * Vector512<float>.Count];
        long bursts = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < duration)
        {
            Burst(state, 0.999999f, 1e-7f);
            bursts++;
        }
        GC.KeepAlive(state);
        return bursts * BurstLength * 12.0 * Vector512<float>.Count * 2;
    }

    /// <summary>No calls inside, so the twelve accumulators stay in registers (the JIT spills them across calls).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Burst(float[] state, float scale, float shift)
    {
        var a = Vector512.Create(scale);
        var b = Vector512.Create(shift);
        var w = Vector512<float>.Count;
        var s = state.AsSpan();
        var c0 = Vector512.Create(s[..w]); var c1 = Vector512.Create(s.Slice(w, w)); var c2 = Vector512.Create(s.Slice(2 * w, w));
        var c3 = Vector512.Create(s.Slice(3 * w, w)); var c4 = Vector512.Create(s.Slice(4 * w, w)); var c5 = Vector512.Create(s.Slice(5 * w, w));
        var c6 = Vector512.Create(s.Slice(6 * w, w)); var c7 = Vector512.Create(s.Slice(7 * w, w)); var c8 = Vector512.Create(s.Slice(8 * w, w));
        var c9 = Vector512.Create(s.Slice(9 * w, w)); var c10 = Vector512.Create(s.Slice(10 * w, w)); var c11 = Vector512.Create(s.Slice(11 * w, w));
        for (var i = 0; i < BurstLength; i++)
        {
            c0 = Vector512.FusedMultiplyAdd(c0, a, b); c1 = Vector512.FusedMultiplyAdd(c1, a, b);
            c2 = Vector512.FusedMultiplyAdd(c2, a, b); c3 = Vector512.FusedMultiplyAdd(c3, a, b);
            c4 = Vector512.FusedMultiplyAdd(c4, a, b); c5 = Vector512.FusedMultiplyAdd(c5, a, b);
            c6 = Vector512.FusedMultiplyAdd(c6, a, b); c7 = Vector512.FusedMultiplyAdd(c7, a, b);
            c8 = Vector512.FusedMultiplyAdd(c8, a, b); c9 = Vector512.FusedMultiplyAdd(c9, a, b);
            c10 = Vector512.FusedMultiplyAdd(c10, a, b); c11 = Vector512.FusedMultiplyAdd(c11, a, b);
        }
        c0.CopyTo(s); c1.CopyTo(s[w..]); c2.CopyTo(s[(2 * w)..]); c3.CopyTo(s[(3 * w)..]); c4.CopyTo(s[(4 * w)..]); c5.CopyTo(s[(5 * w)..]);
        c6.CopyTo(s[(6 * w)..]); c7.CopyTo(s[(7 * w)..]); c8.CopyTo(s[(8 * w)..]); c9.CopyTo(s[(9 * w)..]); c10.CopyTo(s[(10 * w)..]); c11.CopyTo(s[(11 * w)..]);
    }
}

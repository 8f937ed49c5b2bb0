using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace RnnAtlas.Networks;

/// <summary>The linear readout y = W_out h + b_out over many rows, the one kernel behind every network output.</summary>
/// <remarks>
/// The readout has few outputs (3 for the flip-flop, 1 for the sine wave), so it is no matrix product worth the name:
/// each row's dot products run on 512-bit lanes in place. Called through <c>TensorPrimitives.Dot</c> once per row and
/// output, it cost 0.17 ms of a 2.4 ms vanilla-64 training iteration (docs/benchmarks.md).
/// </remarks>
internal static class Readout
{
    /// <summary>outputs[r, o] = Σ_k states[r·stateStride + k] · weights[o·hidden + k] + bias[o] for <paramref name="rows"/> rows.</summary>
    public static void Apply<T>(ReadOnlySpan<T> states, int stateStride, int hidden, ReadOnlySpan<T> weights, ReadOnlySpan<T> bias, Span<T> outputs, int rows)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var count = bias.Length;
        if (states.Length < ((long)rows - 1) * stateStride + hidden || weights.Length < count * hidden || outputs.Length < rows * count)
        {
            throw new ArgumentException($"readout of {rows} rows × {hidden} units into {count} outputs needs longer spans");
        }
        var w = Vector512.IsHardwareAccelerated ? Vector512<T>.Count : int.MaxValue;
        ref var state = ref MemoryMarshal.GetReference(states);
        ref var weight = ref MemoryMarshal.GetReference(weights);
        for (var r = 0; r < rows; r++)
        {
            ref var row = ref Unsafe.Add(ref state, r * stateStride);
            for (var o = 0; o < count; o++)
            {
                ref var column = ref Unsafe.Add(ref weight, o * hidden);
                var k = 0;
                var sum = T.Zero;
                if (hidden >= w)
                {
                    var lanes = Vector512<T>.Zero;
                    for (; k + w <= hidden; k += w)
                    {
                        lanes += Vector512.LoadUnsafe(ref row, (nuint)k) * Vector512.LoadUnsafe(ref column, (nuint)k);
                    }
                    sum = Vector512.Sum(lanes);
                }
                for (; k < hidden; k++)
                {
                    sum += Unsafe.Add(ref row, k) * Unsafe.Add(ref column, k);
                }
                outputs[r * count + o] = sum + bias[o];
            }
        }
    }
}

using System.Runtime.Intrinsics;

namespace RnnAtlas.Numerics;

/// <summary>
/// The Adam update m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g²; θ ← θ − α·m̂/(√v̂ + ε) with m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ)
/// (PyTorch's torch.optim.Adam), written once.
/// </summary>
public static class AdamUpdate
{
    /// <summary>
    /// One Adam step (iteration t ≥ 1) on <paramref name="parameters"/> with moment buffers <paramref name="m"/> and
    /// <paramref name="v"/> of the same length; used by training (<c>Training.Adam</c>) and by the fixed-point descent. The vector loop does the
    /// scalar loop's operations in the same order, so every element's result is the same whatever the hardware.
    /// </summary>
    public static void Apply(Span<float> parameters, ReadOnlySpan<float> gradient, Span<float> m, Span<float> v, int iteration, double learningRate, double beta1, double beta2, double epsilon)
    {
        var n = parameters.Length;
        if (gradient.Length < n || m.Length < n || v.Length < n)
        {
            throw new ArgumentException($"gradient and moments must hold the {n} parameters");
        }
        var b1 = (float)beta1;
        var b2 = (float)beta2;
        var stepSize = (float)(learningRate / (1 - Math.Pow(beta1, iteration)));
        var correction2 = (float)Math.Sqrt(1 - Math.Pow(beta2, iteration));
        var eps = (float)epsilon;
        var i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var (vb1, vb2, va1, va2) = (Vector512.Create(b1), Vector512.Create(b2), Vector512.Create(1 - b1), Vector512.Create(1 - b2));
            var (vStep, vCorrection, vEps) = (Vector512.Create(stepSize), Vector512.Create(correction2), Vector512.Create(eps));
            for (; i + Vector512<float>.Count <= n; i += Vector512<float>.Count)
            {
                var g = Vector512.Create(gradient.Slice(i, Vector512<float>.Count));
                var mi = vb1 * Vector512.Create((ReadOnlySpan<float>)m.Slice(i, Vector512<float>.Count)) + va1 * g;
                var vi = vb2 * Vector512.Create((ReadOnlySpan<float>)v.Slice(i, Vector512<float>.Count)) + va2 * g * g;
                mi.CopyTo(m.Slice(i));
                vi.CopyTo(v.Slice(i));
                var p = Vector512.Create((ReadOnlySpan<float>)parameters.Slice(i, Vector512<float>.Count));
                (p - vStep * mi / (Vector512.Sqrt(vi) / vCorrection + vEps)).CopyTo(parameters.Slice(i));
            }
        }
        for (; i < n; i++)
        {
            var g = gradient[i];
            m[i] = b1 * m[i] + (1 - b1) * g;
            v[i] = b2 * v[i] + (1 - b2) * g * g;
            parameters[i] -= stepSize * m[i] / (MathF.Sqrt(v[i]) / correction2 + eps);
        }
    }
}

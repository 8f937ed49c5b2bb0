using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace RnnAtlas.Numerics;

/// <summary>
/// e^x on 16 float32 lanes in float32 arithmetic: Cody–Waite reduction x = n·ln 2 + r (|r| ≤ ln 2 / 2) and Cephes'
/// degree-7 polynomial for e^r (error ≤ 2 ulp on the clamped range, checked against <see cref="Math.Exp(double)"/>
/// in <c>SingleExpTests</c>), scaled by 2^n through the exponent bits.
/// </summary>
/// <remarks>
/// .NET's <see cref="Vector512.Exp(Vector512{float})"/> widens every lane to float64 for a correctly rounded result;
/// the cells' sigmoid and tanh on float32 lanes spent most of the forward cell step there (measured in
/// docs/benchmarks.md). Inputs are clamped to [−87.3, 88.4], where 2^n stays a normal number: below, the result is
/// ≈ 1.2e−38 instead of a denormal or zero; above, ≈ 2.4e38 instead of +∞ — both far below float32 resolution in
/// 1/(1 + e^x) and 1 − 2/(e^{2x} + 1). NaN stays NaN.
/// </remarks>
internal static class SingleExp
{
    private const float Lowest = -87.33654f, Highest = 88.37626f;
    private const float Log2E = 1.44269504088896341f, Ln2High = 0.693359375f, Ln2Low = -2.12194440e-4f;
    private const float P0 = 1.9875691500e-4f, P1 = 1.3981999507e-3f, P2 = 8.3334519073e-3f;
    private const float P3 = 4.1665795894e-2f, P4 = 1.6666665459e-1f, P5 = 5.0000001201e-1f;

    /// <summary>e^x lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Exp(Vector512<float> x)
    {
        // Min/Max, not their native forms: the IEEE versions keep a NaN lane NaN.
        x = Vector512.Min(Vector512.Max(x, Vector512.Create(Lowest)), Vector512.Create(Highest));
        var n = Vector512.Round(x * Vector512.Create(Log2E));
        var r = Vector512.FusedMultiplyAdd(n, Vector512.Create(-Ln2High), x);
        r = Vector512.FusedMultiplyAdd(n, Vector512.Create(-Ln2Low), r);
        var p = Vector512.FusedMultiplyAdd(Vector512.Create(P0), r, Vector512.Create(P1));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(P2));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(P3));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(P4));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(P5));
        var e = Vector512.FusedMultiplyAdd(p, r * r, r + Vector512<float>.One);
        // n is integral and within [−126, 127] after the clamp (NaN lanes stay NaN through e), so no saturation is needed.
        var scale = (Vector512.ConvertToInt32Native(n) + Vector512.Create(127)) << 23;
        return e * scale.AsSingle();
    }
}

using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace RnnAtlas.Cells;

/// <summary>
/// The element-wise pieces of the cells that System.Numerics.Tensors does not provide: φ and the products of an
/// upstream gradient with the derivative of φ or σ, written from the activation's output y.
/// </summary>
/// <remarks>Every method accepts a destination that is the same span as one of its inputs.</remarks>
internal static class Elementwise
{
    /// <summary>y = φ(x).</summary>
    public static void Activate<T>(Activation activation, ReadOnlySpan<T> x, Span<T> y)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (activation == Activation.Tanh)
        {
            TensorPrimitives.Tanh(x, y);
        }
        else
        {
            TensorPrimitives.Max(x, T.Zero, y);
        }
    }

    /// <summary>d = g ⊙ φ'(pre), with φ'(pre) written through y = φ(pre): tanh → 1 − y², ReLU → [y &gt; 0].</summary>
    public static void TimesActivationDerivative<T>(Activation activation, ReadOnlySpan<T> y, ReadOnlySpan<T> g, Span<T> d)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (activation == Activation.Tanh)
        {
            Map<T, TanhDerivative<T>>(y, g, d);
        }
        else
        {
            Map<T, ReluDerivative<T>>(y, g, d);
        }
    }

    /// <summary>d = g ⊙ y(1 − y), the gradient through y = σ(pre).</summary>
    public static void TimesSigmoidDerivative<T>(ReadOnlySpan<T> y, ReadOnlySpan<T> g, Span<T> d)
        where T : unmanaged, IFloatingPointIeee754<T> => Map<T, SigmoidDerivative<T>>(y, g, d);

    private static void Map<T, TOp>(ReadOnlySpan<T> y, ReadOnlySpan<T> g, Span<T> d)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TOp : struct, IGradientOperator<T>
    {
        if (g.Length != y.Length || d.Length < y.Length)
        {
            throw new ArgumentException("spans must have equal lengths");
        }
        ref var yRef = ref MemoryMarshal.GetReference(y);
        ref var gRef = ref MemoryMarshal.GetReference(g);
        ref var dRef = ref MemoryMarshal.GetReference(d);
        var i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i + Vector512<T>.Count <= y.Length; i += Vector512<T>.Count)
            {
                TOp.Invoke(Vector512.LoadUnsafe(ref yRef, (nuint)i), Vector512.LoadUnsafe(ref gRef, (nuint)i)).StoreUnsafe(ref dRef, (nuint)i);
            }
        }
        for (; i < y.Length; i++)
        {
            Unsafe.Add(ref dRef, i) = TOp.Invoke(Unsafe.Add(ref yRef, i), Unsafe.Add(ref gRef, i));
        }
    }

    private interface IGradientOperator<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        static abstract T Invoke(T y, T g);

        static abstract Vector512<T> Invoke(Vector512<T> y, Vector512<T> g);
    }

    private readonly struct TanhDerivative<T> : IGradientOperator<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public static T Invoke(T y, T g) => g * (T.One - y * y);

        public static Vector512<T> Invoke(Vector512<T> y, Vector512<T> g) => g * (Vector512<T>.One - y * y);
    }

    private readonly struct ReluDerivative<T> : IGradientOperator<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public static T Invoke(T y, T g) => y > T.Zero ? g : T.Zero;

        public static Vector512<T> Invoke(Vector512<T> y, Vector512<T> g) =>
            Vector512.ConditionalSelect(Vector512.GreaterThan(y, Vector512<T>.Zero), g, Vector512<T>.Zero);
    }

    private readonly struct SigmoidDerivative<T> : IGradientOperator<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public static T Invoke(T y, T g) => g * y * (T.One - y);

        public static Vector512<T> Invoke(Vector512<T> y, Vector512<T> g) => g * y * (Vector512<T>.One - y);
    }
}

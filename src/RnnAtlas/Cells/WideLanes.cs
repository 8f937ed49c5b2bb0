using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace RnnAtlas.Cells;

/// <summary>Lanes of one <see cref="Vector512{T}"/> (16 float32 or 8 float64).</summary>
internal readonly struct WideLanes<T> : ILanes<WideLanes<T>, T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Vector512<T> _v;

    private WideLanes(Vector512<T> v) => _v = v;

    public static int Count => Vector512<T>.Count;

    public static WideLanes<T> One => new(Vector512<T>.One);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static WideLanes<T> Load(ReadOnlySpan<T> source, int index)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(index + Vector512<T>.Count, source.Length);
        return new(Vector512.LoadUnsafe(ref MemoryMarshal.GetReference(source), (nuint)index));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(WideLanes<T> value, Span<T> destination, int index)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(index + Vector512<T>.Count, destination.Length);
        value._v.StoreUnsafe(ref MemoryMarshal.GetReference(destination), (nuint)index);
    }

    public static WideLanes<T> operator +(WideLanes<T> a, WideLanes<T> b) => new(a._v + b._v);

    public static WideLanes<T> operator -(WideLanes<T> a, WideLanes<T> b) => new(a._v - b._v);

    public static WideLanes<T> operator *(WideLanes<T> a, WideLanes<T> b) => new(a._v * b._v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static WideLanes<T> Sigmoid(WideLanes<T> x) => new(Vector512<T>.One / (Vector512<T>.One + Exp(-x._v)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static WideLanes<T> Activate(Activation activation, WideLanes<T> x)
    {
        if (activation == Activation.Relu)
        {
            return new(Vector512.Max(x._v, Vector512<T>.Zero));
        }
        var two = Vector512<T>.One + Vector512<T>.One;
        return new(Vector512<T>.One - two / (Exp(x._v + x._v) + Vector512<T>.One));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static WideLanes<T> ActivationDerivative(Activation activation, WideLanes<T> y) =>
        activation == Activation.Relu
            ? new(Vector512.ConditionalSelect(Vector512.GreaterThan(y._v, Vector512<T>.Zero), Vector512<T>.One, Vector512<T>.Zero))
            : new(Vector512<T>.One - y._v * y._v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<T> Exp(Vector512<T> x)
    {
        if (typeof(T) == typeof(float))
        {
            return Numerics.SingleExp.Exp(x.As<T, float>()).As<float, T>();
        }
        if (typeof(T) == typeof(double))
        {
            return Vector512.Exp(x.As<T, double>()).As<double, T>();
        }
        throw new NotSupportedException($"{typeof(T)} lanes have no exponential");
    }
}

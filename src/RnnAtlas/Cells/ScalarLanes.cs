using System.Numerics;

namespace RnnAtlas.Cells;

/// <summary>A single lane; runs the cells' equations on the elements a 512-bit vector does not cover.</summary>
internal readonly struct ScalarLanes<T> : ILanes<ScalarLanes<T>, T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T _v;

    private ScalarLanes(T v) => _v = v;

    public static int Count => 1;

    public static ScalarLanes<T> One => new(T.One);

    public static ScalarLanes<T> Load(ReadOnlySpan<T> source, int index) => new(source[index]);

    public static void Store(ScalarLanes<T> value, Span<T> destination, int index) => destination[index] = value._v;

    public static ScalarLanes<T> operator +(ScalarLanes<T> a, ScalarLanes<T> b) => new(a._v + b._v);

    public static ScalarLanes<T> operator -(ScalarLanes<T> a, ScalarLanes<T> b) => new(a._v - b._v);

    public static ScalarLanes<T> operator *(ScalarLanes<T> a, ScalarLanes<T> b) => new(a._v * b._v);

    public static ScalarLanes<T> Sigmoid(ScalarLanes<T> x) => new(T.One / (T.One + T.Exp(-x._v)));

    public static ScalarLanes<T> Activate(Activation activation, ScalarLanes<T> x) =>
        activation == Activation.Relu
            ? new(T.Max(x._v, T.Zero))
            : new(T.One - (T.One + T.One) / (T.Exp(x._v + x._v) + T.One));

    public static ScalarLanes<T> ActivationDerivative(Activation activation, ScalarLanes<T> y) =>
        activation == Activation.Relu
            ? new(y._v > T.Zero ? T.One : T.Zero)
            : new(T.One - y._v * y._v);
}

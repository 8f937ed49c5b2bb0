using System.Numerics;

namespace RnnAtlas.Cells;

/// <summary>
/// A group of lanes of <typeparamref name="T"/> with the arithmetic the cells need. Each cell writes its element-wise
/// equations once, generic over the lane type; they run on <see cref="WideLanes{T}"/> (one 512-bit vector) over whole
/// vectors and on <see cref="ScalarLanes{T}"/> over the remainder, so one fused loop replaces many small passes.
/// </summary>
internal interface ILanes<TSelf, T>
    where TSelf : struct, ILanes<TSelf, T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Lanes per group.</summary>
    static abstract int Count { get; }

    /// <summary>All lanes equal to one.</summary>
    static abstract TSelf One { get; }

    /// <summary>Loads lanes from <paramref name="source"/> at <paramref name="index"/>.</summary>
    static abstract TSelf Load(ReadOnlySpan<T> source, int index);

    /// <summary>Stores lanes into <paramref name="destination"/> at <paramref name="index"/>.</summary>
    static abstract void Store(TSelf value, Span<T> destination, int index);

    /// <summary>Lane-wise sum.</summary>
    static abstract TSelf operator +(TSelf a, TSelf b);

    /// <summary>Lane-wise difference.</summary>
    static abstract TSelf operator -(TSelf a, TSelf b);

    /// <summary>Lane-wise product.</summary>
    static abstract TSelf operator *(TSelf a, TSelf b);

    /// <summary>σ(x) = 1 / (1 + e^(−x)).</summary>
    static abstract TSelf Sigmoid(TSelf x);

    /// <summary>φ(x): tanh(x) = 1 − 2 / (e^(2x) + 1), or max(0, x).</summary>
    static abstract TSelf Activate(Activation activation, TSelf x);

    /// <summary>φ'(pre) written through the output y = φ(pre): 1 − y² (tanh) or [y &gt; 0] (ReLU).</summary>
    static abstract TSelf ActivationDerivative(Activation activation, TSelf y);
}

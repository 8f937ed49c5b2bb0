using System.Numerics;

namespace RnnAtlas.Cells;

/// <summary>
/// Vanilla RNN (PyTorch nn.RNN): h' = φ(W_ih x + b_ih + W_hh h + b_hh).
/// Backward: d(drive) = dh' ⊙ φ'(·); no path bypasses W_hh. Cache: none (φ' is read from h').
/// </summary>
public sealed class VanillaCell<T> : Cell<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates the cell.</summary>
    public VanillaCell(int hidden, Activation activation)
        : base(hidden, activation)
    {
    }

    /// <inheritdoc />
    public override CellKind Kind => CellKind.Vanilla;

    /// <inheritdoc />
    public override int GateCount => 1;

    /// <inheritdoc />
    public override int CacheWidth => 0;

    /// <inheritdoc />
    public override void Forward(in CellForward<T> step)
    {
        for (var b = 0; b < step.Rows; b++)
        {
            var ax = Gate(step.InputDrive, step.InputGateStride, 0, b);
            var ah = Gate(step.RecurrentDrive, step.RecurrentGateStride, 0, b);
            var next = Segment(step.Next, Hidden, b, 0);
            var i = ForwardLanes<WideLanes<T>>(Activation, ax, ah, next, WideStart);
            ForwardLanes<ScalarLanes<T>>(Activation, ax, ah, next, i);
        }
    }

    /// <inheritdoc />
    public override void Backward(in CellBackward<T> step)
    {
        for (var b = 0; b < step.Rows; b++)
        {
            var next = Segment(step.Next, Hidden, b, 0);
            var dNext = Segment(step.NextGradient, Hidden, b, 0);
            var dDrive = Gate(step.InputDriveGradient, step.InputGateStride, 0, b);
            var i = BackwardLanes<WideLanes<T>>(Activation, next, dNext, dDrive, WideStart);
            BackwardLanes<ScalarLanes<T>>(Activation, next, dNext, dDrive, i);
        }
        step.PreviousGradient[..(step.Rows * Hidden)].Clear();
    }

    private static int ForwardLanes<TL>(Activation activation, ReadOnlySpan<T> ax, ReadOnlySpan<T> ah, Span<T> next, int start)
        where TL : struct, ILanes<TL, T>
    {
        var i = start;
        for (; i + TL.Count <= next.Length; i += TL.Count)
        {
            TL.Store(TL.Activate(activation, TL.Load(ax, i) + TL.Load(ah, i)), next, i);
        }
        return i;
    }

    private static int BackwardLanes<TL>(Activation activation, ReadOnlySpan<T> next, ReadOnlySpan<T> dNext, Span<T> dDrive, int start)
        where TL : struct, ILanes<TL, T>
    {
        var i = start;
        for (; i + TL.Count <= next.Length; i += TL.Count)
        {
            TL.Store(TL.Load(dNext, i) * TL.ActivationDerivative(activation, TL.Load(next, i)), dDrive, i);
        }
        return i;
    }
}

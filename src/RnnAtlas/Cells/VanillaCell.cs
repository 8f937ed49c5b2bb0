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
            var next = Segment(step.Next, Hidden, b, 0);
            System.Numerics.Tensors.TensorPrimitives.Add(Gate(step.InputDrive, step.InputGateStride, 0, b), Gate(step.RecurrentDrive, step.RecurrentGateStride, 0, b), next);
            Elementwise.Activate(Activation, next, next);
        }
    }

    /// <inheritdoc />
    public override void Backward(in CellBackward<T> step)
    {
        for (var b = 0; b < step.Rows; b++)
        {
            Elementwise.TimesActivationDerivative(Activation, Segment(step.Next, Hidden, b, 0), Segment(step.NextGradient, Hidden, b, 0), Gate(step.InputDriveGradient, step.InputGateStride, 0, b));
        }
        step.PreviousGradient[..(step.Rows * Hidden)].Clear();
    }
}

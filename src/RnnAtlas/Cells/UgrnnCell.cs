using System.Numerics;
using System.Numerics.Tensors;

namespace RnnAtlas.Cells;

/// <summary>
/// Update-gate RNN (Collins, Sohl-Dickstein &amp; Sussillo 2017), gate rows ordered g, c:
/// g = σ(W_ig x + b_ig + W_hg h + b_hg); c = φ(W_ic x + b_ic + W_hc h + b_hc); h' = g ⊙ h + (1 − g) ⊙ c.
/// Backward: dh_bypass = dh' ⊙ g; dc_pre = dh' ⊙ (1 − g) ⊙ φ'(c); dg_pre = dh' ⊙ (h − c) ⊙ g(1 − g).
/// Cache per row: [g, c].
/// </summary>
public sealed class UgrnnCell<T> : Cell<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private const int UpdateGate = 0, Candidate = 1;

    /// <summary>Creates the cell.</summary>
    public UgrnnCell(int hidden, Activation activation)
        : base(hidden, activation)
    {
    }

    /// <inheritdoc />
    public override CellKind Kind => CellKind.Ugrnn;

    /// <inheritdoc />
    public override int GateCount => 2;

    /// <inheritdoc />
    public override int CacheWidth => 2 * Hidden;

    /// <inheritdoc />
    public override void Forward(in CellForward<T> step)
    {
        for (var b = 0; b < step.Rows; b++)
        {
            var g = Segment(step.Cache, CacheWidth, b, UpdateGate);
            var c = Segment(step.Cache, CacheWidth, b, Candidate);
            var next = Segment(step.Next, Hidden, b, 0);
            TensorPrimitives.Add(Gate(step.InputDrive, step.InputGateStride, UpdateGate, b), Gate(step.RecurrentDrive, step.RecurrentGateStride, UpdateGate, b), g);
            TensorPrimitives.Sigmoid(g, g);
            TensorPrimitives.Add(Gate(step.InputDrive, step.InputGateStride, Candidate, b), Gate(step.RecurrentDrive, step.RecurrentGateStride, Candidate, b), c);
            Elementwise.Activate(Activation, c, c);
            TensorPrimitives.Subtract(Segment(step.Previous, Hidden, b, 0), c, next);
            TensorPrimitives.FusedMultiplyAdd(g, next, c, next);
        }
    }

    /// <inheritdoc />
    public override void Backward(in CellBackward<T> step)
    {
        for (var b = 0; b < step.Rows; b++)
        {
            var g = Segment(step.Cache, CacheWidth, b, UpdateGate);
            var c = Segment(step.Cache, CacheWidth, b, Candidate);
            var dNext = Segment(step.NextGradient, Hidden, b, 0);
            var bypass = Segment(step.PreviousGradient, Hidden, b, 0);
            var dg = Gate(step.InputDriveGradient, step.InputGateStride, UpdateGate, b);
            var dc = Gate(step.InputDriveGradient, step.InputGateStride, Candidate, b);
            TensorPrimitives.Multiply(dNext, g, bypass);
            TensorPrimitives.Subtract(dNext, bypass, dc);
            Elementwise.TimesActivationDerivative(Activation, c, dc, dc);
            TensorPrimitives.Subtract(Segment(step.Previous, Hidden, b, 0), c, dg);
            TensorPrimitives.Multiply(dg, dNext, dg);
            Elementwise.TimesSigmoidDerivative(g, dg, dg);
        }
    }
}

using System.Numerics;
using System.Numerics.Tensors;

namespace RnnAtlas.Cells;

/// <summary>
/// Gated recurrent unit, exactly PyTorch nn.GRU (gate rows ordered r, z, n):
/// r = σ(W_ir x + b_ir + W_hr h + b_hr); z = σ(W_iz x + b_iz + W_hz h + b_hz);
/// n = φ(W_in x + b_in + r ⊙ (W_hn h + b_hn)); h' = (1 − z) ⊙ n + z ⊙ h.
/// Backward: dh_bypass = dh' ⊙ z; dn_pre = dh' ⊙ (1 − z) ⊙ φ'(n); dz_pre = dh' ⊙ (h − n) ⊙ z(1 − z);
/// dr_pre = dn_pre ⊙ (W_hn h + b_hn) ⊙ r(1 − r); the recurrent drive of n receives dn_pre ⊙ r.
/// Cache per row: [r, z, n, W_hn h + b_hn].
/// </summary>
public sealed class GruCell<T> : Cell<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private const int Reset = 0, Update = 1, NewGate = 2, RecurrentNew = 3;

    /// <summary>Creates the cell.</summary>
    public GruCell(int hidden, Activation activation)
        : base(hidden, activation)
    {
    }

    /// <inheritdoc />
    public override CellKind Kind => CellKind.Gru;

    /// <inheritdoc />
    public override int GateCount => 3;

    /// <inheritdoc />
    public override int CacheWidth => 4 * Hidden;

    /// <inheritdoc />
    public override bool SeparateRecurrentGradient => true;

    /// <inheritdoc />
    public override void Forward(in CellForward<T> step)
    {
        for (var b = 0; b < step.Rows; b++)
        {
            var r = Segment(step.Cache, CacheWidth, b, Reset);
            var z = Segment(step.Cache, CacheWidth, b, Update);
            var n = Segment(step.Cache, CacheWidth, b, NewGate);
            var hn = Segment(step.Cache, CacheWidth, b, RecurrentNew);
            var next = Segment(step.Next, Hidden, b, 0);
            TensorPrimitives.Add(Gate(step.InputDrive, step.InputGateStride, Reset, b), Gate(step.RecurrentDrive, step.RecurrentGateStride, Reset, b), r);
            TensorPrimitives.Sigmoid(r, r);
            TensorPrimitives.Add(Gate(step.InputDrive, step.InputGateStride, Update, b), Gate(step.RecurrentDrive, step.RecurrentGateStride, Update, b), z);
            TensorPrimitives.Sigmoid(z, z);
            Gate(step.RecurrentDrive, step.RecurrentGateStride, NewGate, b).CopyTo(hn);
            TensorPrimitives.FusedMultiplyAdd(r, hn, Gate(step.InputDrive, step.InputGateStride, NewGate, b), n);
            Elementwise.Activate(Activation, n, n);
            TensorPrimitives.Subtract(Segment(step.Previous, Hidden, b, 0), n, next);
            TensorPrimitives.FusedMultiplyAdd(z, next, n, next);
        }
    }

    /// <inheritdoc />
    public override void Backward(in CellBackward<T> step)
    {
        for (var b = 0; b < step.Rows; b++)
        {
            var r = Segment(step.Cache, CacheWidth, b, Reset);
            var z = Segment(step.Cache, CacheWidth, b, Update);
            var n = Segment(step.Cache, CacheWidth, b, NewGate);
            var hn = Segment(step.Cache, CacheWidth, b, RecurrentNew);
            var dNext = Segment(step.NextGradient, Hidden, b, 0);
            var bypass = Segment(step.PreviousGradient, Hidden, b, 0);
            var dr = Gate(step.InputDriveGradient, step.InputGateStride, Reset, b);
            var dz = Gate(step.InputDriveGradient, step.InputGateStride, Update, b);
            var dn = Gate(step.InputDriveGradient, step.InputGateStride, NewGate, b);
            TensorPrimitives.Multiply(dNext, z, bypass);
            TensorPrimitives.Subtract(dNext, bypass, dn);
            Elementwise.TimesActivationDerivative(Activation, n, dn, dn);
            TensorPrimitives.Subtract(Segment(step.Previous, Hidden, b, 0), n, dz);
            TensorPrimitives.Multiply(dz, dNext, dz);
            Elementwise.TimesSigmoidDerivative(z, dz, dz);
            TensorPrimitives.Multiply(dn, hn, dr);
            Elementwise.TimesSigmoidDerivative(r, dr, dr);
            dr.CopyTo(Gate(step.RecurrentDriveGradient, step.RecurrentGateStride, Reset, b));
            dz.CopyTo(Gate(step.RecurrentDriveGradient, step.RecurrentGateStride, Update, b));
            TensorPrimitives.Multiply(dn, r, Gate(step.RecurrentDriveGradient, step.RecurrentGateStride, NewGate, b));
        }
    }
}

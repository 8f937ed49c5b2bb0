using System.Numerics;
using System.Numerics.Tensors;

namespace RnnAtlas.Cells;

/// <summary>
/// Long short-term memory, exactly PyTorch nn.LSTM (gate rows ordered i, f, g, o); the state is [h; c]:
/// i, f, o = σ(W_i· x + b_i· + W_h· h + b_h·); g = φ(W_ig x + b_ig + W_hg h + b_hg); c' = f ⊙ c + i ⊙ g; h' = o ⊙ φ(c').
/// Backward: dc = dc' + dh' ⊙ o ⊙ φ'(c'); do_pre = dh' ⊙ φ(c') ⊙ o(1 − o); di_pre = dc ⊙ g ⊙ i(1 − i);
/// df_pre = dc ⊙ c ⊙ f(1 − f); dg_pre = dc ⊙ i ⊙ φ'(g); dc_bypass = dc ⊙ f; h has no bypass.
/// Cache per row: [i, f, g, o, φ(c')].
/// </summary>
public sealed class LstmCell<T> : Cell<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private const int InputGate = 0, ForgetGate = 1, CellGate = 2, OutputGate = 3, CellOutput = 4;
    private const int HiddenPart = 0, CellPart = 1;

    /// <summary>Creates the cell.</summary>
    public LstmCell(int hidden, Activation activation)
        : base(hidden, activation)
    {
    }

    /// <inheritdoc />
    public override CellKind Kind => CellKind.Lstm;

    /// <inheritdoc />
    public override int GateCount => 4;

    /// <inheritdoc />
    public override int StateSize => 2 * Hidden;

    /// <inheritdoc />
    public override int CacheWidth => 5 * Hidden;

    /// <inheritdoc />
    public override void Forward(in CellForward<T> step)
    {
        for (var b = 0; b < step.Rows; b++)
        {
            for (var gate = 0; gate < GateCount; gate++)
            {
                var a = Segment(step.Cache, CacheWidth, b, gate);
                TensorPrimitives.Add(Gate(step.InputDrive, step.InputGateStride, gate, b), Gate(step.RecurrentDrive, step.RecurrentGateStride, gate, b), a);
                if (gate == CellGate)
                {
                    Elementwise.Activate(Activation, a, a);
                }
                else
                {
                    TensorPrimitives.Sigmoid(a, a);
                }
            }
            var cNext = Segment(step.Next, StateSize, b, CellPart);
            var tc = Segment(step.Cache, CacheWidth, b, CellOutput);
            TensorPrimitives.Multiply(Segment(step.Cache, CacheWidth, b, ForgetGate), Segment(step.Previous, StateSize, b, CellPart), cNext);
            TensorPrimitives.FusedMultiplyAdd(Segment(step.Cache, CacheWidth, b, InputGate), Segment(step.Cache, CacheWidth, b, CellGate), cNext, cNext);
            Elementwise.Activate(Activation, cNext, tc);
            TensorPrimitives.Multiply(Segment(step.Cache, CacheWidth, b, OutputGate), tc, Segment(step.Next, StateSize, b, HiddenPart));
        }
    }

    /// <inheritdoc />
    public override void Backward(in CellBackward<T> step)
    {
        var dc = step.Scratch[..Hidden];
        for (var b = 0; b < step.Rows; b++)
        {
            var i = Segment(step.Cache, CacheWidth, b, InputGate);
            var f = Segment(step.Cache, CacheWidth, b, ForgetGate);
            var g = Segment(step.Cache, CacheWidth, b, CellGate);
            var o = Segment(step.Cache, CacheWidth, b, OutputGate);
            var tc = Segment(step.Cache, CacheWidth, b, CellOutput);
            var dh = Segment(step.NextGradient, StateSize, b, HiddenPart);
            var di = Gate(step.InputDriveGradient, step.InputGateStride, InputGate, b);
            var df = Gate(step.InputDriveGradient, step.InputGateStride, ForgetGate, b);
            var dg = Gate(step.InputDriveGradient, step.InputGateStride, CellGate, b);
            var dO = Gate(step.InputDriveGradient, step.InputGateStride, OutputGate, b);
            TensorPrimitives.Multiply(dh, o, dc);
            Elementwise.TimesActivationDerivative(Activation, tc, dc, dc);
            TensorPrimitives.Add(dc, Segment(step.NextGradient, StateSize, b, CellPart), dc);
            TensorPrimitives.Multiply(dh, tc, dO);
            Elementwise.TimesSigmoidDerivative(o, dO, dO);
            TensorPrimitives.Multiply(dc, g, di);
            Elementwise.TimesSigmoidDerivative(i, di, di);
            TensorPrimitives.Multiply(dc, Segment(step.Previous, StateSize, b, CellPart), df);
            Elementwise.TimesSigmoidDerivative(f, df, df);
            TensorPrimitives.Multiply(dc, i, dg);
            Elementwise.TimesActivationDerivative(Activation, g, dg, dg);
            Segment(step.PreviousGradient, StateSize, b, HiddenPart).Clear();
            TensorPrimitives.Multiply(dc, f, Segment(step.PreviousGradient, StateSize, b, CellPart));
        }
    }
}

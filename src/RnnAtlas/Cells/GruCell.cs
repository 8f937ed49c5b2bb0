using System.Numerics;

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
            var row = new Row(
                Gate(step.InputDrive, step.InputGateStride, Reset, b),
                Gate(step.InputDrive, step.InputGateStride, Update, b),
                Gate(step.InputDrive, step.InputGateStride, NewGate, b),
                Gate(step.RecurrentDrive, step.RecurrentGateStride, Reset, b),
                Gate(step.RecurrentDrive, step.RecurrentGateStride, Update, b),
                Gate(step.RecurrentDrive, step.RecurrentGateStride, NewGate, b),
                Segment(step.Previous, Hidden, b, 0),
                Segment(step.Cache, CacheWidth, b, Reset),
                Segment(step.Cache, CacheWidth, b, Update),
                Segment(step.Cache, CacheWidth, b, NewGate),
                Segment(step.Cache, CacheWidth, b, RecurrentNew),
                Segment(step.Next, Hidden, b, 0));
            var i = ForwardLanes<WideLanes<T>>(Activation, row, WideStart);
            ForwardLanes<ScalarLanes<T>>(Activation, row, i);
        }
    }

    /// <inheritdoc />
    public override void Backward(in CellBackward<T> step)
    {
        for (var b = 0; b < step.Rows; b++)
        {
            var row = new GradientRow(
                Segment(step.NextGradient, Hidden, b, 0),
                Segment(step.Previous, Hidden, b, 0),
                Segment(step.Cache, CacheWidth, b, Reset),
                Segment(step.Cache, CacheWidth, b, Update),
                Segment(step.Cache, CacheWidth, b, NewGate),
                Segment(step.Cache, CacheWidth, b, RecurrentNew),
                Segment(step.PreviousGradient, Hidden, b, 0),
                Gate(step.InputDriveGradient, step.InputGateStride, Reset, b),
                Gate(step.InputDriveGradient, step.InputGateStride, Update, b),
                Gate(step.InputDriveGradient, step.InputGateStride, NewGate, b),
                Gate(step.RecurrentDriveGradient, step.RecurrentGateStride, Reset, b),
                Gate(step.RecurrentDriveGradient, step.RecurrentGateStride, Update, b),
                Gate(step.RecurrentDriveGradient, step.RecurrentGateStride, NewGate, b));
            var i = BackwardLanes<WideLanes<T>>(Activation, row, WideStart);
            BackwardLanes<ScalarLanes<T>>(Activation, row, i);
        }
    }

    private static int ForwardLanes<TL>(Activation activation, in Row s, int start)
        where TL : struct, ILanes<TL, T>
    {
        var i = start;
        for (; i + TL.Count <= s.Next.Length; i += TL.Count)
        {
            var r = TL.Sigmoid(TL.Load(s.InputR, i) + TL.Load(s.RecurrentR, i));
            var z = TL.Sigmoid(TL.Load(s.InputZ, i) + TL.Load(s.RecurrentZ, i));
            var hn = TL.Load(s.RecurrentN, i);
            var n = TL.Activate(activation, TL.Load(s.InputN, i) + r * hn);
            TL.Store(r, s.R, i);
            TL.Store(z, s.Z, i);
            TL.Store(n, s.N, i);
            TL.Store(hn, s.Hn, i);
            TL.Store(n + z * (TL.Load(s.Previous, i) - n), s.Next, i);
        }
        return i;
    }

    private static int BackwardLanes<TL>(Activation activation, in GradientRow s, int start)
        where TL : struct, ILanes<TL, T>
    {
        var i = start;
        for (; i + TL.Count <= s.NextGradient.Length; i += TL.Count)
        {
            var dh = TL.Load(s.NextGradient, i);
            var r = TL.Load(s.R, i);
            var z = TL.Load(s.Z, i);
            var n = TL.Load(s.N, i);
            var bypass = dh * z;
            var dn = (dh - bypass) * TL.ActivationDerivative(activation, n);
            var dz = dh * (TL.Load(s.Previous, i) - n) * z * (TL.One - z);
            var dr = dn * TL.Load(s.Hn, i) * r * (TL.One - r);
            TL.Store(bypass, s.Bypass, i);
            TL.Store(dr, s.InputR, i);
            TL.Store(dz, s.InputZ, i);
            TL.Store(dn, s.InputN, i);
            TL.Store(dr, s.RecurrentR, i);
            TL.Store(dz, s.RecurrentZ, i);
            TL.Store(dn * r, s.RecurrentN, i);
        }
        return i;
    }

    private readonly ref struct Row(
        ReadOnlySpan<T> inputR, ReadOnlySpan<T> inputZ, ReadOnlySpan<T> inputN,
        ReadOnlySpan<T> recurrentR, ReadOnlySpan<T> recurrentZ, ReadOnlySpan<T> recurrentN,
        ReadOnlySpan<T> previous, Span<T> r, Span<T> z, Span<T> n, Span<T> hn, Span<T> next)
    {
        public readonly ReadOnlySpan<T> InputR = inputR, InputZ = inputZ, InputN = inputN;
        public readonly ReadOnlySpan<T> RecurrentR = recurrentR, RecurrentZ = recurrentZ, RecurrentN = recurrentN, Previous = previous;
        public readonly Span<T> R = r, Z = z, N = n, Hn = hn, Next = next;
    }

    private readonly ref struct GradientRow(
        ReadOnlySpan<T> nextGradient, ReadOnlySpan<T> previous, ReadOnlySpan<T> r, ReadOnlySpan<T> z, ReadOnlySpan<T> n, ReadOnlySpan<T> hn,
        Span<T> bypass, Span<T> inputR, Span<T> inputZ, Span<T> inputN, Span<T> recurrentR, Span<T> recurrentZ, Span<T> recurrentN)
    {
        public readonly ReadOnlySpan<T> NextGradient = nextGradient, Previous = previous, R = r, Z = z, N = n, Hn = hn;
        public readonly Span<T> Bypass = bypass, InputR = inputR, InputZ = inputZ, InputN = inputN;
        public readonly Span<T> RecurrentR = recurrentR, RecurrentZ = recurrentZ, RecurrentN = recurrentN;
    }
}

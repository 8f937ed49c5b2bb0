using System.Numerics;

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
            var row = new Row(
                Gate(step.InputDrive, step.InputGateStride, UpdateGate, b),
                Gate(step.InputDrive, step.InputGateStride, Candidate, b),
                Gate(step.RecurrentDrive, step.RecurrentGateStride, UpdateGate, b),
                Gate(step.RecurrentDrive, step.RecurrentGateStride, Candidate, b),
                Segment(step.Previous, Hidden, b, 0),
                Segment(step.Cache, CacheWidth, b, UpdateGate),
                Segment(step.Cache, CacheWidth, b, Candidate),
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
                Segment(step.Cache, CacheWidth, b, UpdateGate),
                Segment(step.Cache, CacheWidth, b, Candidate),
                Segment(step.PreviousGradient, Hidden, b, 0),
                Gate(step.InputDriveGradient, step.InputGateStride, UpdateGate, b),
                Gate(step.InputDriveGradient, step.InputGateStride, Candidate, b));
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
            var g = TL.Sigmoid(TL.Load(s.InputG, i) + TL.Load(s.RecurrentG, i));
            var c = TL.Activate(activation, TL.Load(s.InputC, i) + TL.Load(s.RecurrentC, i));
            TL.Store(g, s.G, i);
            TL.Store(c, s.C, i);
            TL.Store(c + g * (TL.Load(s.Previous, i) - c), s.Next, i);
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
            var g = TL.Load(s.G, i);
            var c = TL.Load(s.C, i);
            var bypass = dh * g;
            TL.Store(bypass, s.Bypass, i);
            TL.Store((dh - bypass) * TL.ActivationDerivative(activation, c), s.DriveC, i);
            TL.Store(dh * (TL.Load(s.Previous, i) - c) * g * (TL.One - g), s.DriveG, i);
        }
        return i;
    }

    private readonly ref struct Row(ReadOnlySpan<T> inputG, ReadOnlySpan<T> inputC, ReadOnlySpan<T> recurrentG, ReadOnlySpan<T> recurrentC, ReadOnlySpan<T> previous, Span<T> g, Span<T> c, Span<T> next)
    {
        public readonly ReadOnlySpan<T> InputG = inputG, InputC = inputC, RecurrentG = recurrentG, RecurrentC = recurrentC, Previous = previous;
        public readonly Span<T> G = g, C = c, Next = next;
    }

    private readonly ref struct GradientRow(ReadOnlySpan<T> nextGradient, ReadOnlySpan<T> previous, ReadOnlySpan<T> g, ReadOnlySpan<T> c, Span<T> bypass, Span<T> driveG, Span<T> driveC)
    {
        public readonly ReadOnlySpan<T> NextGradient = nextGradient, Previous = previous, G = g, C = c;
        public readonly Span<T> Bypass = bypass, DriveG = driveG, DriveC = driveC;
    }
}

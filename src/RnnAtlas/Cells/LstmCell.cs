using System.Numerics;

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
            var row = new Row(
                Gate(step.InputDrive, step.InputGateStride, InputGate, b),
                Gate(step.InputDrive, step.InputGateStride, ForgetGate, b),
                Gate(step.InputDrive, step.InputGateStride, CellGate, b),
                Gate(step.InputDrive, step.InputGateStride, OutputGate, b),
                Gate(step.RecurrentDrive, step.RecurrentGateStride, InputGate, b),
                Gate(step.RecurrentDrive, step.RecurrentGateStride, ForgetGate, b),
                Gate(step.RecurrentDrive, step.RecurrentGateStride, CellGate, b),
                Gate(step.RecurrentDrive, step.RecurrentGateStride, OutputGate, b),
                Segment(step.Previous, StateSize, b, CellPart),
                step.Cache.Slice(b * CacheWidth, CacheWidth),
                Segment(step.Next, StateSize, b, HiddenPart),
                Segment(step.Next, StateSize, b, CellPart),
                Hidden);
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
                Segment(step.NextGradient, StateSize, b, HiddenPart),
                Segment(step.NextGradient, StateSize, b, CellPart),
                Segment(step.Previous, StateSize, b, CellPart),
                step.Cache.Slice(b * CacheWidth, CacheWidth),
                Segment(step.PreviousGradient, StateSize, b, CellPart),
                Gate(step.InputDriveGradient, step.InputGateStride, InputGate, b),
                Gate(step.InputDriveGradient, step.InputGateStride, ForgetGate, b),
                Gate(step.InputDriveGradient, step.InputGateStride, CellGate, b),
                Gate(step.InputDriveGradient, step.InputGateStride, OutputGate, b),
                Hidden);
            var i = BackwardLanes<WideLanes<T>>(Activation, row, WideStart);
            BackwardLanes<ScalarLanes<T>>(Activation, row, i);
            Segment(step.PreviousGradient, StateSize, b, HiddenPart).Clear();
        }
    }

    private static int ForwardLanes<TL>(Activation activation, in Row s, int start)
        where TL : struct, ILanes<TL, T>
    {
        var h = s.CellNext.Length;
        var i = start;
        for (; i + TL.Count <= h; i += TL.Count)
        {
            var ig = TL.Sigmoid(TL.Load(s.InputI, i) + TL.Load(s.RecurrentI, i));
            var fg = TL.Sigmoid(TL.Load(s.InputF, i) + TL.Load(s.RecurrentF, i));
            var gg = TL.Activate(activation, TL.Load(s.InputG, i) + TL.Load(s.RecurrentG, i));
            var og = TL.Sigmoid(TL.Load(s.InputO, i) + TL.Load(s.RecurrentO, i));
            var c = fg * TL.Load(s.CellPrevious, i) + ig * gg;
            var tc = TL.Activate(activation, c);
            TL.Store(ig, s.Cache, InputGate * h + i);
            TL.Store(fg, s.Cache, ForgetGate * h + i);
            TL.Store(gg, s.Cache, CellGate * h + i);
            TL.Store(og, s.Cache, OutputGate * h + i);
            TL.Store(tc, s.Cache, CellOutput * h + i);
            TL.Store(c, s.CellNext, i);
            TL.Store(og * tc, s.HiddenNext, i);
        }
        return i;
    }

    private static int BackwardLanes<TL>(Activation activation, in GradientRow s, int start)
        where TL : struct, ILanes<TL, T>
    {
        var h = s.CellBypass.Length;
        var i = start;
        for (; i + TL.Count <= h; i += TL.Count)
        {
            var ig = TL.Load(s.Cache, InputGate * h + i);
            var fg = TL.Load(s.Cache, ForgetGate * h + i);
            var gg = TL.Load(s.Cache, CellGate * h + i);
            var og = TL.Load(s.Cache, OutputGate * h + i);
            var tc = TL.Load(s.Cache, CellOutput * h + i);
            var dh = TL.Load(s.HiddenGradient, i);
            var dc = TL.Load(s.CellGradient, i) + dh * og * TL.ActivationDerivative(activation, tc);
            TL.Store(dh * tc * og * (TL.One - og), s.DriveO, i);
            TL.Store(dc * gg * ig * (TL.One - ig), s.DriveI, i);
            TL.Store(dc * TL.Load(s.CellPrevious, i) * fg * (TL.One - fg), s.DriveF, i);
            TL.Store(dc * ig * TL.ActivationDerivative(activation, gg), s.DriveG, i);
            TL.Store(dc * fg, s.CellBypass, i);
        }
        return i;
    }

    private readonly ref struct Row(
        ReadOnlySpan<T> inputI, ReadOnlySpan<T> inputF, ReadOnlySpan<T> inputG, ReadOnlySpan<T> inputO,
        ReadOnlySpan<T> recurrentI, ReadOnlySpan<T> recurrentF, ReadOnlySpan<T> recurrentG, ReadOnlySpan<T> recurrentO,
        ReadOnlySpan<T> cellPrevious, Span<T> cache, Span<T> hiddenNext, Span<T> cellNext, int hidden)
    {
        public readonly ReadOnlySpan<T> InputI = inputI, InputF = inputF, InputG = inputG, InputO = inputO;
        public readonly ReadOnlySpan<T> RecurrentI = recurrentI, RecurrentF = recurrentF, RecurrentG = recurrentG, RecurrentO = recurrentO;
        public readonly ReadOnlySpan<T> CellPrevious = cellPrevious[..hidden];
        public readonly Span<T> Cache = cache, HiddenNext = hiddenNext, CellNext = cellNext[..hidden];
    }

    private readonly ref struct GradientRow(
        ReadOnlySpan<T> hiddenGradient, ReadOnlySpan<T> cellGradient, ReadOnlySpan<T> cellPrevious, ReadOnlySpan<T> cache,
        Span<T> cellBypass, Span<T> driveI, Span<T> driveF, Span<T> driveG, Span<T> driveO, int hidden)
    {
        public readonly ReadOnlySpan<T> HiddenGradient = hiddenGradient, CellGradient = cellGradient, CellPrevious = cellPrevious, Cache = cache;
        public readonly Span<T> CellBypass = cellBypass[..hidden], DriveI = driveI, DriveF = driveF, DriveG = driveG, DriveO = driveO;
    }
}

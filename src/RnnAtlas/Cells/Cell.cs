using System.Numerics;

namespace RnnAtlas.Cells;

/// <summary>
/// One recurrent cell step, F(h, x), batched over rows and written once for float32 (training) and float64 (analysis).
/// </summary>
/// <remarks>
/// Every cell is built from the same affine blocks: gate g receives the input drive (W_ih x + b_ih)_g and the recurrent
/// drive (W_hh h + b_hh)_g, computed by the caller as matrix products; the cell combines them element-wise.
/// The backward step maps dL/d(state after) to dL/d(drives) and to the part of dL/d(state before) that bypasses W_hh.
/// Jacobians ∂F/∂h and ∂F/∂x are computed from the backward step (see <c>Networks.RecurrentNetwork</c>), so the
/// derivative of each cell is written exactly once and checked against finite differences.
/// </remarks>
public abstract class Cell<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates a cell with <paramref name="hidden"/> units and nonlinearity <paramref name="activation"/>.</summary>
    protected Cell(int hidden, Activation activation)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(hidden, 1);
        Hidden = hidden;
        Activation = activation;
    }

    /// <summary>The architecture.</summary>
    public abstract CellKind Kind { get; }

    /// <summary>Number of gate blocks G: W_ih is [G·H, input], W_hh is [G·H, H].</summary>
    public abstract int GateCount { get; }

    /// <summary>Hidden size H.</summary>
    public int Hidden { get; }

    /// <summary>State size: H, or 2H for the LSTM's [h; c].</summary>
    public virtual int StateSize => Hidden;

    /// <summary>The nonlinearity φ.</summary>
    public Activation Activation { get; }

    /// <summary>Per-row length of the cache the forward step fills for the backward step.</summary>
    public abstract int CacheWidth { get; }

    /// <summary>
    /// True when dL/d(recurrent drive) differs from dL/d(input drive) (the GRU, whose n gate scales the recurrent drive
    /// by r); otherwise the caller reuses the input-drive gradient.
    /// </summary>
    public virtual bool SeparateRecurrentGradient => false;

    /// <summary>Computes the next states and the cache.</summary>
    public abstract void Forward(in CellForward<T> step);

    /// <summary>Computes drive gradients and the W_hh-bypassing part of the previous-state gradient.</summary>
    public abstract void Backward(in CellBackward<T> step);

    /// <summary>Creates the cell of <paramref name="kind"/>.</summary>
    public static Cell<T> Create(CellKind kind, Activation activation, int hidden) => kind switch
    {
        CellKind.Vanilla => new VanillaCell<T>(hidden, activation),
        CellKind.Ugrnn => new UgrnnCell<T>(hidden, activation),
        CellKind.Gru => new GruCell<T>(hidden, activation),
        CellKind.Lstm => new LstmCell<T>(hidden, activation),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown cell kind"),
    };

    /// <summary>Gate <paramref name="gate"/> of row <paramref name="row"/> in a gate-major buffer.</summary>
    protected ReadOnlySpan<T> Gate(ReadOnlySpan<T> drive, int stride, int gate, int row) =>
        drive.Slice(gate * stride + row * Hidden, Hidden);

    /// <summary>Gate <paramref name="gate"/> of row <paramref name="row"/> in a gate-major buffer.</summary>
    protected Span<T> Gate(Span<T> drive, int stride, int gate, int row) =>
        drive.Slice(gate * stride + row * Hidden, Hidden);

    /// <summary>Segment <paramref name="index"/> (of width H) of row <paramref name="row"/> in a [rows, width] buffer.</summary>
    protected ReadOnlySpan<T> Segment(ReadOnlySpan<T> buffer, int width, int row, int index) =>
        buffer.Slice(row * width + index * Hidden, Hidden);

    /// <summary>Segment <paramref name="index"/> (of width H) of row <paramref name="row"/> in a [rows, width] buffer.</summary>
    protected Span<T> Segment(Span<T> buffer, int width, int row, int index) =>
        buffer.Slice(row * width + index * Hidden, Hidden);

    /// <summary>Where the 512-bit pass over a row starts: at 0 when such vectors are hardware-accelerated, else at the end.</summary>
    private protected int WideStart => System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated ? 0 : Hidden;
}

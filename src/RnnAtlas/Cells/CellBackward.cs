namespace RnnAtlas.Cells;

/// <summary>
/// Buffers of one batched backward step. Drive gradients are gate-major like <see cref="CellForward{T}"/>.
/// </summary>
public readonly ref struct CellBackward<T>
{
    /// <summary>dL/d(state after the step), [rows, state].</summary>
    public ReadOnlySpan<T> NextGradient { get; init; }

    /// <summary>States before the step, [rows, state].</summary>
    public ReadOnlySpan<T> Previous { get; init; }

    /// <summary>States after the step, [rows, state].</summary>
    public ReadOnlySpan<T> Next { get; init; }

    /// <summary>What the forward step cached, [rows, cache width].</summary>
    public ReadOnlySpan<T> Cache { get; init; }

    /// <summary>dL/d(input drive), gate-major (written).</summary>
    public Span<T> InputDriveGradient { get; init; }

    /// <summary>Distance between gates in <see cref="InputDriveGradient"/>.</summary>
    public int InputGateStride { get; init; }

    /// <summary>dL/d(recurrent drive), gate-major; written only when <see cref="Cell{T}.SeparateRecurrentGradient"/>.</summary>
    public Span<T> RecurrentDriveGradient { get; init; }

    /// <summary>Distance between gates in <see cref="RecurrentDriveGradient"/>.</summary>
    public int RecurrentGateStride { get; init; }

    /// <summary>
    /// dL/d(state before the step) through paths that bypass W_hh (e.g. z ⊙ h in the GRU, f ⊙ c in the LSTM),
    /// [rows, state] (overwritten). The caller adds the W_hh path.
    /// </summary>
    public Span<T> PreviousGradient { get; init; }

    /// <summary>Number of rows (batch entries).</summary>
    public int Rows { get; init; }
}

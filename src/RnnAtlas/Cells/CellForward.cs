namespace RnnAtlas.Cells;

/// <summary>
/// Buffers of one batched forward step. Drives are gate-major: gate g of row b starts at g·stride + b·H.
/// </summary>
public readonly ref struct CellForward<T>
{
    /// <summary>Input drive W_ih x + b_ih, gate-major.</summary>
    public ReadOnlySpan<T> InputDrive { get; init; }

    /// <summary>Distance between gates in <see cref="InputDrive"/>.</summary>
    public int InputGateStride { get; init; }

    /// <summary>Recurrent drive W_hh h + b_hh, gate-major.</summary>
    public ReadOnlySpan<T> RecurrentDrive { get; init; }

    /// <summary>Distance between gates in <see cref="RecurrentDrive"/>.</summary>
    public int RecurrentGateStride { get; init; }

    /// <summary>States before the step, [rows, state].</summary>
    public ReadOnlySpan<T> Previous { get; init; }

    /// <summary>States after the step, [rows, state] (written).</summary>
    public Span<T> Next { get; init; }

    /// <summary>Values the backward step needs, [rows, cache width] (written).</summary>
    public Span<T> Cache { get; init; }

    /// <summary>Number of rows (batch entries).</summary>
    public int Rows { get; init; }
}

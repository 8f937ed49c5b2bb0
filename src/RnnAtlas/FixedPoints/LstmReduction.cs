using RnnAtlas.Networks;

namespace RnnAtlas.FixedPoints;

/// <summary>
/// An LSTM's fixed points as roots in h alone. Its cell state update c' = f(h)⊙c + i(h)⊙g(h) is affine in c with
/// 0 &lt; f &lt; 1, so for every h one cell state c*(h) = i⊙g / (1 − f) is left unchanged, and (h, c) is a fixed point
/// exactly when c = c*(h) and h' (h, c*(h)) = h. Newton on that H-dimensional map factors H × H matrices instead of
/// 2H × 2H ones. Its Jacobian is the Schur complement of the full one: with J = [[J_hh, J_hc], [J_ch, J_cc]],
/// J_cc = diag(f) and J_hc diagonal (the gates read h, not c), dc*/dh = (I − J_cc)⁻¹ J_ch and
/// d h'(h, c*(h))/dh = J_hh + J_hc (I − J_cc)⁻¹ J_ch.
/// </summary>
internal static class LstmReduction
{
    /// <summary>
    /// Sets the cell-state half of <paramref name="state"/> ([h; c], 2H) to c*(h): from two steps of the network, at
    /// c = 0 (c' = i⊙g) and at c = 1 (c' = f + i⊙g). <paramref name="next"/> (2H) and <paramref name="drive"/> (H) are
    /// scratch.
    /// </summary>
    public static void Settle(RecurrentNetwork<double> network, Span<double> state, ReadOnlySpan<double> input, Span<double> next, Span<double> drive)
    {
        var hidden = network.Shape.HiddenSize;
        var cell = state[hidden..];
        cell.Clear();
        network.Step(state, input, next, 1);
        next[hidden..].CopyTo(drive);
        cell.Fill(1);
        network.Step(state, input, next, 1);
        for (var k = 0; k < hidden; k++)
        {
            cell[k] = drive[k] / (1 - (next[hidden + k] - drive[k]));
        }
    }

    /// <summary>
    /// The Newton matrix of the reduced map, d h'(h, c*(h))/dh − I ([H, H] row-major, into <paramref name="reduced"/>),
    /// from the full Jacobian <paramref name="jacobian"/> ([2H, 2H] row-major) at a settled state.
    /// </summary>
    public static void Reduce(ReadOnlySpan<double> jacobian, int hidden, Span<double> reduced)
    {
        var size = 2 * hidden;
        for (var i = 0; i < hidden; i++)
        {
            var through = jacobian[i * size + hidden + i] / (1 - jacobian[(hidden + i) * size + hidden + i]);
            var row = reduced.Slice(i * hidden, hidden);
            jacobian.Slice(i * size, hidden).CopyTo(row);
            System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(jacobian.Slice((hidden + i) * size, hidden), through, row, row);
            row[i] -= 1;
        }
    }
}

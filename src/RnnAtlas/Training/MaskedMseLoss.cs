using System.Numerics;

namespace RnnAtlas.Training;

/// <summary>The training loss: masked mean squared error, L = Σ m (y − y*)² / Σ m.</summary>
public static class MaskedMseLoss
{
    /// <summary>Returns L and writes dL/dy into <paramref name="outputGradient"/> (same layout as the outputs).</summary>
    public static double Evaluate<T>(ReadOnlySpan<T> outputs, ReadOnlySpan<T> targets, ReadOnlySpan<T> mask, Span<T> outputGradient)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (targets.Length != outputs.Length || mask.Length != outputs.Length || outputGradient.Length < outputs.Length)
        {
            throw new ArgumentException("outputs, targets, mask and gradient must have equal lengths");
        }
        var weight = T.Zero;
        foreach (var m in mask)
        {
            weight += m;
        }
        if (weight <= T.Zero)
        {
            outputGradient[..outputs.Length].Clear();
            return 0;
        }
        var loss = T.Zero;
        var scale = T.CreateTruncating(2) / weight;
        for (var e = 0; e < outputs.Length; e++)
        {
            var d = outputs[e] - targets[e];
            loss += mask[e] * d * d;
            outputGradient[e] = scale * mask[e] * d;
        }
        return double.CreateTruncating(loss / weight);
    }
}

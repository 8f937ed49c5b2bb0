namespace RnnAtlas.Tasks;

/// <summary>Shared scoring of outputs against a trial batch's targets and mask.</summary>
public static class TaskMetrics
{
    /// <summary>
    /// Normalized MSE: Σ m (y − y*)² / Σ m (y* − ȳ*_c)², where ȳ*_c is the masked mean target of channel c.
    /// A value of 1 is what predicting each channel's mean would score.
    /// </summary>
    public static double NormalizedMse(TrialBatch trials, ReadOnlySpan<float> outputs)
    {
        ArgumentNullException.ThrowIfNull(trials);
        var error = 0.0;
        for (var e = 0; e < trials.Targets.Length; e++)
        {
            var d = (double)outputs[e] - trials.Targets[e];
            error += trials.Mask[e] * d * d;
        }
        var variance = TargetVariance(trials);
        return variance > 0 ? error / variance : double.PositiveInfinity;
    }

    /// <summary>
    /// The behavioural distance between two networks' outputs on the same <paramref name="trials"/>: the masked squared
    /// difference of <paramref name="a"/> and <paramref name="b"/> ([batch, time, output]) over the masked variance of
    /// the targets — the normalized MSE of one network's outputs as the other's targets, made symmetric by sharing the
    /// task's denominator. 0 for identical behaviour. When the targets do not vary (a <see cref="CustomTask"/>, whose
    /// targets are unknown), the masked mean squared difference.
    /// </summary>
    public static double OutputDistance(TrialBatch trials, ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        ArgumentNullException.ThrowIfNull(trials);
        var error = 0.0;
        var weight = 0.0;
        for (var e = 0; e < trials.Targets.Length; e++)
        {
            var d = a[e] - b[e];
            error += trials.Mask[e] * d * d;
            weight += trials.Mask[e];
        }
        var variance = TargetVariance(trials);
        return variance > 0 ? error / variance : weight > 0 ? error / weight : 0;
    }

    /// <summary>Σ mask · (target − masked mean of its channel)².</summary>
    private static double TargetVariance(TrialBatch trials)
    {
        var o = trials.OutputSize;
        Span<double> sum = stackalloc double[o];
        Span<double> weight = stackalloc double[o];
        for (var e = 0; e < trials.Targets.Length; e++)
        {
            sum[e % o] += trials.Mask[e] * trials.Targets[e];
            weight[e % o] += trials.Mask[e];
        }
        var variance = 0.0;
        for (var e = 0; e < trials.Targets.Length; e++)
        {
            var c = e % o;
            var v = trials.Targets[e] - (weight[c] > 0 ? sum[c] / weight[c] : 0);
            variance += trials.Mask[e] * v * v;
        }
        return variance;
    }

    /// <summary>Share of masked output elements whose sign matches the target's sign.</summary>
    public static double SignAccuracy(TrialBatch trials, ReadOnlySpan<float> outputs)
    {
        ArgumentNullException.ThrowIfNull(trials);
        double correct = 0, total = 0;
        for (var e = 0; e < trials.Targets.Length; e++)
        {
            if (trials.Mask[e] <= 0)
            {
                continue;
            }
            total++;
            if (Math.Sign(outputs[e]) == Math.Sign(trials.Targets[e]))
            {
                correct++;
            }
        }
        return total > 0 ? correct / total : 0;
    }
}

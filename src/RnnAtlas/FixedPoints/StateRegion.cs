namespace RnnAtlas.FixedPoints;

/// <summary>
/// The part of state space a network's own trajectories occupy: a per-dimension box (widened by a margin), the
/// centroid, the largest distance from it, and the spread (root-mean-square per-dimension standard deviation) that
/// scales noise, step sizes and tolerances.
/// </summary>
public sealed class StateRegion
{
    private StateRegion(double[] lower, double[] upper, double[] centroid, double radius, double spread)
    {
        Lower = lower;
        Upper = upper;
        Centroid = centroid;
        Radius = radius;
        Spread = spread;
    }

    /// <summary>Lower corner of the widened box.</summary>
    public double[] Lower { get; }

    /// <summary>Upper corner of the widened box.</summary>
    public double[] Upper { get; }

    /// <summary>Mean trajectory state.</summary>
    public double[] Centroid { get; }

    /// <summary>Largest distance of a trajectory state from <see cref="Centroid"/>.</summary>
    public double Radius { get; }

    /// <summary>√(mean over dimensions of the variance of the trajectory states); at least 1e-12.</summary>
    public double Spread { get; }

    /// <summary>Dimension count.</summary>
    public int Dimensions => Centroid.Length;

    /// <summary>The region of <paramref name="states"/> ([count, dimensions]), its box widened by <paramref name="margin"/> × each range.</summary>
    public static StateRegion Of(ReadOnlySpan<double> states, int dimensions, double margin)
    {
        var count = states.Length / dimensions;
        if (count == 0 || states.Length % dimensions != 0)
        {
            throw new ArgumentException($"{states.Length} values are not a non-empty [count, {dimensions}] matrix", nameof(states));
        }
        var lower = Enumerable.Repeat(double.PositiveInfinity, dimensions).ToArray();
        var upper = Enumerable.Repeat(double.NegativeInfinity, dimensions).ToArray();
        var mean = new double[dimensions];
        for (var n = 0; n < count; n++)
        {
            for (var d = 0; d < dimensions; d++)
            {
                var v = states[n * dimensions + d];
                lower[d] = Math.Min(lower[d], v);
                upper[d] = Math.Max(upper[d], v);
                mean[d] += v / count;
            }
        }
        double variance = 0, radius = 0;
        for (var n = 0; n < count; n++)
        {
            double distance = 0;
            for (var d = 0; d < dimensions; d++)
            {
                var e = states[n * dimensions + d] - mean[d];
                variance += e * e / count / dimensions;
                distance += e * e;
            }
            radius = Math.Max(radius, Math.Sqrt(distance));
        }
        var spread = Math.Max(Math.Sqrt(variance), 1e-12);
        for (var d = 0; d < dimensions; d++)
        {
            var range = Math.Max(upper[d] - lower[d], spread);
            lower[d] -= margin * range;
            upper[d] += margin * range;
        }
        return new StateRegion(lower, upper, mean, radius, spread);
    }

    /// <summary>
    /// This region with the box of its first <paramref name="count"/> coordinates intersected with
    /// [<paramref name="lower"/>, <paramref name="upper"/>] (where a bounded state can reach).
    /// </summary>
    public StateRegion Within(double lower, double upper, int count)
    {
        var lowers = (double[])Lower.Clone();
        var uppers = (double[])Upper.Clone();
        for (var d = 0; d < count; d++)
        {
            lowers[d] = Math.Max(lowers[d], lower);
            uppers[d] = Math.Min(uppers[d], upper);
        }
        return new StateRegion(lowers, uppers, Centroid, Radius, Spread);
    }

    /// <summary>Clips <paramref name="state"/> into the box.</summary>
    public void Clip(Span<double> state)
    {
        for (var d = 0; d < state.Length; d++)
        {
            state[d] = Math.Clamp(state[d], Lower[d], Upper[d]);
        }
    }

    /// <summary>True when a coordinate of <paramref name="state"/> lies on (or beyond) a face of the box.</summary>
    public bool OnBoundary(ReadOnlySpan<double> state)
    {
        for (var d = 0; d < state.Length; d++)
        {
            if (state[d] <= Lower[d] || state[d] >= Upper[d])
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Distance of <paramref name="state"/> from the centroid.</summary>
    public double DistanceFromCentroid(ReadOnlySpan<double> state)
    {
        double sum = 0;
        for (var d = 0; d < state.Length; d++)
        {
            var e = state[d] - Centroid[d];
            sum += e * e;
        }
        return Math.Sqrt(sum);
    }
}

using RnnAtlas.FixedPoints;
using RnnAtlas.Networks;

namespace RnnAtlas.Topology;

/// <summary>
/// A periodic orbit found by simulation at one constant input: started near a fixed point (along its oscillatory
/// unstable mode when it has one), run for a transient, then measured: the output's frequency from its upward
/// zero crossings, its amplitude, and how closely the state returns after one period.
/// </summary>
/// <param name="Found">True when the state still moves (excursion above the arrival distance) and the output crosses its mean at least 3 times.</param>
/// <param name="MeasuredFrequency">Output frequency in cycles per step (NaN when not found).</param>
/// <param name="Amplitude">Half the output's range over the measured window.</param>
/// <param name="ReturnError">min over lags within one step of the period of ‖h(T) − h(T − lag)‖, relative to the state's excursion (NaN when not found).</param>
/// <param name="PredictedFrequency">|arg λ| / 2π of the start point's leading oscillatory unstable mode (NaN when it has none).</param>
public sealed record LimitCycle(bool Found, double MeasuredFrequency, double Amplitude, double ReturnError, double PredictedFrequency)
{
    /// <summary>Simulates <paramref name="network"/> from <paramref name="start"/> at constant <paramref name="input"/> and measures the orbit (output channel 0).</summary>
    public static LimitCycle Measure(RecurrentNetwork<double> network, double[] start, double[] input, double predictedFrequency, StateRegion region, TopologyOptions options)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(start);
        ArgumentNullException.ThrowIfNull(region);
        ArgumentNullException.ThrowIfNull(options);
        var s = network.Shape.StateSize;
        var record = options.CycleRecord;
        var state = (double[])start.Clone();
        var next = new double[s];
        var states = new double[record * s];
        var output = new double[record];
        var readout = new double[network.Shape.OutputSize];
        for (var t = 0; t < options.CycleTransient + record; t++)
        {
            network.Step(state, input, next, 1);
            (state, next) = (next, state);
            if (!state.All(double.IsFinite))
            {
                return new LimitCycle(false, double.NaN, double.NaN, double.NaN, predictedFrequency);
            }
            var r = t - options.CycleTransient;
            if (r >= 0)
            {
                state.CopyTo(states, r * s);
                network.Readout(state, readout, 1);
                output[r] = readout[0];
            }
        }
        var mean = output.Average();
        var amplitude = (output.Max() - output.Min()) / 2;
        var centre = Enumerable.Range(0, s).Select(i => Enumerable.Range(0, record).Average(t => states[t * s + i])).ToArray();
        var excursion = Enumerable.Range(0, record).Max(t => Distance(states.AsSpan(t * s, s), centre));
        var crossings = new List<double>();
        for (var t = 1; t < record; t++)
        {
            double a = output[t - 1] - mean, b = output[t] - mean;
            if (a < 0 && b >= 0)
            {
                crossings.Add(t - 1 + a / (a - b));
            }
        }
        if (excursion < options.Arrival * region.Radius || crossings.Count < 3)
        {
            return new LimitCycle(false, double.NaN, amplitude, double.NaN, predictedFrequency);
        }
        var frequency = (crossings.Count - 1) / (crossings[^1] - crossings[0]);
        var period = 1 / frequency;
        var last = states.AsSpan((record - 1) * s, s);
        var error = double.PositiveInfinity;
        for (var lag = Math.Max(1, (int)Math.Floor(period) - 1); lag <= Math.Min(record - 1, (int)Math.Ceiling(period) + 1); lag++)
        {
            error = Math.Min(error, Distance(last, states.AsSpan((record - 1 - lag) * s, s)) / excursion);
        }
        return new LimitCycle(true, frequency, amplitude, error, predictedFrequency);
    }

    private static double Distance(ReadOnlySpan<double> a, ReadOnlySpan<double> b) => System.Numerics.Tensors.TensorPrimitives.Distance(a, b);
}

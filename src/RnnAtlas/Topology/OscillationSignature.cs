namespace RnnAtlas.Topology;

/// <summary>The sine-wave scaffold at one static input: fixed points, oscillatory mode and frequencies next to the target.</summary>
/// <param name="Condition">Analysis condition name.</param>
/// <param name="TargetFrequency">The task's frequency at this input, cycles per step.</param>
/// <param name="FixedPoints">Kept points.</param>
/// <param name="MaxUnstableDimensions">Largest stability index among them.</param>
/// <param name="Oscillatory">A point has an unstable complex pair.</param>
/// <param name="Cycle">The limit cycle measured from near that point.</param>
public sealed record OscillationSignature(string Condition, double TargetFrequency, int FixedPoints, int MaxUnstableDimensions, bool Oscillatory, LimitCycle Cycle)
{
    /// <summary>
    /// Distance between two networks' signatures over the same input grid: the mean over inputs of five terms in
    /// [0, 1] — fixed-point count and largest index (|a − b| / max(a, b, 1)), oscillatory mode present or not (0/1),
    /// predicted and measured frequency (|Δf| / target, capped at 1; 1 when only one network has it).
    /// </summary>
    /// <exception cref="ArgumentException">The grids differ.</exception>
    public static double Distance(IReadOnlyList<OscillationSignature> a, IReadOnlyList<OscillationSignature> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (!a.Select(x => x.Condition).SequenceEqual(b.Select(x => x.Condition)))
        {
            throw new ArgumentException("signatures over different input grids");
        }
        return a.Zip(b).Average(p => (
            Count(p.First.FixedPoints, p.Second.FixedPoints)
            + Count(p.First.MaxUnstableDimensions, p.Second.MaxUnstableDimensions)
            + (p.First.Oscillatory == p.Second.Oscillatory ? 0 : 1)
            + Frequency(p.First.Cycle.PredictedFrequency, p.Second.Cycle.PredictedFrequency, p.First.TargetFrequency)
            + Frequency(p.First.Cycle.MeasuredFrequency, p.Second.Cycle.MeasuredFrequency, p.First.TargetFrequency)) / 5);
    }

    private static double Count(int a, int b) => Math.Abs(a - b) / (double)Math.Max(Math.Max(a, b), 1);

    private static double Frequency(double a, double b, double target) => (double.IsNaN(a), double.IsNaN(b)) switch
    {
        (true, true) => 0,
        (false, false) => Math.Min(1, Math.Abs(a - b) / target),
        _ => 1,
    };
}

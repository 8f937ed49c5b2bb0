using RnnAtlas.FixedPoints;
using RnnAtlas.Tasks;

namespace RnnAtlas.Studies;

/// <summary>
/// What the paper leads one to expect of a trained network's fixed points on each built-in task, as a yes/no check:
/// flip-flop — 2ᴺ stable fixed points (converged, not slow) at zero input whose readouts carry the 2ᴺ distinct sign
/// patterns; sine wave — at every
/// grid input a point with an unstable complex-conjugate pair; integration — in every context a fixed or slow point
/// whose leading |λ| is within 0.05 of 1 (the line-attractor direction; fitting the family of points to a line is the
/// topology stage's job).
/// </summary>
public static class ScaffoldExpectation
{
    /// <summary>A one-line statement of the expectation for <paramref name="task"/>.</summary>
    public static string Describe(ITask task) => task switch
    {
        FlipFlopTask f => $"{1 << f.Bits} stable points with distinct readout sign patterns",
        SineWaveTask => "an unstable oscillatory pair at every grid input",
        ContextIntegrationTask => "a point with leading |λ| within 0.05 of 1 in every context",
        _ => "no expectation defined",
    };

    /// <summary>Whether <paramref name="report"/> meets the expectation for <paramref name="task"/>.</summary>
    public static bool Holds(ITask task, FixedPointReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return task switch
        {
            FlipFlopTask f => report.Conditions.All(c => StablePatterns(c) is var patterns && patterns.Count == 1 << f.Bits && patterns.Distinct().Count() == patterns.Count),
            SineWaveTask => report.Conditions.All(c => c.Points.Any(p => p.UnstableDimensions >= 2 && p.Eigenvalues.Length > 0 && p.Eigenvalues[0][1] != 0)),
            ContextIntegrationTask => report.Conditions.All(c => c.Points.Any(p => p.Eigenvalues.Length > 0 && Math.Abs(Magnitude(p.Eigenvalues[0]) - 1) <= 0.05)),
            _ => false,
        };
    }

    /// <summary>Readout sign patterns of the stable fixed points (converged; slow points are not fixed points).</summary>
    private static List<string> StablePatterns(ConditionReport condition) =>
        [.. condition.Points.Where(p => p.IsStable).Select(p => Topology.FixedPointGraphBuilder.Pattern(p.Readout))];

    private static double Magnitude(double[] value) => Math.Sqrt(value[0] * value[0] + value[1] * value[1]);
}

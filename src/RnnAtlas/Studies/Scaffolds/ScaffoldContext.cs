using RnnAtlas.FixedPoints;
using RnnAtlas.Networks;
using RnnAtlas.Studies.Analyses;
using RnnAtlas.Topology;

namespace RnnAtlas.Studies.Scaffolds;

/// <summary>
/// What a scaffold analysis of one network starts from: the network (float64), the region its probe trajectories
/// visit, its stored fixed points, the topology settings, and the identity fields of the report it writes.
/// </summary>
public sealed record ScaffoldContext(
    string NetworkId,
    string FixedPointsDigest,
    RecurrentNetwork<double> Network,
    StateRegion Region,
    FixedPointReport FixedPoints,
    TopologyOptions Options)
{
    /// <summary>The stability tolerance the fixed points were classified with.</summary>
    public double StabilityTolerance => FixedPoints.Options.StabilityTolerance;

    /// <summary>The converged points of <paramref name="condition"/> (and its slow points when <paramref name="includeSlow"/>).</summary>
    public static List<ScaffoldPoint> Points(ConditionReport condition, bool includeSlow)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return [.. condition.Points
            .Where(p => p.Status == FixedPointStatus.Converged || (includeSlow && p.Status == FixedPointStatus.Slow))
            .Select(p => new ScaffoldPoint(p.Index, p.State, p.UnstableDimensions, p.Readout))];
    }
}

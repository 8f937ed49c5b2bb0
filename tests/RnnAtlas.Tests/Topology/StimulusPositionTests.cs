using RnnAtlas.FixedPoints;
using RnnAtlas.Studies.Analyses;
using RnnAtlas.Studies.Scaffolds;
using RnnAtlas.Topology;

namespace RnnAtlas.Tests.Topology;

/// <summary>
/// The delayed-discrimination summary of held stimuli, on points built by hand: a memory line along a known direction,
/// and each held stimulus's stable points at known places along it (plus an offset across it).
/// </summary>
public sealed class StimulusPositionTests
{
    private static readonly double[] Along = [0.6, 0, 0.8];
    private static readonly double[] Across = [0.8, 0, -0.6];
    private static readonly double[] Centre = [1, 2, 3];

    private static double[] At(double along, double across) => [.. Enumerable.Range(0, 3).Select(j => Centre[j] + along * Along[j] + across * Across[j])];

    private static FixedPointRecord Point(double[] state, int unstable) =>
        new(0, state, 1e-20, 3, FixedPointStatus.Converged, 0, unstable, [], [], [], [0]);

    private static ConditionReport Condition(params FixedPointRecord[] points) =>
        new("held", [0], points.Length, new Dictionary<FixedPointStatus, int>(), 0, 0, points, new SearchSaturation(1, [1], [points.Length], true));

    [Fact]
    public void EachHeldStimulusSitsWhereItsStablePointsProjectOntoTheLine()
    {
        // The line's points at −2, −1, 0, 1, 2 along the direction: centroid at the centre, principal direction ±Along.
        List<ScaffoldPoint> line = [.. new[] { -2.0, -1, 0, 1, 2 }.Select((t, i) => new ScaffoldPoint(i, At(t, 0), 0, [0]))];
        ConditionReport[] stimuli =
        [
            Condition(Point(At(-1.5, 0.3), 0)),
            Condition(Point(At(0.25, -0.2), 0), Point(At(0.75, 0.4), 0), Point(At(9, 0), 1)),
            Condition(Point(At(5, 0), 2)),
            Condition(Point(At(1.5, 1), 0)),
        ];

        var positions = DelayedDiscriminationScaffold.StimulusPositions(line, stimuli);

        var sign = Math.Sign(positions[0]) == -1 ? 1 : -1;
        Assert.Equal(-1.5, sign * positions[0], 1e-12);
        Assert.Equal(0.5, sign * positions[1], 1e-12);
        Assert.True(double.IsNaN(positions[2]));
        Assert.Equal(1.5, sign * positions[3], 1e-12);
        Assert.All(DelayedDiscriminationScaffold.StimulusPositions([line[0]], stimuli), p => Assert.True(double.IsNaN(p)));
    }
}

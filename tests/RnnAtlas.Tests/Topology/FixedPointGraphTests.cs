using RnnAtlas.Cells;
using RnnAtlas.FixedPoints;
using RnnAtlas.Tests.FixedPoints;
using RnnAtlas.Topology;

namespace RnnAtlas.Tests.Topology;

public sealed class FixedPointGraphTests
{
    private static readonly InputPulse[] Pulses = [new("+0", [3.0]), new("-0", [-3.0])];

    [Fact]
    public void TheSaddleOfABistableSystemConnectsItsTwoAttractorsAndPulsesSwitchBetweenThem()
    {
        // h' = tanh(W h + u x) with W = diag(2, 0.5), u = (1, 0): attractors (±r, 0), saddle (0, 0).
        var network = HandBuiltNetworks.Vanilla(Activation.Tanh, new double[,] { { 2, 0 }, { 0, 0.5 } }, [0, 0], new double[,] { { 1 }, { 0 } });
        var r = HandBuiltNetworks.TanhRoot(2);
        ScaffoldPoint[] points = [new(0, [r, 0], 0, [r]), new(1, [-r, 0], 0, [-r]), new(2, [0, 0], 1, [0])];

        var graph = Builder(network).Build(points, [0.0], Pulses);

        Assert.Equal(["stable +", "stable -", "saddle 1"], graph.Nodes.Select(n => n.Label));
        var manifold = graph.Edges.Where(e => e.Kind == TransitionKind.UnstableManifold).ToList();
        Assert.Equal(2, manifold.Count);
        Assert.All(manifold, e => Assert.Equal(TransitionOutcome.FixedPoint, e.Outcome));
        Assert.Equal([0, 1], manifold.Select(e => e.To!.Value).Order());
        Assert.Equal(0, Target(graph, 1, "+0"));
        Assert.Equal(1, Target(graph, 1, "-0"));
        Assert.Equal(0, Target(graph, 0, "+0"));
        Assert.Equal(1, Target(graph, 0, "-0"));
        Assert.True(graph.IsFlipFlopAutomaton(1));
    }

    [Fact]
    public void RunsThatGrowWithoutBoundEscapeAndRunsToAnUnlistedPointSaySo()
    {
        // h' = relu(2h − 1): h* = 1 with λ = 2. Above it nothing stops the growth; below it the state falls to the fixed
        // point 0, which the graph was not given.
        var network = HandBuiltNetworks.Vanilla(Activation.Relu, new double[,] { { 2 } }, [-1]);
        var graph = Builder(network).Build([new ScaffoldPoint(0, [1], 1, [1])], [0.0], []);
        Assert.Equal([TransitionOutcome.UnknownPoint, TransitionOutcome.Escaped], graph.Edges.Select(e => e.Outcome).Order());
    }

    [Fact]
    public void TheTopologyDistanceIgnoresNodeOrderAndCountsSharedElements()
    {
        var network = HandBuiltNetworks.Vanilla(Activation.Tanh, new double[,] { { 2, 0 }, { 0, 0.5 } }, [0, 0], new double[,] { { 1 }, { 0 } });
        var r = HandBuiltNetworks.TanhRoot(2);
        ScaffoldPoint[] points = [new(0, [r, 0], 0, [r]), new(1, [-r, 0], 0, [-r]), new(2, [0, 0], 1, [0])];
        var forward = Builder(network).Build(points, [0.0], Pulses);
        var reversed = Builder(network).Build([.. points.Reverse()], [0.0], Pulses);
        Assert.Equal(0, TopologyDistance.Between(forward, reversed));

        // {a, a, b} vs {a, c}: intersection 1 (one a), union 4 (a, a, b, c).
        Assert.Equal(0.75, TopologyDistance.Jaccard(["a", "a", "b"], ["a", "c"]), 1e-15);
        Assert.Equal(0, TopologyDistance.Jaccard([], []));
    }

    [Fact]
    public void TheTopologyDistanceObeysTheTriangleInequality()
    {
        var random = new RnnAtlas.Numerics.SeededRandom(5);
        var sets = Enumerable.Range(0, 12).Select(_ => Enumerable.Range(0, 6).Select(_ => ((char)('a' + (int)(random.NextDouble() * 4))).ToString()).ToArray()).ToArray();
        foreach (var a in sets)
        {
            foreach (var b in sets)
            {
                foreach (var c in sets)
                {
                    Assert.True(TopologyDistance.Jaccard(a, c) <= TopologyDistance.Jaccard(a, b) + TopologyDistance.Jaccard(b, c) + 1e-12);
                }
            }
        }
    }

    private static FixedPointGraphBuilder Builder(RnnAtlas.Networks.RecurrentNetwork<double> network) =>
        new(network, StateRegion.Of(HandBuiltNetworks.Grid(network.Shape.StateSize, 5), network.Shape.StateSize, 0), new TopologyOptions(), 1e-3);

    private static int? Target(FixedPointGraph graph, int from, string pulse) =>
        graph.Edges.Single(e => e.Kind == TransitionKind.Input && e.From == from && e.Via == pulse).To;
}

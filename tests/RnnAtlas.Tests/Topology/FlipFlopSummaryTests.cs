using RnnAtlas.Cells;
using RnnAtlas.Studies.Scaffolds;
using RnnAtlas.Tasks;
using RnnAtlas.Topology;
using RnnAtlas.Training;

namespace RnnAtlas.Tests.Topology;

/// <summary>The flip-flop summary says when a transition ran out of steps, which alone keeps a network from the canonical cube.</summary>
public sealed class FlipFlopSummaryTests
{
    [Fact]
    public void NetworksWithUnsettledTransitionsAreCountedWithTheStepBudget()
    {
        var task = new FlipFlopTask(Bits: 1);
        var config = new NetworkConfig(task, CellKind.Gru, Activation.Tanh, 4, 0, 0.01, 0, new TrainingOptions());
        FixedPointGraph Graph(TransitionOutcome outcome) => new(
            [new GraphNode(0, 0, 0, "+"), new GraphNode(1, 1, 0, "-"), new GraphNode(2, 2, 1, null)],
            [
                new Transition(2, 0, TransitionKind.UnstableManifold, "0+", TransitionOutcome.FixedPoint, 40),
                new Transition(2, outcome == TransitionOutcome.FixedPoint ? 1 : null, TransitionKind.UnstableManifold, "0-", outcome, 40),
                .. new[] { 0, 1 }.SelectMany(from => new[] { ('+', 0), ('-', 1) }.Select(p => new Transition(from, p.Item2, TransitionKind.Input, FixedPointGraph.FlipFlopPulseName(0, p.Item1), TransitionOutcome.FixedPoint, 3))),
            ]);
        ScaffoldReport Report(TransitionOutcome outcome) => new FlipFlopGraphReport
        {
            NetworkId = "n",
            FixedPointsDigest = "",
            Options = new TopologyOptions { MaxSteps = 700 },
            Graph = Graph(outcome),
            Automaton = true,
        };
        var scaffold = new FlipFlopScaffold(task);

        var settled = scaffold.Summarize([(config, Report(TransitionOutcome.FixedPoint)), (config, Report(TransitionOutcome.FixedPoint))]);
        var unsettled = scaffold.Summarize([(config, Report(TransitionOutcome.FixedPoint)), (config, Report(TransitionOutcome.Unsettled))]);

        Assert.StartsWith("flipflop: 2/2 networks have the canonical scaffold", settled, StringComparison.Ordinal);
        Assert.DoesNotContain("did not settle", settled, StringComparison.Ordinal);
        Assert.StartsWith("flipflop: 1/2 networks have the canonical scaffold", unsettled, StringComparison.Ordinal);
        Assert.EndsWith("; 1/2 have transitions that did not settle within max_steps = 700 (slow dynamics, e.g. long training: raise [topology] max_steps, docs/topology.md)", unsettled, StringComparison.Ordinal);
    }
}

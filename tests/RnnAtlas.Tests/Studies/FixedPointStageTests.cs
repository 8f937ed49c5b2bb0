using RnnAtlas.Cells;
using RnnAtlas.FixedPoints;
using RnnAtlas.Populations;
using RnnAtlas.Storage;
using RnnAtlas.Studies;
using RnnAtlas.Studies.Scaffolds;
using RnnAtlas.Studies.Stages;
using RnnAtlas.Tasks;
using RnnAtlas.Topology;
using RnnAtlas.Training;

namespace RnnAtlas.Tests.Studies;

public sealed class FixedPointStageTests
{
    [Fact]
    public void ALongTrainedVanillaReluNetworkGoesThroughFixedPointsAndTopology()
    {
        // Trained 3,000 iterations, a vanilla-ReLU flip-flop network has dead units (zero rows of its Jacobian, many equal
        // zero eigenvalues) at its fixed points; MathNet's QR did not converge on them and aborted the whole stage.
        using var folder = new TempFolder();
        var sweep = new Sweep
        {
            Cells = [CellKind.Vanilla],
            Activations = [Activation.Relu],
            Seeds = [0],
            Training = new TrainingOptions { MaxIterations = 3000, EvaluateEvery = 3000 },
        };
        var study = StudyFolder.CreateOrOpen(folder.Path, sweep);
        var trained = new PopulationTrainer(study, 2).Train(sweep.Expand(), null, default).Single();
        Assert.Equal(TrainingStatus.Passed, trained.Metrics.Status);

        var (config, report) = new FixedPointStage(study, new FixedPointOptions(), 2).Run(null, null, null, default).Single();
        var zero = Assert.Single(report.Conditions);
        Assert.Null(zero.Failure);
        Assert.True(TaskRegistry.Scaffold(config.Task).Holds(report));
        Assert.True(zero.Saturation.Saturated);
        var (jacobians, shape) = NpyFile.Read(Path.Combine(study.NetworkFolder(config.Id), "fixedpoints", "jacobians.npy"));
        var n = shape[1];
        var deadUnits = Enumerable.Range(0, shape[0] * n).Count(row => jacobians.AsSpan(row * n, n).IndexOfAnyExcept(0.0) < 0);
        Assert.True(deadUnits > 0, "precondition: the fixed points have dead units (zero Jacobian rows)");
        var topology = Assert.Single(new TopologyStage(study, new TopologyOptions(), 2).Run(null, null, default));
        Assert.True(Assert.IsType<FlipFlopGraphReport>(Assert.Single(topology.Reports)).Automaton);
    }

    [Fact]
    public void ATrainedFlipFlopGruHasEightStableMemoriesWithTheEightSignPatterns()
    {
        using var folder = new TempFolder();
        var sweep = new Sweep
        {
            Cells = [CellKind.Gru],
            Activations = [Activation.Tanh],
            HiddenSizes = [32],
            Seeds = [0],
            Training = new TrainingOptions { MaxIterations = 1500 },
        };
        var study = StudyFolder.CreateOrOpen(folder.Path, sweep);
        var trained = new PopulationTrainer(study, 2).Train(sweep.Expand(), null, default).Single();
        Assert.Equal(TrainingStatus.Passed, trained.Metrics.Status);

        var options = new FixedPointOptions { InitialStates = 128 };
        var (config, report) = new FixedPointStage(study, options, 2).Run(null, null, null, default).Single();

        Assert.True(TaskRegistry.Scaffold(config.Task).Holds(report));
        var zero = Assert.Single(report.Conditions);
        var stable = zero.Points.Where(p => p.UnstableDimensions == 0).ToList();
        Assert.Equal(8, stable.Count);
        Assert.Equal(8, stable.Select(p => string.Concat(p.Readout.Select(v => v > 0 ? '+' : '-'))).Distinct().Count());
        Assert.Contains(zero.Points, p => p.UnstableDimensions > 0);
        Assert.All(zero.Points.Where(p => p.Status == FixedPointStatus.Converged), p => Assert.True(p.Speed <= 1e-12));

        var (states, shape) = NpyFile.Read(Path.Combine(study.NetworkFolder(config.Id), "fixedpoints", "states.npy"));
        Assert.Equal([zero.Points.Count, 32], shape);
        Assert.Equal(zero.Points[0].State, states[..32]);
        var table = File.ReadAllLines(Path.Combine(folder.Path, "tables", "fixedpoints.csv"));
        Assert.Equal(zero.Points.Count + 1, table.Length);
        Assert.True(new FileInfo(Path.Combine(folder.Path, "tables", "fixedpoints.parquet")).Length > 0);

        var stamp = File.GetLastWriteTimeUtc(Path.Combine(study.NetworkFolder(config.Id), "fixedpoints.json"));
        new FixedPointStage(study, options, 1).Run(null, null, null, default);
        Assert.Equal(stamp, File.GetLastWriteTimeUtc(Path.Combine(study.NetworkFolder(config.Id), "fixedpoints.json")));

        // The scaffold: the input-driven transitions between the 8 memories are exactly the 3-bit flip-flop automaton,
        // and every saddle's unstable manifold ends on a stable point.
        var topology = Assert.Single(new TopologyStage(study, new TopologyOptions(), 2).Run(null, null, default));
        var scaffold = Assert.IsType<FlipFlopGraphReport>(Assert.Single(topology.Reports));
        Assert.True(scaffold.Automaton);
        Assert.True(scaffold.Graph.IsFlipFlopCube(3), string.Join(", ", scaffold.Graph.Nodes.GroupBy(x => x.UnstableDimensions).OrderBy(g => g.Key).Select(g => $"{g.Count()} of index {g.Key}")));
        Assert.Equal(8 * 6, scaffold.Graph.Edges.Count(e => e.Kind == TransitionKind.Input));
        Assert.All(scaffold.Graph.Edges.Where(e => e.Kind == TransitionKind.UnstableManifold), e => Assert.Equal(TransitionOutcome.FixedPoint, e.Outcome));
        Assert.True(File.Exists(Path.Combine(study.NetworkFolder(config.Id), "graph.json")));
        Assert.True(File.Exists(Path.Combine(folder.Path, "analysis", "flipflop", "distances_topology.npy")));
    }

    [Fact]
    public void AFolderThatIsNotAStudyIsReportedByName()
    {
        using var folder = new TempFolder();
        var (code, _, error) = Cli.CliProcess.Run("fixedpoints", folder.Path);
        Assert.Equal(3, code);
        Assert.Contains($"{folder.Path}: not a study folder", error);
    }
}

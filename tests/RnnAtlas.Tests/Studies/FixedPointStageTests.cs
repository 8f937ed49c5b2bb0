using RnnAtlas.Cells;
using RnnAtlas.FixedPoints;
using RnnAtlas.Populations;
using RnnAtlas.Storage;
using RnnAtlas.Studies;
using RnnAtlas.Tasks;
using RnnAtlas.Topology;
using RnnAtlas.Training;

namespace RnnAtlas.Tests.Studies;

public sealed class FixedPointStageTests
{
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

        Assert.True(ScaffoldExpectation.Holds(config.Task, report));
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
        var scaffold = Assert.Single(topology.Reports);
        Assert.True(scaffold.Automaton);
        Assert.Equal(8 * 6, scaffold.Graph!.Edges.Count(e => e.Kind == TransitionKind.Input));
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

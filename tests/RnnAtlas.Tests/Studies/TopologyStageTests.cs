using System.Text.Json;
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

public sealed class TopologyStageTests
{
    [Fact]
    public void NetworksWithoutFixedPointsAreReportedWithWhatToRun()
    {
        using var folder = new TempFolder();
        var study = Train(folder.Path, new FlipFlopTask(Criterion: 10.0, ProbeTrialCount: 4, TimeSteps: 40));
        var error = Assert.Throws<InvalidDataException>(() => new TopologyStage(study, new TopologyOptions(), 1).Run(null, null, default));
        Assert.Contains("2 of 2 passing networks have no fixed points yet", error.Message, StringComparison.Ordinal);
        Assert.Contains($"run 'rnnatlas fixedpoints {study.Root}' first", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReportsAreReusedUntilTheFixedPointsChange()
    {
        using var folder = new TempFolder();
        var study = Train(folder.Path, new SineWaveTask(Criterion: 10.0, ProbeTrialCount: 2, TimeSteps: 60));
        new FixedPointStage(study, new FixedPointOptions { InitialStates = 16 }, 2).Run(null, null, null, default);
        var first = Assert.Single(new TopologyStage(study, new TopologyOptions { CycleTransient = 100, CycleRecord = 100 }, 2).Run(null, null, default));
        Assert.All(first.Reports, r => Assert.Equal(11, Assert.IsType<OscillationReport>(r).Oscillations.Count));
        var (distances, shape) = NpyFile.Read(Path.Combine(first.Folder, "distances_topology.npy"));
        Assert.Equal([2, 2], shape);
        Assert.Equal(distances[1], distances[2]);
        var id = first.Networks[0].Id;
        var report = Path.Combine(study.NetworkFolder(id), "limitcycles.json");
        var stamp = File.GetLastWriteTimeUtc(report);

        var progress = new List<StageProgress>();
        new TopologyStage(study, new TopologyOptions { CycleTransient = 100, CycleRecord = 100 }, 2).Run(null, new Collecting(progress), default);
        Assert.Equal(stamp, File.GetLastWriteTimeUtc(report));
        Assert.Equal(2, progress[0].Skipped);

        new FixedPointStage(study, new FixedPointOptions { InitialStates = 24 }, 2).Run(null, null, null, default);
        progress.Clear();
        new TopologyStage(study, new TopologyOptions { CycleTransient = 100, CycleRecord = 100 }, 2).Run(null, new Collecting(progress), default);
        Assert.Equal(0, progress[0].Skipped);
        var stored = JsonSerializer.Deserialize<OscillationReport>(File.ReadAllText(report), StudyJson.Indented)!;
        Assert.Equal(ScaffoldReport.CurrentSchema, stored.Schema);
    }

    [Fact]
    public void TheSummaryCountsTrainedNetworksAndLeavesSnapshotsOut()
    {
        using var folder = new TempFolder();
        var study = Train(folder.Path, new FlipFlopTask(Criterion: 10.0, ProbeTrialCount: 4, TimeSteps: 40), snapshots: [0]);
        new FixedPointStage(study, new FixedPointOptions { InitialStates = 16 }, 2).Run(null, null, null, default);
        var result = Assert.Single(new TopologyStage(study, new TopologyOptions { MaxSteps = 500 }, 2).Run(null, null, default));
        Assert.Equal(4, result.Networks.Count);
        Assert.Contains("/2 networks have the canonical scaffold", result.Summary, StringComparison.Ordinal);
        Assert.Contains("/2 share the most common labelled graph", result.Summary, StringComparison.Ordinal);
        Assert.Contains("/2 have exactly the flip-flop automaton", result.Summary, StringComparison.Ordinal);
    }

    private static StudyFolder Train(string path, ITask task, int[]? snapshots = null)
    {
        var sweep = new Sweep
        {
            Tasks = [task],
            Cells = [CellKind.Gru],
            Activations = [Activation.Tanh, Activation.Relu],
            HiddenSizes = [8],
            Seeds = [0],
            Snapshots = snapshots ?? [],
            Training = new TrainingOptions { MaxIterations = 5, EvaluateEvery = 5, BatchSize = 8, HeldOutTrials = 8 },
        };
        var study = StudyFolder.CreateOrOpen(path, sweep);
        new PopulationTrainer(study, 2).Train(sweep.Expand(), null, default);
        return study;
    }

    private sealed class Collecting(List<StageProgress> into) : IProgress<StageProgress>
    {
        public void Report(StageProgress value)
        {
            lock (into)
            {
                into.Add(value);
            }
        }
    }
}

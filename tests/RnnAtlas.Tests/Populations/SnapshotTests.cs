using RnnAtlas.Cells;
using RnnAtlas.Networks;
using RnnAtlas.Populations;
using RnnAtlas.Studies;
using RnnAtlas.Tasks;
using RnnAtlas.Training;

namespace RnnAtlas.Tests.Populations;

public sealed class SnapshotTests
{
    private static readonly Sweep Small = new()
    {
        Tasks = [new FlipFlopTask(Criterion: 1e-9, ProbeTrialCount: 4, TimeSteps: 40)],
        Cells = [CellKind.Gru],
        Activations = [Activation.Tanh],
        HiddenSizes = [8],
        Seeds = [0],
        Training = new TrainingOptions { MaxIterations = 6, EvaluateEvery = 3, BatchSize = 8, HeldOutTrials = 8 },
    };

    [Fact]
    public void SnapshotsAreMembersOfTheirOwnWithStagesAndCapsBelowTheTrainingCap()
    {
        var members = (Small with { Snapshots = [3, 0, 100] }).Expand();
        Assert.Equal(["trained", "untrained", "checkpoint-3"], members.Select(c => c.Stage));
        Assert.Equal([6, 0, 3], members.Select(c => c.IterationCap));
        Assert.Equal(3, members.Select(c => c.Id.Value).Distinct().Count());
        Assert.All(members, c => Assert.Equal(members[0].Id, c.Parent.Id));
        // The option leaves ordinary networks' ids (and their config.json) as they were.
        Assert.Equal(Small.Expand()[0].Id, members[0].Id);
    }

    [Fact]
    public void TheUntrainedMemberIsTheInitializationAndACheckpointIsReproducible()
    {
        using var first = new TempFolder();
        using var second = new TempFolder();
        var sweep = Small with { Snapshots = [0, 3] };
        var study = StudyFolder.CreateOrOpen(first.Path, sweep);
        var trained = new PopulationTrainer(study, 2).Train(sweep.Expand(), null, default);
        var untrained = trained.Single(t => t.Config.Snapshot == 0);
        Assert.Equal(0, untrained.Metrics.Iterations);
        Assert.True(double.IsFinite(untrained.Metrics.HeldOutNmse));
        var initial = NetworkParameters<float>.Initialize(untrained.Config.Shape, NetworkTrainer.InitializationSeed(untrained.Config.Seed));
        Assert.Equal(initial.Values.ToArray(), study.ReadParameters(untrained.Config).Values.ToArray());
        Assert.Equal(3, trained.Single(t => t.Config.Snapshot == 3).Metrics.Iterations);

        var again = StudyFolder.CreateOrOpen(second.Path, sweep);
        new PopulationTrainer(again, 1).Train(sweep.Expand(), null, default);
        foreach (var config in sweep.Expand())
        {
            Assert.Equal(
                File.ReadAllBytes(Path.Combine(study.NetworkFolder(config.Id), "weights.safetensors")),
                File.ReadAllBytes(Path.Combine(again.NetworkFolder(config.Id), "weights.safetensors")));
        }
    }

    [Fact]
    public void AddingSnapshotsLaterNeverTouchesTheTrainedNetworksFiles()
    {
        using var folder = new TempFolder();
        var study = StudyFolder.CreateOrOpen(folder.Path, Small);
        var parent = new PopulationTrainer(study, 1).Train(Small.Expand(), null, default).Single().Config;
        var files = Directory.GetFiles(study.NetworkFolder(parent.Id)).ToDictionary(f => f, f => (File.ReadAllBytes(f), File.GetLastWriteTimeUtc(f)));

        var withSnapshots = Small with { Snapshots = [0, 3] };
        StudyFolder.CreateOrOpen(folder.Path, withSnapshots);
        var results = new PopulationTrainer(study, 2).Train(withSnapshots.Expand(), null, default);

        Assert.Equal(3, results.Count);
        foreach (var (file, (bytes, stamp)) in files)
        {
            Assert.Equal(bytes, File.ReadAllBytes(file));
            Assert.Equal(stamp, File.GetLastWriteTimeUtc(file));
        }
        Assert.Equal(3, study.NetworkIds().Count);
    }
}

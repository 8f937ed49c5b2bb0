using System.Collections.Concurrent;
using RnnAtlas.Cells;
using RnnAtlas.Populations;
using RnnAtlas.Studies;
using RnnAtlas.Tasks;
using RnnAtlas.Training;

namespace RnnAtlas.Tests.Populations;

public sealed class PopulationTrainerTests
{
    private static readonly Sweep Small = new()
    {
        Tasks = [new FlipFlopTask(TimeSteps: 30)],
        Cells = [CellKind.Vanilla, CellKind.Gru, CellKind.Lstm],
        Activations = [Activation.Tanh],
        HiddenSizes = [20],
        Seeds = [0, 1],
        Training = new TrainingOptions { MaxIterations = 12, EvaluateEvery = 5, BatchSize = 8, HeldOutTrials = 16 },
    };

    [Fact]
    public void WeightsAreBitIdenticalWhateverTheNumberOfThreads()
    {
        var one = new MemoryStore();
        var two = new MemoryStore();
        new PopulationTrainer(one, 1).Train(Small.Expand(), null, default);
        new PopulationTrainer(two, 2).Train(Small.Expand(), null, default);
        Assert.Equal(6, one.Saved.Count);
        foreach (var (id, result) in one.Saved)
        {
            Assert.Equal(result.Parameters.Values, two.Saved[id].Parameters.Values);
        }
    }

    [Fact]
    public void ADivergingNetworkFailsWithAReasonAndLeavesTheOthersUntouched()
    {
        var healthy = Small.Expand()[0];
        var diverging = healthy with { Cell = CellKind.Vanilla, Activation = Activation.Relu, LearningRate = 1e4 };
        var together = new MemoryStore();
        var results = new PopulationTrainer(together, 2).Train([healthy, diverging], null, default);
        var alone = new MemoryStore();
        new PopulationTrainer(alone, 1).Train([healthy], null, default);

        Assert.Equal(TrainingStatus.Failed, results[1].Metrics.Status);
        Assert.StartsWith("diverged: non-finite", results[1].Metrics.Reason);
        Assert.Equal(alone.Saved[healthy.Id].Parameters.Values, together.Saved[healthy.Id].Parameters.Values);
    }

    [Fact]
    public void FinishedNetworksAreSkippedOnARerunAndTheirFilesAreNotRewritten()
    {
        using var folder = new TempFolder();
        var networks = Small.Expand();
        var study = StudyFolder.CreateOrOpen(folder.Path, Small);
        new PopulationTrainer(study, 2).Train(networks, null, default);
        var stamps = Directory.GetFiles(folder.Path, "*", SearchOption.AllDirectories).ToDictionary(f => f, File.GetLastWriteTimeUtc);

        var progress = new List<PopulationProgress>();
        var rerun = new PopulationTrainer(StudyFolder.CreateOrOpen(folder.Path, Small), 2).Train(networks, new Collect(progress), default);

        Assert.All(rerun, r => Assert.True(r.Skipped));
        Assert.Equal(6, progress[^1].Skipped);
        Assert.Equal(0, progress[^1].Iterations);
        Assert.Equal(stamps, Directory.GetFiles(folder.Path, "*", SearchOption.AllDirectories).ToDictionary(f => f, File.GetLastWriteTimeUtc));
    }

    [Fact]
    public void StoredWeightsReloadExactly()
    {
        using var folder = new TempFolder();
        var network = Small.Expand()[1];
        var study = StudyFolder.CreateOrOpen(folder.Path, Small);
        var memory = new MemoryStore();
        new PopulationTrainer(study, 1).Train([network], null, default);
        new PopulationTrainer(memory, 1).Train([network], null, default);

        var reopened = StudyFolder.Open(folder.Path);
        var config = reopened.ReadConfig(network.Id);
        Assert.Equal(network, config);
        Assert.Equal(memory.Saved[network.Id].Parameters.Values, reopened.ReadParameters(config).Values);
        var curve = File.ReadAllLines(Path.Combine(reopened.NetworkFolder(network.Id), "training.csv"));
        Assert.Equal("iteration,loss,gradient_norm,held_out_nmse", curve[0]);
        Assert.Equal(13, curve.Length);
    }

    [Fact]
    public void AShortTrainingRunMeetsTheFlipFlopCriterion()
    {
        var config = new NetworkConfig(new FlipFlopTask(), CellKind.Gru, Activation.Tanh, 32, 1e-4, 0.01, 0, new TrainingOptions { MaxIterations = 1500 });
        var result = new PopulationTrainer(new MemoryStore(), 1).Train([config], null, default).Single();
        Assert.Equal(TrainingStatus.Passed, result.Metrics.Status);
        Assert.True(result.Metrics.HeldOutNmse <= 0.02);
        Assert.True(result.Metrics.Accuracy > 0.98, $"accuracy {result.Metrics.Accuracy}");
    }

    private sealed class MemoryStore : INetworkStore
    {
        public IDisposable? TryClaim(NetworkId id, string stage) => new MemoryStream();

        public ConcurrentDictionary<NetworkId, TrainingResult> Saved { get; } = new();

        public NetworkMetrics? FinishedMetrics(NetworkId id) => null;

        public void Save(NetworkConfig config, TrainingResult result) => Saved[config.Id] = result;
    }

    private sealed class Collect(List<PopulationProgress> into) : IProgress<PopulationProgress>
    {
        public void Report(PopulationProgress value)
        {
            lock (into)
            {
                into.Add(value);
            }
        }
    }
}

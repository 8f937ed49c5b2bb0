using System.Text.Json;
using RnnAtlas.Cells;
using RnnAtlas.Networks;
using RnnAtlas.Populations;
using RnnAtlas.Similarity;
using RnnAtlas.Storage;
using RnnAtlas.Studies;
using RnnAtlas.Studies.Analyses;
using RnnAtlas.Studies.Configuration;
using RnnAtlas.Studies.Stages;
using RnnAtlas.Tasks;
using RnnAtlas.Training;

namespace RnnAtlas.Tests.Studies;

public sealed class ComparisonStageTests
{
    // A lenient criterion lets briefly trained networks pass, which is all the comparison needs.
    private static readonly FlipFlopTask Task = new(Criterion: 10.0, ProbeTrialCount: 4, TimeSteps: 40);

    [Fact]
    public void TheStageWritesEveryMatrixEqualToComparingTheNetworksDirectly()
    {
        using var folder = new TempFolder();
        var study = Train(folder.Path, [0, 1]);
        var result = Assert.Single(new ComparisonStage(study, new ComparisonOptions(), 2).Run(null, null, default));
        var n = result.Networks.Count;
        Assert.Equal(8, n);
        Assert.Equal(n * (n - 1) / 2, result.ComputedPairs);
        var analysis = Path.Combine(folder.Path, "analysis", "flipflop");
        Assert.Equal(n + 1, File.ReadAllLines(Path.Combine(analysis, "networks.csv")).Length);
        var metrics = result.Metrics.Select(m => m.Metric).ToList();
        var prepared = result.Networks.Select(c => PreparedActivity.For(Activity(study, c), Task.ProbeTrialCount, metrics, new DsaOptions())).ToList();
        var workspace = new DsaWorkspace();
        foreach (var metric in result.Metrics)
        {
            var (stored, shape) = NpyFile.Read(Path.Combine(analysis, $"distances_{metric.Metric.Name}.npy"));
            Assert.Equal([n, n], shape);
            Assert.Equal(prepared[2].Compare(metric.Metric, prepared[5], workspace).Distance, stored[2 * n + 5], 1e-12);
            Assert.Equal(n + 1, File.ReadAllLines(Path.Combine(analysis, $"embedding_{metric.Metric.Name}.csv")).Length);
            Assert.Equal(["cell", "activation"], metric.Separations.Select(s => s.Label));
        }
        var stats = JsonDocument.Parse(File.ReadAllText(Path.Combine(analysis, "stats.json"))).RootElement;
        Assert.Equal(SimilarityMetrics.Names.Count, stats.GetProperty("metrics").GetArrayLength());
        var record = JsonSerializer.Deserialize<ComparisonRecord>(File.ReadAllText(Path.Combine(analysis, "compare.json")), StudyJson.Indented)!;
        Assert.Equal(result.Networks.Select(c => c.Id.Value), record.Networks);
    }

    [Fact]
    public void AddingNetworksComputesOnlyTheNewPairsAndGivesTheSameBytesAsAFreshRun()
    {
        using var grown = new TempFolder();
        using var fresh = new TempFolder();
        var options = new ComparisonOptions { Metrics = ["svcca", "cka"] };
        var study = Train(grown.Path, [0]);
        new ComparisonStage(study, options, 2).Run(null, null, default);
        study = Train(grown.Path, [0, 1]);
        var grownResult = Assert.Single(new ComparisonStage(study, options, 2).Run(null, null, default));
        // 4 old and 4 new networks: 4·4 new-old pairs plus 6 new-new pairs.
        Assert.Equal(4 * 4 + 6, grownResult.ComputedPairs);

        var freshResult = Assert.Single(new ComparisonStage(Train(fresh.Path, [0, 1]), options, 1).Run(null, null, default));
        Assert.Equal(28, freshResult.ComputedPairs);
        foreach (var file in new[] { "distances_svcca.npy", "distances_cka.npy", "embedding_svcca.csv", "stats.json", "networks.csv" })
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(fresh.Path, "analysis", "flipflop", file)), File.ReadAllBytes(Path.Combine(grown.Path, "analysis", "flipflop", file)));
        }
        var again = Assert.Single(new ComparisonStage(study, options, 2).Run(null, null, default));
        Assert.Equal(0, again.ComputedPairs);
    }

    [Fact]
    public void ExternalActivityRanksTheNetworkItWasRecordedFromFirst()
    {
        using var folder = new TempFolder();
        var study = Train(folder.Path, [0]);
        var configs = study.NetworkIds().Select(study.ReadConfig).ToList();
        var recorded = Activity(study, configs[2]);
        var path = Path.Combine(folder.Path, "recording.npy");
        NpyFile.Write(path, recorded.Values, recorded.Samples, recorded.Units);
        var result = Assert.Single(new ComparisonStage(study, new ComparisonOptions { Metrics = ["svcca", "procrustes"] }, 2).Run(ActivityMatrix.Read(path), null, default));
        var external = result.External!;
        Assert.Equal(0, external.Distances[0][2], 1e-9);
        Assert.Equal(0, external.Distances[1][2], 1e-7);
        var ranking = File.ReadAllLines(Path.Combine(folder.Path, "analysis", "flipflop", "external_recording.csv"));
        Assert.Equal("rank,id,cell,activation,svcca_distance,procrustes_distance", ranking[0]);
        Assert.StartsWith($"1,{configs[2].Id.Value},", ranking[1], StringComparison.Ordinal);
    }

    [Fact]
    public void ExternalActivityWithTheWrongSampleCountIsRejectedBeforeAnyWork()
    {
        using var folder = new TempFolder();
        var study = Train(folder.Path, [0]);
        var wrong = new ActivityMatrix([.. Enumerable.Range(0, 30).Select(i => Math.Sin(i))], 10, 3, "short.npy");
        var error = Assert.Throws<InvalidDataException>(() => new ComparisonStage(study, new ComparisonOptions(), 1).Run(wrong, null, default));
        Assert.Equal("short.npy: 10 samples match no task's probe set (flipflop: 160 samples × units)", error.Message);
        Assert.False(Directory.Exists(Path.Combine(folder.Path, "analysis")));
    }

    [Fact]
    public void UnknownMetricsAreRejectedByName()
    {
        using var folder = new TempFolder();
        var study = Train(folder.Path, [0]);
        var error = Assert.Throws<InvalidConfigurationException>(() => new ComparisonStage(study, new ComparisonOptions { Metrics = ["svcca", "rsa"] }, 1));
        Assert.Equal("compare: metrics = rsa: must be one of svcca, pwcca, cka, procrustes, cca, cca-shape, dsa, dsa-spectrum", error.Message);
    }

    [Fact]
    public void UntrainedBaselinesJoinTheComparisonAndTheDissociationIsWritten()
    {
        using var folder = new TempFolder();
        var study = Train(folder.Path, [0, 1], snapshots: [0]);
        var result = Assert.Single(new ComparisonStage(study, new ComparisonOptions { Metrics = ["svcca", "procrustes"], Dissociation = new(Bootstraps: 50) }, 2).Run(null, null, default));

        Assert.Equal(16, result.Networks.Count);
        Assert.Equal(8, result.Networks.Count(c => c.Stage == NetworkConfig.UntrainedStage));
        var report = result.Dissociation;
        Assert.Equal(8, report.Stages[NetworkConfig.UntrainedStage]);
        Assert.Equal(2 * 2, report.Correlations.Count);
        Assert.All(report.Correlations, c => Assert.Equal(120, c.Pairs));
        Assert.Equal(8, report.Initialization!.Networks);
        Assert.NotEmpty(report.Finding);
        var svcca = result.Metrics.Single(m => m.Metric.Name == "svcca");
        Assert.Equal(["cell", "activation", "stage"], svcca.Separations.Select(s => s.Label));
        Assert.All(svcca.Separations.Take(2), s => Assert.Equal(2, s.Classes));
        var analysis = Path.Combine(folder.Path, "analysis", "flipflop");
        var stored = JsonSerializer.Deserialize<DissociationReport>(File.ReadAllText(Path.Combine(analysis, "dissociation.json")), StudyJson.Indented)!;
        Assert.Equal(report.Finding, stored.Finding);
        Assert.True(File.Exists(Path.Combine(analysis, "distances_behaviour.npy")));
        Assert.True(File.Exists(Path.Combine(analysis, "distances_performance.npy")));
    }

    [Fact]
    public void AStageFilterComparesThoseMembersInAFolderOfItsOwn()
    {
        using var folder = new TempFolder();
        var study = Train(folder.Path, [0, 1], snapshots: [0]);
        var options = new ComparisonOptions { Metrics = ["svcca"], Stages = [NetworkConfig.TrainedStage], Dissociation = new(Bootstraps: 20) };
        var result = Assert.Single(new ComparisonStage(study, options, 2).Run(null, null, default));

        Assert.Equal(Path.Combine(folder.Path, "analysis", "flipflop-trained"), result.Folder);
        Assert.Equal(8, result.Networks.Count);
        Assert.All(result.Networks, c => Assert.Null(c.Snapshot));
        Assert.DoesNotContain(result.Metrics[0].Separations, s => s.Label == "stage");
        Assert.False(Directory.Exists(Path.Combine(folder.Path, "analysis", "flipflop")));

        var error = Assert.Throws<InvalidConfigurationException>(() => new ComparisonStage(study, options with { Stages = ["halfway"] }, 1));
        Assert.Equal("compare: stages = halfway: must be trained, untrained or checkpoint-<k>", error.Message);
    }

    private static StudyFolder Train(string path, int[] seeds, int[]? snapshots = null)
    {
        var sweep = new Sweep
        {
            Tasks = [Task],
            Cells = [CellKind.Gru, CellKind.Lstm],
            HiddenSizes = [8],
            Seeds = seeds,
            Snapshots = snapshots ?? [],
            Training = new TrainingOptions { MaxIterations = 5, EvaluateEvery = 5, BatchSize = 8, HeldOutTrials = 8 },
        };
        var study = StudyFolder.CreateOrOpen(path, sweep);
        new PopulationTrainer(study, 2).Train(sweep.Expand(), null, default);
        return study;
    }

    private static ActivityMatrix Activity(StudyFolder study, NetworkConfig config)
    {
        var network = new RecurrentNetwork<double>(study.ReadParameters(config).Convert<double>());
        var probe = config.Task.ProbeTrials();
        var (states, _) = network.Run(probe);
        return ActivityMatrix.FromStates<double>(states, probe.BatchSize, probe.TimeSteps, network.Shape.StateSize, 1, config.Id.Value);
    }
}

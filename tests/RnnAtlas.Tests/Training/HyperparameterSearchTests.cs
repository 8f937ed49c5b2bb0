using System.Globalization;
using RnnAtlas.Cells;
using RnnAtlas.Networks;
using RnnAtlas.Populations;
using RnnAtlas.Studies;
using RnnAtlas.Studies.Analyses;
using RnnAtlas.Studies.Configuration;
using RnnAtlas.Studies.Stages;
using RnnAtlas.Tasks;
using RnnAtlas.Training;

namespace RnnAtlas.Tests.Training;

/// <summary>
/// The per-configuration hyperparameter search: samples drawn in their ranges and reproducibly, scored on a validation
/// set of their own, the best written and used by every seed of the configuration, and a rerun trains nothing.
/// </summary>
public sealed class HyperparameterSearchTests
{
    private static readonly FlipFlopTask Lenient = new(Criterion: 10.0, TimeSteps: 30, ProbeTrialCount: 4);

    private static readonly HyperparameterSearch Search = new() { Samples = 4, Iterations = 20, ValidationTrials = 16 };

    private static Sweep SearchedSweep() => new()
    {
        Tasks = [Lenient],
        Cells = [CellKind.Gru, CellKind.Vanilla],
        Activations = [Activation.Tanh],
        HiddenSizes = [8],
        Seeds = [0, 1],
        Training = new TrainingOptions { Optimizer = OptimizerKind.Sgd, MaxIterations = 30, EvaluateEvery = 10, BatchSize = 8, HeldOutTrials = 16 },
        Search = Search,
    };

    [Fact]
    public void SamplesAreDrawnInTheirRangesTheSameWayEveryTimeAndDifferPerConfiguration()
    {
        var networks = SearchedSweep().Expand();
        var gru = Search.SamplesOf(networks[0]);
        Assert.Equal(gru.Select(s => s.Id), Search.SamplesOf(networks[1]).Select(s => s.Id));
        Assert.NotEqual(gru.Select(s => s.LearningRate), Search.SamplesOf(networks[2]).Select(s => s.LearningRate));
        Assert.Equal(4, gru.Select(s => s.LearningRate).Distinct().Count());
        Assert.All(gru, s =>
        {
            Assert.InRange(s.LearningRate, 1e-5, 1e-1);
            Assert.InRange(s.Training.GradientClipNorm, 0.1, 10);
            Assert.InRange(s.Training.DecayRate, 0.1, 0.9);
            Assert.InRange(s.Training.Momentum, 0, 0.99);
            Assert.Equal((20, StoppingPolicy.Budget, 16, 0), (s.Training.MaxIterations, s.Training.Stopping, s.Training.HeldOutTrials, s.Seed));
            Assert.Equal(NetworkConfig.SearchStage, s.Stage);
        });
        // Adam has no decay or momentum to tune: those stay the sweep's.
        var adam = Search.Sample(networks[0] with { Training = networks[0].Training with { Optimizer = OptimizerKind.Adam } }, 0);
        Assert.Equal((0.5, 0.9), (adam.Training.DecayRate, adam.Training.Momentum));
    }

    [Fact]
    public void LogMomentumSamplingDrawsOneMinusMomentumLogUniformlyAndEntersTheIdOnlyWhenSet()
    {
        var network = SearchedSweep().Expand()[0];
        var uniform = Search with { Samples = 2000 };
        var log = uniform with { MomentumSampling = MomentumSampling.Log };
        var uniformDraws = uniform.SamplesOf(network).Select(s => s.Training.Momentum).ToList();
        var logDraws = log.SamplesOf(network).Select(s => s.Training.Momentum).ToList();
        Assert.All(logDraws, m => Assert.InRange(m, 0, 0.99));
        // log10(1 − m) is uniform on [−2, 0]: half the draws above 0.9, a quarter above 1 − 10^−1.5 ≈ 0.968.
        Assert.InRange(logDraws.Count(m => m > 0.9) / 2000.0, 0.46, 0.54);
        Assert.InRange(logDraws.Count(m => m > 1 - Math.Pow(10, -1.5)) / 2000.0, 0.22, 0.28);
        Assert.InRange(uniformDraws.Count(m => m > 0.9) / 2000.0, 0.07, 0.115);
        // The other draws are the same: only the momentum's distribution changed.
        Assert.Equal(uniform.SamplesOf(network).Select(s => s.LearningRate), log.SamplesOf(network).Select(s => s.LearningRate));

        var searched = network with { Search = Search };
        Assert.DoesNotContain("momentum_sampling", System.Text.Json.JsonSerializer.Serialize(searched, RnnAtlas.Storage.StudyJson.Canonical), StringComparison.Ordinal);
        Assert.NotEqual(searched.Id, (searched with { Search = Search with { MomentumSampling = MomentumSampling.Log } }).Id);
        Assert.Equal(MomentumSampling.Log, SweepToml.Parse("[search]\nmomentum_sampling = \"log\"\n", "s.toml").Search!.MomentumSampling);
    }

    [Fact]
    public void AStratifiedSearchPutsOneSampleInEveryStratumOfEverySetting()
    {
        var network = SearchedSweep().Expand()[0];
        var stratified = Search with { Samples = 8, Design = SearchDesign.Stratified, MomentumSampling = MomentumSampling.Log };
        var samples = stratified.SamplesOf(network);
        // Stratum of each setting on the scale it is drawn on: log for the rate and clip, linear for the decay, log of
        // 1 − momentum for the momentum; each of the 8 strata of each setting holds exactly one sample.
        int Stratum(double position) => (int)Math.Floor(position * 8);
        Assert.Equal(Enumerable.Range(0, 8), samples.Select(s => Stratum(Math.Log(s.LearningRate / 1e-5) / Math.Log(1e4))).Order());
        Assert.Equal(Enumerable.Range(0, 8), samples.Select(s => Stratum(Math.Log(s.Training.GradientClipNorm / 0.1) / Math.Log(100))).Order());
        Assert.Equal(Enumerable.Range(0, 8), samples.Select(s => Stratum((s.Training.DecayRate - 0.1) / 0.8)).Order());
        Assert.Equal(Enumerable.Range(0, 8), samples.Select(s => Stratum(Math.Log((1 - s.Training.Momentum) / 0.01) / Math.Log(100))).Order());
        // Paired at random, and fixed by the configuration: the same draws every time, other draws for another cell.
        Assert.NotEqual(samples.Select(s => Stratum(Math.Log(s.LearningRate / 1e-5) / Math.Log(1e4))), samples.Select(s => Stratum((s.Training.DecayRate - 0.1) / 0.8)));
        Assert.Equal(samples.Select(s => s.Id), stratified.SamplesOf(network).Select(s => s.Id));
        Assert.NotEqual(samples.Select(s => s.LearningRate), stratified.SamplesOf(SearchedSweep().Expand()[2]).Select(s => s.LearningRate));
        Assert.NotEqual((network with { Search = Search }).Id, (network with { Search = Search with { Design = SearchDesign.Stratified } }).Id);
        Assert.Equal(SearchDesign.Stratified, SweepToml.Parse("[search]\ndesign = \"stratified\"\n", "s.toml").Search!.Design);
    }

    [Fact]
    public void SamplesAreScoredOnAValidationSetDistinctFromTheHeldOutSet()
    {
        var sample = Search.Sample(SearchedSweep().Expand()[0], 0);
        var result = new NetworkTrainer(sample, new NetworkUnroll<float>(sample.Shape, 8, Lenient.TimeSteps)).Train(default);

        var validation = NetworkTrainer.ValidationTrials(Lenient, 16);
        Assert.NotEqual(NetworkTrainer.HeldOutTrials(Lenient, 16).Inputs, validation.Inputs);
        var (_, outputs) = new RecurrentNetwork<float>(result.Parameters).Run(validation);
        Assert.Equal(result.Metrics.HeldOutNmse, TaskMetrics.NormalizedMse(validation, outputs), 1e-6);
        Assert.Equal(20, result.Metrics.Iterations);
        Assert.StartsWith("budget of 20 iterations: validation NMSE ", result.Metrics.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void EachConfigurationTrainsWithItsBestSampleAndTheTablesSayWhich()
    {
        using var folder = new TempFolder();
        var sweep = SearchedSweep();
        var study = StudyFolder.CreateOrOpen(folder.Path, sweep);
        var outcome = (TrainingOutcome)new StudyPipeline([StudyPipeline.Train(study, sweep, 2, null)]).Run(new Unobserved(), default)[0];

        Assert.Equal(2, outcome.Searches.Count);
        Assert.Equal(4, outcome.Networks.Count);
        foreach (var search in outcome.Searches)
        {
            var rows = File.ReadAllLines(Path.Combine(folder.Path, SearchResult.Folder, search.Name + ".csv"));
            Assert.Equal(5, rows.Length);
            var best = rows.Skip(1).Select(r => r.Split(',')).Single(r => r[^1] == "lowest validation NMSE");
            var lowest = rows.Skip(1).Select(r => r.Split(',')).MinBy(r => double.Parse(r[7], CultureInfo.InvariantCulture))!;
            Assert.Equal(lowest[1], best[1]);
            Assert.Equal(search.Best.Id.Value, best[1]);
        }
        // A network trains exactly as its config with the best settings would: same held-out error, bit for bit.
        var network = outcome.Networks.First(n => n.Config.Cell == CellKind.Vanilla);
        var settings = HyperparameterSearch.WithSettingsOf(network.Config, outcome.Searches.Single(s => s.Best.Cell == CellKind.Vanilla).Best);
        var direct = new NetworkTrainer(settings, new NetworkUnroll<float>(settings.Shape, 8, Lenient.TimeSteps)).Train(default);
        Assert.Equal(direct.Metrics.HeldOutNmse, network.Metrics.HeldOutNmse);
        Assert.Equal(network.Config.Id.Value, network.Metrics.Id);
        Assert.NotEqual(network.Config.LearningRate, settings.LearningRate);

        // The samples are networks of the study but never analysed.
        Assert.Equal(12, study.NetworkIds().Count);
        Assert.Equal(outcome.Networks.Select(n => n.Config.Id.Value).Order(), AnalysisFolder.MembersByTask(study).SelectMany(g => g).Select(c => c.Id.Value).Order());

        var again = (TrainingOutcome)new StudyPipeline([StudyPipeline.Train(study, sweep, 2, null)]).Run(new Unobserved(), default)[0];
        Assert.All(again.Networks, n => Assert.True(n.Skipped));
        Assert.Equal(outcome.Searches.Select(s => s.Best.Id), again.Searches.Select(s => s.Best.Id));
    }

    [Fact]
    public void TheSearchIsReadFromTomlAndExcludesAFixedLearningRate()
    {
        var sweep = SweepToml.Parse("[search]\nsamples = 8\niterations = 300\nlearning_rate = [1e-4, 1e-2]\n", "s.toml");
        Assert.Equal((8, 300, 1e-4, 1e-2), (sweep.Search!.Samples, sweep.Search.Iterations, sweep.Search.LearningRate[0], sweep.Search.LearningRate[1]));

        var fixedRate = Assert.Throws<InvalidConfigurationException>(() => SweepToml.Parse("[sweep]\nlearning_rates = [0.01]\n[search]\nsamples = 8\n", "s.toml"));
        Assert.Equal("sweep.learning_rates", fixedRate.Field);
        var reversed = Assert.Throws<InvalidConfigurationException>(() => SweepToml.Parse("[search]\nmomentum = [0.9, 0.1]\n", "s.toml"));
        Assert.Equal("search.momentum", reversed.Field);
        var unknown = Assert.Throws<InvalidConfigurationException>(() => SweepToml.Parse("[search]\nsample = 8\n", "s.toml"));
        Assert.Equal("search.sample", unknown.Field);
    }
}

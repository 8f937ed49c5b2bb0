using System.Globalization;
using System.Text.Json.Serialization;
using RnnAtlas.Numerics;

namespace RnnAtlas.Training;

/// <summary>
/// The paper's per-configuration hyperparameter search (<c>[search]</c>): for every configuration (task × cell ×
/// activation × hidden size × L2 × training options), <see cref="Samples"/> random settings of the learning rate, the
/// gradient clip and, for SGD, the decay rate and the momentum are each trained <see cref="Iterations"/> iterations from
/// one seed and scored on a validation set of their own (distinct from the held-out set); every seed of the
/// configuration then trains with the best sample's settings. The samples are ordinary networks of the study
/// (<see cref="NetworkConfig.SearchSample"/>), so they resume, shard and claim like any other.
/// </summary>
/// <remarks>
/// Ranges are sampled log-uniformly for the learning rate and the clip, uniformly for the decay rate and (unless
/// <see cref="MomentumSampling"/> says otherwise) the momentum, independently or stratified (<see cref="Design"/>);
/// the defaults are the ranges recalled from the paper (not verified against the PDF): learning rate 1e-5–1e-1, clip
/// 0.1–10, decay rate 0.1–0.9, momentum 0–1 (capped at 0.99 here, where SGD with momentum 1 never forgets a gradient).
/// A sample's draws depend only on the configuration, the search's settings and its index, so a rerun draws the same.
/// </remarks>
public sealed record HyperparameterSearch
{
    /// <summary>Settings tried per configuration; default 16.</summary>
    public int Samples { get; init; } = 16;

    /// <summary>Training iterations of each sample (its short budget); default 500.</summary>
    public int Iterations { get; init; } = 500;

    /// <summary>Validation trials each sample is scored on (a fixed set per task, distinct from the held-out set); default 256.</summary>
    public int ValidationTrials { get; init; } = 256;

    /// <summary>Seed of every sample's initialization and training trials; default 0.</summary>
    public int Seed { get; init; }

    /// <summary>[low, high] of the learning rate, log-uniform; default [1e-5, 1e-1].</summary>
    public IReadOnlyList<double> LearningRate { get; init; } = [1e-5, 1e-1];

    /// <summary>[low, high] of the global gradient-norm clip, log-uniform; default [0.1, 10].</summary>
    public IReadOnlyList<double> GradientClipNorm { get; init; } = [0.1, 10];

    /// <summary>[low, high] of SGD's learning-rate decay factor per decay period, uniform; default [0.1, 0.9].</summary>
    public IReadOnlyList<double> DecayRate { get; init; } = [0.1, 0.9];

    /// <summary>[low, high] of SGD's momentum, drawn as <see cref="MomentumSampling"/> says; default [0, 0.99].</summary>
    public IReadOnlyList<double> Momentum { get; init; } = [0, 0.99];

    /// <summary>
    /// How the momentum is drawn from <see cref="Momentum"/>: uniformly (the default), or log-uniformly in 1 − momentum.
    /// With 8 uniform draws an SGD search rarely tried a momentum above 0.9, where SGD trains the flip-flop task in 3,000
    /// iterations, and 11 of the default population's 32 networks passed; with log draws, 20 (docs/training.md). Omitted
    /// from the JSON when uniform, so the ids of networks searched before it existed are unchanged.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public MomentumSampling MomentumSampling { get; init; }

    /// <summary>
    /// How the samples cover the ranges: independent draws (the default) or stratified (a Latin hypercube, see
    /// <see cref="SearchDesign.Stratified"/>). Omitted from the JSON when random, so the ids of networks searched before
    /// it existed are unchanged.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public SearchDesign Design { get; init; }

    /// <summary>Throws <see cref="InvalidConfigurationException"/> naming the first out-of-range field.</summary>
    public void Validate()
    {
        InvalidConfigurationException.ThrowIfOutside("search.samples", Samples, 1, 100_000);
        InvalidConfigurationException.ThrowIfOutside("search.iterations", Iterations, 1, 100_000_000);
        InvalidConfigurationException.ThrowIfOutside("search.validation_trials", ValidationTrials, 1, 1_000_000);
        InvalidConfigurationException.ThrowIfOutside("search.seed", Seed, 0, int.MaxValue);
        Range("search.learning_rate", LearningRate, NetworkConfig.MinLearningRate, NetworkConfig.MaxLearningRate);
        Range("search.gradient_clip_norm", GradientClipNorm, 1e-12, 1e12);
        Range("search.decay_rate", DecayRate, 1e-12, 1.0);
        Range("search.momentum", Momentum, 0.0, 0.999999);
    }

    /// <summary>
    /// The <paramref name="index"/>-th sample of <paramref name="network"/>'s configuration: its settings drawn, trained
    /// <see cref="Iterations"/> iterations from <see cref="Seed"/> to the end of that budget, scored on the validation set.
    /// </summary>
    public NetworkConfig Sample(NetworkConfig network, int index)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Samples);
        var configuration = Configuration(network);
        var random = new SeededRandom(SeededRandom.Derive(SeededRandom.Derive(0x5EA4C4, configuration.Id.Value), (ulong)index));
        var strata = Design == SearchDesign.Stratified ? Strata(configuration) : null;
        // The position in [0, 1) of this sample's draw of setting d, on the scale that setting is drawn on.
        double Draw(int d) => strata is null ? random.NextDouble() : (strata[d][index] + random.NextDouble()) / Samples;
        var sgd = network.Training.Optimizer == OptimizerKind.Sgd;
        var rate = LogScale(LearningRate, Draw(0));
        var clip = LogScale(GradientClipNorm, Draw(1));
        var decay = LinearScale(DecayRate, Draw(2));
        var momentum = MomentumSampling == MomentumSampling.Log ? 1 - LogScale([1 - Momentum[1], 1 - Momentum[0]], Draw(3)) : LinearScale(Momentum, Draw(3));
        return configuration with
        {
            LearningRate = rate,
            Seed = Seed,
            SearchSample = index,
            Training = configuration.Training with
            {
                GradientClipNorm = clip,
                DecayRate = sgd ? decay : configuration.Training.DecayRate,
                Momentum = sgd ? momentum : configuration.Training.Momentum,
                MaxIterations = Iterations,
                EvaluateEvery = Iterations,
                HeldOutTrials = ValidationTrials,
                Stopping = StoppingPolicy.Budget,
                CriterionChecks = null,
                KeepBest = false,
            },
        };
    }

    /// <summary>Every sample of <paramref name="network"/>'s configuration, by index.</summary>
    public IReadOnlyList<NetworkConfig> SamplesOf(NetworkConfig network) => [.. Enumerable.Range(0, Samples).Select(i => Sample(network, i))];

    /// <summary>
    /// <paramref name="network"/> trained with <paramref name="best"/>'s settings (learning rate, clip, decay rate,
    /// momentum): what the trainer runs for a network whose config names this search.
    /// </summary>
    public static NetworkConfig WithSettingsOf(NetworkConfig network, NetworkConfig best)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(best);
        return network with
        {
            LearningRate = best.LearningRate,
            Training = network.Training with { GradientClipNorm = best.Training.GradientClipNorm, DecayRate = best.Training.DecayRate, Momentum = best.Training.Momentum },
        };
    }

    /// <summary>A readable, unique name of <paramref name="network"/>'s configuration, for the search table's file.</summary>
    public static string Name(NetworkConfig network)
    {
        ArgumentNullException.ThrowIfNull(network);
        var id = Configuration(network).Id.Value;
        return string.Create(CultureInfo.InvariantCulture, $"{id[..id.LastIndexOf('-')]}-l2_{network.L2:R}-{id[(id.LastIndexOf('-') + 1)..]}");
    }

    /// <summary>The configuration a network belongs to: its config without seed, snapshot and search (what the samples share).</summary>
    private static NetworkConfig Configuration(NetworkConfig network) =>
        network with { Seed = 0, Snapshot = null, Search = null, SearchSample = null, LearningRate = network.Task.RecommendedLearningRate };

    /// <summary>
    /// A Latin hypercube's strata: for each of the four settings, a random permutation of the sample indices (sample i
    /// takes stratum strata[d][i] of setting d), fixed by the configuration and the number of samples.
    /// </summary>
    private int[][] Strata(NetworkConfig configuration) =>
    [.. Enumerable.Range(0, 4).Select(d =>
    {
        var order = Enumerable.Range(0, Samples).ToArray();
        new SeededRandom(SeededRandom.Derive(SeededRandom.Derive(SeededRandom.Derive(0x57A7A, configuration.Id.Value), (ulong)Samples), (ulong)d)).Shuffle<int>(order);
        return order;
    })];

    /// <summary>The point at <paramref name="position"/> ∈ [0, 1) of <paramref name="range"/> on a log scale.</summary>
    private static double LogScale(IReadOnlyList<double> range, double position) =>
        Math.Exp(Math.Log(range[0]) + (Math.Log(range[1]) - Math.Log(range[0])) * position);

    /// <summary>The point at <paramref name="position"/> ∈ [0, 1) of <paramref name="range"/> on a linear scale.</summary>
    private static double LinearScale(IReadOnlyList<double> range, double position) => range[0] + (range[1] - range[0]) * position;

    private static void Range(string field, IReadOnlyList<double> range, double low, double high)
    {
        if (range is not { Count: 2 } || !(range[0] <= range[1]))
        {
            throw new InvalidConfigurationException(field, range is null ? "(none)" : $"[{string.Join(", ", range.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))}]", "must be [low, high] with low ≤ high");
        }
        InvalidConfigurationException.ThrowIfOutside(field, range[0], low, high);
        InvalidConfigurationException.ThrowIfOutside(field, range[1], low, high);
    }
}

using System.Text.Json.Serialization;
using RnnAtlas.Cells;
using RnnAtlas.Networks;
using RnnAtlas.Tasks;

namespace RnnAtlas.Training;

/// <summary>
/// Everything that determines one trained network: task (with its parameters), architecture, hyperparameters, seed
/// and training options. Its content address is <see cref="NetworkId"/>; same config → same weights, bit for bit.
/// </summary>
/// <param name="Task">The task and its parameters.</param>
/// <param name="Cell">Cell kind.</param>
/// <param name="Activation">Nonlinearity φ.</param>
/// <param name="HiddenSize">Hidden units H.</param>
/// <param name="L2">L2 penalty λ on weight matrices: the loss gains λ·Σw².</param>
/// <param name="LearningRate">Optimizer learning rate.</param>
/// <param name="Seed">Seed of the initialization and of the training trials.</param>
/// <param name="Training">Optimizer, batch, stopping and clipping options.</param>
public sealed record NetworkConfig(
    ITask Task,
    CellKind Cell,
    Activation Activation,
    int HiddenSize,
    double L2,
    double LearningRate,
    int Seed,
    TrainingOptions Training)
{
    /// <summary>
    /// For a population member that is a snapshot of another network's training: the iteration it stops at (0 = the
    /// untrained initialization). The network trains exactly like its parent (same seed, trials and early stopping) up
    /// to that iteration. Null for a network trained to its criterion or cap. Omitted from the JSON when null, so the
    /// ids of ordinary networks do not depend on this option.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Snapshot { get; init; }

    /// <summary>
    /// For a network trained elsewhere and brought in by <c>rnnatlas import</c>: where its weights came from and how their
    /// names were mapped (the SHA-256 of the weight file makes the id a content address of the weights). Its training
    /// fields (L2, rate, seed, training options) are placeholders that nothing reads. Null for a network RnnAtlas
    /// trained, and then omitted from the JSON, so the ids of trained networks do not depend on this option.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ImportProvenance? Import { get; init; }

    /// <summary>
    /// For a network whose hyperparameters a per-configuration search chooses (<c>[search]</c>): that search. Its
    /// learning rate, gradient clip, decay rate and momentum are then those of the search's best sample
    /// (<see cref="HyperparameterSearch.WithSettingsOf"/>), not the placeholders of this config; the search is
    /// deterministic, so the id still names one set of weights. Omitted from the JSON when null.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public HyperparameterSearch? Search { get; init; }

    /// <summary>
    /// For a sample of a hyperparameter search: its index. It is scored on the validation set
    /// (<see cref="NetworkTrainer.ValidationTrials"/>) instead of the held-out set. Omitted from the JSON when null.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? SearchSample { get; init; }

    /// <summary>The iteration cap this network trains to: the snapshot iteration, or the training cap.</summary>
    [JsonIgnore]
    public int IterationCap => Snapshot is { } k ? Math.Min(k, Training.MaxIterations) : Training.MaxIterations;

    /// <summary>The population stage: <c>untrained</c>, <c>checkpoint-&lt;k&gt;</c>, <c>trained</c>, or <c>search</c> for a search sample.</summary>
    [JsonIgnore]
    public string Stage => SearchSample is not null ? SearchStage : Snapshot switch
    {
        null => TrainedStage,
        0 => UntrainedStage,
        var k => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"checkpoint-{k}"),
    };

    /// <summary>The network this one is a snapshot of (itself when it is not a snapshot).</summary>
    [JsonIgnore]
    public NetworkConfig Parent => this with { Snapshot = null };

    /// <summary>Largest hidden size a config may have.</summary>
    public const int MaxHiddenSize = 4096;

    /// <summary>Largest L2 penalty a config may have.</summary>
    public const double MaxL2 = 10.0;

    /// <summary>Smallest learning rate a config may have.</summary>
    public const double MinLearningRate = 1e-12;

    /// <summary>Largest learning rate a config may have.</summary>
    public const double MaxLearningRate = 10.0;

    /// <summary>Largest snapshot iteration a config may have.</summary>
    public const int MaxSnapshot = 100_000_000;

    /// <summary>Throws <see cref="InvalidConfigurationException"/> naming the first field outside the ranges of docs/config.md.</summary>
    public void Validate()
    {
        Task.Validate();
        InvalidConfigurationException.ThrowIfOutside("hidden_size", HiddenSize, 1, MaxHiddenSize);
        InvalidConfigurationException.ThrowIfOutside("l2", L2, 0.0, MaxL2);
        InvalidConfigurationException.ThrowIfOutside("learning_rate", LearningRate, MinLearningRate, MaxLearningRate);
        InvalidConfigurationException.ThrowIfOutside("seed", Seed, 0, int.MaxValue);
        if (Snapshot is { } k)
        {
            InvalidConfigurationException.ThrowIfOutside("snapshot", k, 0, MaxSnapshot);
        }
        Training.Validate();
        Search?.Validate();
    }

    /// <summary>The stage label of fully trained networks.</summary>
    public const string TrainedStage = "trained";

    /// <summary>The stage label of hyperparameter-search samples (never analysed).</summary>
    public const string SearchStage = "search";

    /// <summary>The stage label of untrained initializations.</summary>
    public const string UntrainedStage = "untrained";

    /// <summary>The network's architecture and sizes.</summary>
    [JsonIgnore]
    public NetworkShape Shape => new(Cell, Activation, Task.InputSize, HiddenSize, Task.OutputSize);

    /// <summary>The content address of this config.</summary>
    [JsonIgnore]
    public NetworkId Id => NetworkId.Of(this);
}

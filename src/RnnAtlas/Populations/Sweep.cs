using RnnAtlas.Cells;
using RnnAtlas.Tasks;
using RnnAtlas.Training;

namespace RnnAtlas.Populations;

/// <summary>
/// A population as the product task × cell × activation × hidden size × L2 × learning rate × seed, with one set of
/// training options. <see cref="Expand"/> lists its networks in a fixed order.
/// </summary>
public sealed record Sweep
{
    /// <summary>Tasks; default the 3-bit flip-flop.</summary>
    public IReadOnlyList<ITask> Tasks { get; init; } = [new FlipFlopTask()];

    /// <summary>Cells; default all four.</summary>
    public IReadOnlyList<CellKind> Cells { get; init; } = [CellKind.Vanilla, CellKind.Ugrnn, CellKind.Gru, CellKind.Lstm];

    /// <summary>Activations; default tanh and ReLU.</summary>
    public IReadOnlyList<Activation> Activations { get; init; } = [Activation.Tanh, Activation.Relu];

    /// <summary>Hidden sizes; default 64.</summary>
    public IReadOnlyList<int> HiddenSizes { get; init; } = [64];

    /// <summary>L2 penalties λ (loss gains λ·Σw²); default 1e-4.</summary>
    public IReadOnlyList<double> L2 { get; init; } = [1e-4];

    /// <summary>Learning rates; null (the default) gives each task its <see cref="ITask.RecommendedLearningRate"/>.</summary>
    public IReadOnlyList<double>? LearningRates { get; init; }

    /// <summary>Seeds; default 0, 1, 2, 3.</summary>
    public IReadOnlyList<int> Seeds { get; init; } = [0, 1, 2, 3];

    /// <summary>Training options shared by every network.</summary>
    public TrainingOptions Training { get; init; } = new();

    /// <summary>
    /// Iterations at which every network also joins the population as a snapshot of its training (0 = its untrained
    /// initialization), each a network of its own (see <see cref="NetworkConfig.Snapshot"/>); iterations at or beyond
    /// the training cap are the trained network itself and add nothing. Default none.
    /// </summary>
    public IReadOnlyList<int> Snapshots { get; init; } = [];

    /// <summary>
    /// The per-configuration hyperparameter search (<c>[search]</c>), or null (the default) to train every network with
    /// the sweep's learning rate and training options. With a search, <see cref="LearningRates"/> must be unset.
    /// Omitted from the JSON when null.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public HyperparameterSearch? Search { get; init; }

    /// <summary>The log-spaced snapshots <c>--snapshots log</c> stands for: 0, 10, 30, 100, 300, 1000.</summary>
    public static IReadOnlyList<int> LogSpacedSnapshots { get; } = [0, 10, 30, 100, 300, 1000];

    /// <summary>Throws <see cref="InvalidConfigurationException"/> naming the first bad field.</summary>
    public void Validate()
    {
        NonEmpty("sweep.tasks", Tasks);
        NonEmpty("sweep.cells", Cells);
        NonEmpty("sweep.activations", Activations);
        NonEmpty("sweep.hidden_sizes", HiddenSizes);
        NonEmpty("sweep.l2", L2);
        if (LearningRates is not null)
        {
            NonEmpty("sweep.learning_rates", LearningRates);
        }
        NonEmpty("sweep.seeds", Seeds);
        foreach (var task in Tasks)
        {
            task.Validate();
        }
        foreach (var h in HiddenSizes)
        {
            InvalidConfigurationException.ThrowIfOutside("sweep.hidden_sizes", h, 1, NetworkConfig.MaxHiddenSize);
        }
        foreach (var l2 in L2)
        {
            InvalidConfigurationException.ThrowIfOutside("sweep.l2", l2, 0.0, NetworkConfig.MaxL2);
        }
        foreach (var rate in LearningRates ?? [])
        {
            InvalidConfigurationException.ThrowIfOutside("sweep.learning_rates", rate, NetworkConfig.MinLearningRate, NetworkConfig.MaxLearningRate);
        }
        foreach (var seed in Seeds)
        {
            InvalidConfigurationException.ThrowIfOutside("sweep.seeds", seed, 0, int.MaxValue);
        }
        foreach (var k in Snapshots)
        {
            InvalidConfigurationException.ThrowIfOutside("sweep.snapshots", k, 0, NetworkConfig.MaxSnapshot);
        }
        Training.Validate();
        if (Search is not null)
        {
            Search.Validate();
            if (LearningRates is not null)
            {
                throw new InvalidConfigurationException("sweep.learning_rates", $"[{string.Join(", ", LearningRates)}]", "cannot be combined with [search], which chooses each configuration's learning rate");
            }
        }
        Duplicate("sweep.snapshots", Snapshots.Cast<object>());
        Duplicate("sweep.tasks", Tasks.Select(t => (object)t));
        Duplicate("sweep.cells", Cells.Cast<object>());
        Duplicate("sweep.activations", Activations.Cast<object>());
        Duplicate("sweep.hidden_sizes", HiddenSizes.Cast<object>());
        Duplicate("sweep.l2", L2.Cast<object>());
        Duplicate("sweep.learning_rates", (LearningRates ?? []).Cast<object>());
        Duplicate("sweep.seeds", Seeds.Cast<object>());
    }

    /// <summary>
    /// The networks of the sweep, in task, cell, activation, hidden, L2, rate, seed order, each followed by its
    /// snapshots (ascending).
    /// </summary>
    public IReadOnlyList<NetworkConfig> Expand()
    {
        Validate();
        return
        [
            .. from task in Tasks
               from cell in Cells
               from activation in Activations
               from hidden in HiddenSizes
               from l2 in L2
               from rate in LearningRates ?? [task.RecommendedLearningRate]
               from seed in Seeds
               let trained = new NetworkConfig(task, cell, activation, hidden, l2, rate, seed, Training) { Search = Search }
               from member in Snapshots.Where(k => k < Training.MaxIterations).Order().Select(k => trained with { Snapshot = k }).Prepend(trained)
               select member,
        ];
    }

    /// <summary>The hyperparameter-search samples of every configuration the sweep trains (none without a search).</summary>
    public IReadOnlyList<NetworkConfig> SearchSamples() => Search is { } search
        ? [.. Expand().Where(c => c.Snapshot is null).DistinctBy(c => search.Sample(c, 0).Id).SelectMany(search.SamplesOf)]
        : [];

    private static void NonEmpty<T>(string field, IReadOnlyList<T> values)
    {
        if (values is null || values.Count == 0)
        {
            throw new InvalidConfigurationException(field, "[]", "the sweep needs at least one value here (an empty axis gives an empty population)");
        }
    }

    private static void Duplicate(string field, IEnumerable<object> values)
    {
        var seen = new HashSet<object>();
        foreach (var value in values)
        {
            if (!seen.Add(value))
            {
                throw new InvalidConfigurationException(field, value.ToString() ?? "", "appears twice: it would train the same networks twice");
            }
        }
    }
}

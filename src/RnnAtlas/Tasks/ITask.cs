using System.Text.Json.Serialization;

namespace RnnAtlas.Tasks;

/// <summary>
/// A task that trains and probes recurrent networks. Implementations are immutable records whose parameters are part of
/// every network's content address, and whose batches are a pure function of the seed.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "name")]
[JsonDerivedType(typeof(FlipFlopTask), FlipFlopTask.TaskName)]
[JsonDerivedType(typeof(SineWaveTask), SineWaveTask.TaskName)]
[JsonDerivedType(typeof(ContextIntegrationTask), ContextIntegrationTask.TaskName)]
[JsonDerivedType(typeof(DelayedDiscriminationTask), DelayedDiscriminationTask.TaskName)]
[JsonDerivedType(typeof(CustomTask), CustomTask.TaskName)]
public interface ITask
{
    /// <summary>Short name used in configs, ids and folder names (e.g. <c>flipflop</c>).</summary>
    string Name { get; }

    /// <summary>Input channels.</summary>
    int InputSize { get; }

    /// <summary>Output channels.</summary>
    int OutputSize { get; }

    /// <summary>Time steps per trial.</summary>
    int TimeSteps { get; }

    /// <summary>Pass criterion: a network passes when its held-out normalized MSE is at most this.</summary>
    double Criterion { get; }

    /// <summary>
    /// The Adam learning rate a sweep uses for this task when it names none (measured: 0.01 trains flip-flop and
    /// integration networks in a few hundred iterations; the sine wave needs 0.001, see docs/training.md).
    /// </summary>
    double RecommendedLearningRate { get; }

    /// <summary>Generates <paramref name="batchSize"/> trials, deterministically from <paramref name="seed"/>.</summary>
    TrialBatch Generate(int batchSize, ulong seed);

    /// <summary>The constant inputs at which fixed points are searched.</summary>
    IReadOnlyList<AnalysisCondition> AnalysisConditions();

    /// <summary>The fixed probe trials every network of the task is run on for similarity analyses.</summary>
    TrialBatch ProbeTrials();

    /// <summary>Task accuracy in [0, 1] of <paramref name="outputs"/> ([batch, time, output]) on <paramref name="trials"/>.</summary>
    double Accuracy(TrialBatch trials, ReadOnlySpan<float> outputs);

    /// <summary>Throws <see cref="InvalidConfigurationException"/> when a parameter is out of range.</summary>
    void Validate();
}

using System.Text.Json.Serialization;

namespace RnnAtlas.Tasks;

/// <summary>
/// A task of your own, for an imported network trained on something RnnAtlas does not generate: your probe inputs
/// (the trials whose trajectories the fixed-point search samples and the comparison runs), optionally the state they
/// start from, and your analysis conditions (the constant inputs at which fixed points are sought). It has no targets,
/// so it cannot train a network and scores none (held-out NMSE and accuracy are NaN); its networks' scaffold is the
/// generic fixed-point graph per condition. The arrays are part of the task's config, so the network's id addresses
/// them too.
/// </summary>
/// <param name="Source">The probe file's name (for the record; the values below are what counts).</param>
/// <param name="ProbeTrialCount">Probe trials.</param>
/// <param name="TimeSteps">Steps per probe trial.</param>
/// <param name="InputSize">Input width.</param>
/// <param name="OutputSize">Output width: the imported network's readout's (<see cref="OutputsFromReadout"/> until the import sets it).</param>
/// <param name="ProbeInputs">Probe inputs, [trials, time, inputs] row-major.</param>
/// <param name="Conditions">Analysis conditions, one constant input each.</param>
public sealed record CustomTask(string Source, int ProbeTrialCount, int TimeSteps, int InputSize, int OutputSize, float[] ProbeInputs, IReadOnlyList<float[]> Conditions) : ITask
{
    /// <summary>The task's name in configs and ids.</summary>
    public const string TaskName = "custom";

    /// <summary>
    /// The state every probe trial starts from ([state]: [h], or [h; c] for an LSTM), null for the zero state; omitted from
    /// the JSON when null.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public float[]? InitialState { get; init; }

    /// <summary>The initial state's file name (for the record and for messages), null without one.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? InitialStateSource { get; init; }

    /// <summary>Most probe values (trials × time × inputs) a custom task holds.</summary>
    public const int MaxProbeValues = 1 << 20;

    /// <summary>An <see cref="OutputSize"/> still to be taken from the imported network's readout (a task read from files before the weights).</summary>
    public const int OutputsFromReadout = 0;

    /// <summary>Most analysis conditions.</summary>
    public const int MaxConditions = 64;

    /// <inheritdoc />
    [JsonIgnore]
    public string Name => TaskName;

    /// <inheritdoc />
    [JsonIgnore]
    public double Criterion => double.NaN;

    /// <inheritdoc />
    [JsonIgnore]
    public double RecommendedLearningRate => 0.01;

    /// <inheritdoc />
    /// <exception cref="NotSupportedException">Always: a custom task has no targets to train on.</exception>
    public TrialBatch Generate(int batchSize, ulong seed) =>
        throw new NotSupportedException("a custom task has no targets, so it generates no training trials; its networks are imported (rnnatlas import)");

    /// <inheritdoc />
    public IReadOnlyList<AnalysisCondition> AnalysisConditions() => [.. Conditions.Select((c, i) => new AnalysisCondition($"condition-{i}", c))];

    /// <inheritdoc />
    /// <remarks>Targets are unknown (zeros) and every output counts (mask ones), so output distances compare the whole readout.</remarks>
    public TrialBatch ProbeTrials()
    {
        var outputs = ProbeTrialCount * TimeSteps * OutputSize;
        var mask = new float[outputs];
        Array.Fill(mask, 1f);
        return new TrialBatch(ProbeTrialCount, TimeSteps, InputSize, OutputSize, ProbeInputs, new float[outputs], mask) { InitialState = InitialState };
    }

    /// <inheritdoc />
    public double Accuracy(TrialBatch trials, ReadOnlySpan<float> outputs) => double.NaN;

    /// <inheritdoc />
    public void Validate()
    {
        InvalidConfigurationException.ThrowIfOutside("task.input_size", InputSize, 1, 4096);
        InvalidConfigurationException.ThrowIfOutside("task.output_size", OutputSize, 1, 4096);
        InvalidConfigurationException.ThrowIfOutside("task.time_steps", TimeSteps, 2, 100_000);
        InvalidConfigurationException.ThrowIfOutside("task.probe_trial_count", ProbeTrialCount, 1, MaxProbeValues);
        if ((long)ProbeTrialCount * TimeSteps * InputSize > MaxProbeValues || ProbeInputs.Length != ProbeTrialCount * TimeSteps * InputSize)
        {
            throw new InvalidConfigurationException("task.probe_inputs", $"{ProbeInputs.Length} values", $"must hold probe_trial_count × time_steps × input_size = {(long)ProbeTrialCount * TimeSteps * InputSize} values, at most {MaxProbeValues}");
        }
        if (Array.FindIndex(ProbeInputs, v => !float.IsFinite(v)) is var bad and >= 0)
        {
            throw new InvalidConfigurationException("task.probe_inputs", ProbeInputs[bad].ToString(System.Globalization.CultureInfo.InvariantCulture), $"at flat index {bad}: inputs must be finite");
        }
        if (InitialState is { } start && (start.Length is 0 or > 2 * 4096 || Array.FindIndex(start, v => !float.IsFinite(v)) >= 0))
        {
            throw new InvalidConfigurationException("task.initial_state", $"{start.Length} values", "must be 1 to 8192 finite values, the network's state ([h], or [h; c] for an LSTM)");
        }
        InvalidConfigurationException.ThrowIfOutside("task.conditions", Conditions.Count, 1, MaxConditions);
        for (var i = 0; i < Conditions.Count; i++)
        {
            if (Conditions[i].Length != InputSize || Conditions[i].Any(v => !float.IsFinite(v)))
            {
                throw new InvalidConfigurationException($"task.conditions[{i}]", $"{Conditions[i].Length} values", $"must be {InputSize} finite values, one per input");
            }
        }
    }
}

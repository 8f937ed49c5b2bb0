using System.Text.Json.Serialization;
using System.Globalization;
using RnnAtlas.Numerics;

namespace RnnAtlas.Tasks;

/// <summary>
/// N-bit flip-flop: each input channel is 0 except for ±1 pulses; every channel is pulsed (random sign) at t = 0 and then
/// at each step with probability <see cref="PulseProbability"/>. Each output holds the sign of its channel's last pulse.
/// A trained 3-bit network stores the 2³ = 8 memories as stable fixed points at zero input.
/// </summary>
/// <param name="Bits">Number of channels N (inputs = outputs = N).</param>
/// <param name="TimeSteps">Trial length T.</param>
/// <param name="PulseProbability">Per-step, per-channel pulse probability after t = 0.</param>
/// <param name="Criterion">Held-out normalized MSE at or below which a network passes.</param>
/// <param name="ProbeTrialCount">Number of fixed probe trials (probe set = count × T samples).</param>
public sealed record FlipFlopTask(
    int Bits = 3,
    int TimeSteps = 100,
    double PulseProbability = 0.05,
    double Criterion = 0.02,
    int ProbeTrialCount = 64) : ITask
{
    /// <summary>The task's name in configs and ids.</summary>
    public const string TaskName = "flipflop";

    private const ulong ProbeSeed = 0xF11F_F10F;

    /// <inheritdoc />
    [JsonIgnore]
    public string Name => TaskName;

    /// <inheritdoc />
    [JsonIgnore]
    public double RecommendedLearningRate => 0.01;

    /// <inheritdoc />
    [JsonIgnore]
    public int InputSize => Bits;

    /// <inheritdoc />
    [JsonIgnore]
    public int OutputSize => Bits;

    /// <inheritdoc />
    public TrialBatch Generate(int batchSize, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var rng = new SeededRandom(seed);
        var inputs = new float[batchSize * TimeSteps * Bits];
        var targets = new float[inputs.Length];
        var mask = new float[inputs.Length];
        Array.Fill(mask, 1f);
        Span<float> held = stackalloc float[Bits];
        for (var b = 0; b < batchSize; b++)
        {
            for (var t = 0; t < TimeSteps; t++)
            {
                for (var c = 0; c < Bits; c++)
                {
                    var e = (b * TimeSteps + t) * Bits + c;
                    if (t == 0 || rng.NextDouble() < PulseProbability)
                    {
                        held[c] = rng.NextSign();
                        inputs[e] = held[c];
                    }
                    targets[e] = held[c];
                }
            }
        }
        return new TrialBatch(batchSize, TimeSteps, Bits, Bits, inputs, targets, mask);
    }

    /// <inheritdoc />
    public IReadOnlyList<AnalysisCondition> AnalysisConditions() => [new("zero-input", new float[Bits])];

    /// <inheritdoc />
    public TrialBatch ProbeTrials() => Generate(ProbeTrialCount, ProbeSeed);

    /// <summary>Share of output elements whose sign matches the held bit.</summary>
    public double Accuracy(TrialBatch trials, ReadOnlySpan<float> outputs) => TaskMetrics.SignAccuracy(trials, outputs);

    /// <summary>The task with the parameters of a <c>[task]</c> table (docs/config.md), defaults for absent keys.</summary>
    public static FlipFlopTask Read(IConfigSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        var d = new FlipFlopTask();
        return new FlipFlopTask(
            section.Int("bits", d.Bits),
            section.Int("time_steps", d.TimeSteps),
            section.Double("pulse_probability", d.PulseProbability),
            section.Double("criterion", d.Criterion),
            section.Int("probe_trials", d.ProbeTrialCount));
    }

    /// <inheritdoc />
    public void Validate()
    {
        InvalidConfigurationException.ThrowIfOutside("task.bits", Bits, 1, 64);
        InvalidConfigurationException.ThrowIfOutside("task.time_steps", TimeSteps, 2, 100_000);
        InvalidConfigurationException.ThrowIfOutside("task.pulse_probability", PulseProbability, 0.0, 1.0);
        InvalidConfigurationException.ThrowIfOutside("task.criterion", Criterion, 1e-9, 10.0);
        InvalidConfigurationException.ThrowIfOutside("task.probe_trials", ProbeTrialCount, 1, 100_000);
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Bits}-bit flip-flop (T={TimeSteps})");
}

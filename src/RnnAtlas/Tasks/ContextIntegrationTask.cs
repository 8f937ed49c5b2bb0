using System.Text.Json.Serialization;
using System.Globalization;
using RnnAtlas.Numerics;

namespace RnnAtlas.Tasks;

/// <summary>
/// Context-dependent integration: two noisy streams u_k(t) = μ_k + σ·ε (μ_k ~ U(−1, 1) per trial) and a static one-hot
/// context over two channels; inputs are [u₁, u₂, context₁, context₂]. The single output is the running sum of the cued
/// stream times <see cref="EffectiveGain"/>. Trained networks hold an approximate line attractor per context.
/// </summary>
/// <param name="TimeSteps">Trial length T.</param>
/// <param name="Noise">Stream noise standard deviation σ.</param>
/// <param name="Gain">Output gain on the running sum; null means 1/T.</param>
/// <param name="Criterion">Held-out normalized MSE at or below which a network passes.</param>
/// <param name="ProbeTrialCount">Number of fixed probe trials.</param>
public sealed record ContextIntegrationTask(
    int TimeSteps = 30,
    double Noise = 1.0,
    double? Gain = null,
    double Criterion = 0.05,
    int ProbeTrialCount = 128) : ITask
{
    /// <summary>The task's name in configs and ids.</summary>
    public const string TaskName = "integration";

    private const int Streams = 2;
    private const ulong ProbeSeed = 0x1A7E_6EA7;

    /// <inheritdoc />
    [JsonIgnore]
    public string Name => TaskName;

    /// <inheritdoc />
    [JsonIgnore]
    public double RecommendedLearningRate => 0.01;

    /// <inheritdoc />
    [JsonIgnore]
    public int InputSize => 2 * Streams;

    /// <inheritdoc />
    [JsonIgnore]
    public int OutputSize => 1;

    /// <summary>The gain in force: <see cref="Gain"/> or 1/T.</summary>
    [JsonIgnore]
    public double EffectiveGain => Gain ?? 1.0 / TimeSteps;

    /// <inheritdoc />
    public TrialBatch Generate(int batchSize, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var rng = new SeededRandom(seed);
        var inputs = new float[batchSize * TimeSteps * InputSize];
        var targets = new float[batchSize * TimeSteps];
        var mask = new float[targets.Length];
        Array.Fill(mask, 1f);
        Span<double> means = stackalloc double[Streams];
        for (var b = 0; b < batchSize; b++)
        {
            for (var k = 0; k < Streams; k++)
            {
                means[k] = rng.NextUniform(-1, 1);
            }
            var context = (int)(rng.NextUInt64() >> 63);
            double sum = 0;
            for (var t = 0; t < TimeSteps; t++)
            {
                var row = (b * TimeSteps + t) * InputSize;
                for (var k = 0; k < Streams; k++)
                {
                    inputs[row + k] = (float)(means[k] + Noise * rng.NextGaussian());
                }
                inputs[row + Streams + context] = 1f;
                sum += inputs[row + context];
                targets[b * TimeSteps + t] = (float)(EffectiveGain * sum);
            }
        }
        return new TrialBatch(batchSize, TimeSteps, InputSize, 1, inputs, targets, mask);
    }

    /// <inheritdoc />
    public IReadOnlyList<AnalysisCondition> AnalysisConditions() =>
    [
        .. Enumerable.Range(0, Streams).Select(k =>
        {
            var input = new float[InputSize];
            input[Streams + k] = 1f;
            return new AnalysisCondition(string.Create(CultureInfo.InvariantCulture, $"context-{k + 1}"), input);
        }),
    ];

    /// <inheritdoc />
    public TrialBatch ProbeTrials() => Generate(ProbeTrialCount, ProbeSeed);

    /// <summary>Share of trials whose final output has the sign of the final target (the integrated decision).</summary>
    public double Accuracy(TrialBatch trials, ReadOnlySpan<float> outputs)
    {
        ArgumentNullException.ThrowIfNull(trials);
        var correct = 0;
        for (var b = 0; b < trials.BatchSize; b++)
        {
            var last = b * trials.TimeSteps + trials.TimeSteps - 1;
            if (Math.Sign(outputs[last]) == Math.Sign(trials.Targets[last]))
            {
                correct++;
            }
        }
        return (double)correct / trials.BatchSize;
    }

    /// <summary>The task with the parameters of a <c>[task]</c> table (docs/config.md), defaults for absent keys.</summary>
    public static ContextIntegrationTask Read(IConfigSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        var d = new ContextIntegrationTask();
        return new ContextIntegrationTask(
            section.Int("time_steps", d.TimeSteps),
            section.Double("noise", d.Noise),
            section.Has("gain") ? section.Double("gain", 0) : null,
            section.Double("criterion", d.Criterion),
            section.Int("probe_trials", d.ProbeTrialCount));
    }

    /// <inheritdoc />
    public void Validate()
    {
        InvalidConfigurationException.ThrowIfOutside("task.time_steps", TimeSteps, 2, 100_000);
        InvalidConfigurationException.ThrowIfOutside("task.noise", Noise, 0.0, 100.0);
        if (Gain is { } g)
        {
            InvalidConfigurationException.ThrowIfOutside("task.gain", g, 1e-9, 1e6);
        }
        InvalidConfigurationException.ThrowIfOutside("task.criterion", Criterion, 1e-9, 10.0);
        InvalidConfigurationException.ThrowIfOutside("task.probe_trials", ProbeTrialCount, 1, 100_000);
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"context-dependent integration (T={TimeSteps})");
}

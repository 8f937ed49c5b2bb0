using System.Text.Json.Serialization;
using System.Globalization;
using RnnAtlas.Numerics;

namespace RnnAtlas.Tasks;

/// <summary>
/// Frequency-cued sine wave: a static scalar input x ∈ [0, 1] (uniform per trial) selects the frequency
/// f = <see cref="MinFrequency"/> + <see cref="FrequencySlope"/>·x cycles per step; the target is sin(2π f t).
/// Trained networks oscillate around an input-dependent fixed point with an unstable oscillatory mode.
/// </summary>
/// <param name="TimeSteps">Trial length T.</param>
/// <param name="MinFrequency">Frequency at x = 0, cycles per step.</param>
/// <param name="FrequencySlope">Frequency gained per unit of x.</param>
/// <param name="GridSize">Number of static inputs, evenly spaced over [0, 1], used as analysis conditions.</param>
/// <param name="Criterion">Held-out normalized MSE at or below which a network passes.</param>
/// <param name="ProbeTrialCount">Number of probe trials, with inputs evenly spaced over [0, 1].</param>
public sealed record SineWaveTask(
    int TimeSteps = 500,
    double MinFrequency = 0.01,
    double FrequencySlope = 0.04,
    int GridSize = 11,
    double Criterion = 0.1,
    int ProbeTrialCount = 16) : ITask
{
    /// <summary>The task's name in configs and ids.</summary>
    public const string TaskName = "sine";

    /// <inheritdoc />
    [JsonIgnore]
    public string Name => TaskName;

    /// <inheritdoc />
    [JsonIgnore]
    public double RecommendedLearningRate => 0.001;

    /// <inheritdoc />
    [JsonIgnore]
    public int InputSize => 1;

    /// <inheritdoc />
    [JsonIgnore]
    public int OutputSize => 1;

    /// <summary>Target frequency (cycles per step) for static input <paramref name="x"/>.</summary>
    public double Frequency(double x) => MinFrequency + FrequencySlope * x;

    /// <inheritdoc />
    public TrialBatch Generate(int batchSize, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var rng = new SeededRandom(seed);
        var cues = new double[batchSize];
        for (var b = 0; b < batchSize; b++)
        {
            cues[b] = (float)rng.NextDouble();
        }
        return Build(cues);
    }

    /// <inheritdoc />
    public IReadOnlyList<AnalysisCondition> AnalysisConditions() =>
        [.. Grid(GridSize).Select(x => new AnalysisCondition(string.Create(CultureInfo.InvariantCulture, $"x={x:0.###}"), [(float)x]))];

    /// <inheritdoc />
    public TrialBatch ProbeTrials() => Build(Grid(ProbeTrialCount));

    /// <summary>Share of trials whose own normalized MSE meets <see cref="Criterion"/>.</summary>
    public double Accuracy(TrialBatch trials, ReadOnlySpan<float> outputs)
    {
        ArgumentNullException.ThrowIfNull(trials);
        var passed = 0;
        for (var b = 0; b < trials.BatchSize; b++)
        {
            double error = 0, power = 0;
            for (var t = 0; t < trials.TimeSteps; t++)
            {
                var e = b * trials.TimeSteps + t;
                var d = (double)outputs[e] - trials.Targets[e];
                error += d * d;
                power += (double)trials.Targets[e] * trials.Targets[e];
            }
            if (power > 0 && error / power <= Criterion)
            {
                passed++;
            }
        }
        return (double)passed / trials.BatchSize;
    }

    /// <summary>The task with the parameters of a <c>[task]</c> table (docs/config.md), defaults for absent keys.</summary>
    public static SineWaveTask Read(IConfigSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        var d = new SineWaveTask();
        return new SineWaveTask(
            section.Int("time_steps", d.TimeSteps),
            section.Double("min_frequency", d.MinFrequency),
            section.Double("frequency_slope", d.FrequencySlope),
            section.Int("grid_size", d.GridSize),
            section.Double("criterion", d.Criterion),
            section.Int("probe_trials", d.ProbeTrialCount));
    }

    /// <inheritdoc />
    public void Validate()
    {
        InvalidConfigurationException.ThrowIfOutside("task.time_steps", TimeSteps, 2, 100_000);
        InvalidConfigurationException.ThrowIfOutside("task.min_frequency", MinFrequency, 0.0, 0.5);
        InvalidConfigurationException.ThrowIfOutside("task.frequency_slope", FrequencySlope, 0.0, 0.5 - MinFrequency);
        InvalidConfigurationException.ThrowIfOutside("task.grid_size", GridSize, 1, 10_000);
        InvalidConfigurationException.ThrowIfOutside("task.criterion", Criterion, 1e-9, 10.0);
        InvalidConfigurationException.ThrowIfOutside("task.probe_trials", ProbeTrialCount, 1, 100_000);
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"frequency-cued sine wave (T={TimeSteps})");

    private static double[] Grid(int count) =>
        count == 1 ? [0.5] : [.. Enumerable.Range(0, count).Select(i => (double)i / (count - 1))];

    private TrialBatch Build(double[] cues)
    {
        // The target frequency is computed from the float32 cue the network receives, so the input fully determines it.
        var batch = cues.Length;
        var inputs = new float[batch * TimeSteps];
        var targets = new float[batch * TimeSteps];
        var mask = new float[batch * TimeSteps];
        Array.Fill(mask, 1f);
        for (var b = 0; b < batch; b++)
        {
            var cue = (float)cues[b];
            var f = Frequency(cue);
            for (var t = 0; t < TimeSteps; t++)
            {
                inputs[b * TimeSteps + t] = cue;
                targets[b * TimeSteps + t] = (float)Math.Sin(2 * Math.PI * f * t);
            }
        }
        return new TrialBatch(batch, TimeSteps, 1, 1, inputs, targets, mask);
    }
}

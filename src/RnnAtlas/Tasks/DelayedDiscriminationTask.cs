using System.Globalization;
using System.Text.Json.Serialization;
using RnnAtlas.Numerics;

namespace RnnAtlas.Tasks;

/// <summary>
/// Delayed discrimination (the vibrotactile task of Romo et al. 1999): a first stimulus f1 (a pulse of amplitude f1 on
/// input channel 0 for <see cref="StimulusSteps"/> steps), a delay of <see cref="MinDelay"/>–<see cref="MaxDelay"/> steps
/// (uniform, per trial), a second stimulus f2 on the same channel, then a go cue (channel 1 = 1) for
/// <see cref="ResponseSteps"/> steps during which the single output must be sign(f1 − f2); it is 0 before. f1 and f2 are
/// uniform on [−1, 1] with |f1 − f2| ≥ <see cref="MinDifference"/>. Every trial ends with the second stimulus and the
/// response, so a variable delay shifts the first stimulus; the network must hold f1 through the delay (a line
/// attractor, in trained networks) and compare it with f2 (two decision attractors).
/// </summary>
/// <param name="StimulusSteps">Steps each stimulus lasts.</param>
/// <param name="MinDelay">Shortest delay between the stimuli.</param>
/// <param name="MaxDelay">Longest delay.</param>
/// <param name="ResponseSteps">Steps of the response period (go cue on).</param>
/// <param name="MinDifference">Smallest |f1 − f2|.</param>
/// <param name="Criterion">Held-out normalized MSE at or below which a network passes.</param>
/// <param name="ProbeTrialCount">Number of fixed probe trials.</param>
public sealed record DelayedDiscriminationTask(
    int StimulusSteps = 5,
    int MinDelay = 10,
    int MaxDelay = 30,
    int ResponseSteps = 10,
    double MinDifference = 0.2,
    double Criterion = 0.1,
    int ProbeTrialCount = 128) : ITask
{
    /// <summary>The task's name in configs and ids.</summary>
    public const string TaskName = "delayeddiscrimination";

    /// <summary>Input channel of the stimuli.</summary>
    public const int StimulusChannel = 0;

    /// <summary>Input channel of the go cue.</summary>
    public const int GoChannel = 1;

    /// <summary>The stimulus amplitudes at which fixed points are sought with the stimulus held.</summary>
    public static IReadOnlyList<double> StimulusGrid { get; } = [-1, -0.5, 0, 0.5, 1];

    private const int Lead = 2;
    private const ulong ProbeSeed = 0xDE1A_7ED0;

    /// <inheritdoc />
    [JsonIgnore]
    public string Name => TaskName;

    /// <summary>0.003: at 0.01 a vanilla-tanh network (H = 64, seed 0) stayed at NMSE 1.0 for 3,000 iterations; at 0.003 it passes.</summary>
    [JsonIgnore]
    public double RecommendedLearningRate => 0.003;

    /// <inheritdoc />
    [JsonIgnore]
    public int InputSize => 2;

    /// <inheritdoc />
    [JsonIgnore]
    public int OutputSize => 1;

    /// <inheritdoc />
    [JsonIgnore]
    public int TimeSteps => Lead + StimulusSteps + MaxDelay + StimulusSteps + ResponseSteps;

    /// <summary>First step of the response period (the same in every trial).</summary>
    [JsonIgnore]
    public int ResponseStart => TimeSteps - ResponseSteps;

    /// <inheritdoc />
    public TrialBatch Generate(int batchSize, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var rng = new SeededRandom(seed);
        var inputs = new float[batchSize * TimeSteps * InputSize];
        var targets = new float[batchSize * TimeSteps];
        var mask = new float[targets.Length];
        Array.Fill(mask, 1f);
        for (var b = 0; b < batchSize; b++)
        {
            var f1 = rng.NextUniform(-1, 1);
            double f2;
            do
            {
                f2 = rng.NextUniform(-1, 1);
            }
            while (Math.Abs(f1 - f2) < MinDifference);
            var delay = MinDelay + (int)(rng.NextUInt64() % (ulong)(MaxDelay - MinDelay + 1));
            var second = ResponseStart - StimulusSteps;
            var first = second - delay - StimulusSteps;
            for (var t = 0; t < StimulusSteps; t++)
            {
                inputs[((b * TimeSteps) + first + t) * InputSize + StimulusChannel] = (float)f1;
                inputs[((b * TimeSteps) + second + t) * InputSize + StimulusChannel] = (float)f2;
            }
            for (var t = ResponseStart; t < TimeSteps; t++)
            {
                inputs[((b * TimeSteps) + t) * InputSize + GoChannel] = 1f;
                targets[b * TimeSteps + t] = f1 > f2 ? 1f : -1f;
            }
        }
        return new TrialBatch(batchSize, TimeSteps, InputSize, 1, inputs, targets, mask);
    }

    /// <summary>
    /// The delay (no input: where f1 is held), each stimulus of <see cref="StimulusGrid"/> held, and the response period
    /// (go cue on: where the decision is read out).
    /// </summary>
    public IReadOnlyList<AnalysisCondition> AnalysisConditions() =>
    [
        new AnalysisCondition("delay", new float[InputSize]),
        .. StimulusGrid.Select(f =>
        {
            var input = new float[InputSize];
            input[StimulusChannel] = (float)f;
            return new AnalysisCondition(string.Create(CultureInfo.InvariantCulture, $"stimulus{f:+0.0;-0.0;0.0}"), input);
        }),
        new AnalysisCondition("response", [0f, 1f]),
    ];

    /// <inheritdoc />
    public TrialBatch ProbeTrials() => Generate(ProbeTrialCount, ProbeSeed);

    /// <summary>Share of trials whose mean output over the response period has the sign of sign(f1 − f2).</summary>
    public double Accuracy(TrialBatch trials, ReadOnlySpan<float> outputs)
    {
        ArgumentNullException.ThrowIfNull(trials);
        var correct = 0;
        for (var b = 0; b < trials.BatchSize; b++)
        {
            double sum = 0;
            for (var t = trials.TimeSteps - ResponseSteps; t < trials.TimeSteps; t++)
            {
                sum += outputs[b * trials.TimeSteps + t];
            }
            if (Math.Sign(sum) == Math.Sign(trials.Targets[b * trials.TimeSteps + trials.TimeSteps - 1]))
            {
                correct++;
            }
        }
        return (double)correct / trials.BatchSize;
    }

    /// <summary>The task with the parameters of a <c>[task]</c> table (docs/config.md), defaults for absent keys.</summary>
    public static DelayedDiscriminationTask Read(IConfigSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        var d = new DelayedDiscriminationTask();
        return new DelayedDiscriminationTask(
            section.Int("stimulus_steps", d.StimulusSteps),
            section.Int("min_delay", d.MinDelay),
            section.Int("max_delay", d.MaxDelay),
            section.Int("response_steps", d.ResponseSteps),
            section.Double("min_difference", d.MinDifference),
            section.Double("criterion", d.Criterion),
            section.Int("probe_trials", d.ProbeTrialCount));
    }

    /// <inheritdoc />
    public void Validate()
    {
        InvalidConfigurationException.ThrowIfOutside("task.stimulus_steps", StimulusSteps, 1, 10_000);
        InvalidConfigurationException.ThrowIfOutside("task.min_delay", MinDelay, 0, 100_000);
        InvalidConfigurationException.ThrowIfOutside("task.max_delay", MaxDelay, MinDelay, 100_000);
        InvalidConfigurationException.ThrowIfOutside("task.response_steps", ResponseSteps, 1, 10_000);
        InvalidConfigurationException.ThrowIfOutside("task.min_difference", MinDifference, 0.0, 1.9);
        InvalidConfigurationException.ThrowIfOutside("task.criterion", Criterion, 1e-9, 10.0);
        InvalidConfigurationException.ThrowIfOutside("task.probe_trials", ProbeTrialCount, 1, 100_000);
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"delayed discrimination (delay {MinDelay}–{MaxDelay}, T={TimeSteps})");
}

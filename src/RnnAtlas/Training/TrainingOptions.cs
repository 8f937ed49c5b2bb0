using System.Globalization;
using System.Text.Json.Serialization;

namespace RnnAtlas.Training;

/// <summary>
/// How every network of a sweep is trained (the learning rate and L2 are sweep axes, see <c>Populations.Sweep</c>).
/// All values are part of each network's content address.
/// </summary>
public sealed record TrainingOptions
{
    /// <summary>Optimizer; default Adam.</summary>
    public OptimizerKind Optimizer { get; init; } = OptimizerKind.Adam;

    /// <summary>Trials per minibatch, freshly generated every iteration; default 64.</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>Iteration cap; a network that has not met its criterion by then fails with that reason; default 8000.</summary>
    public int MaxIterations { get; init; } = 8000;

    /// <summary>Iterations between held-out evaluations (early-stopping checks); default 50.</summary>
    public int EvaluateEvery { get; init; } = 50;

    /// <summary>Held-out trials (one fixed set per task) used for early stopping and the final metrics; default 256.</summary>
    public int HeldOutTrials { get; init; } = 256;

    /// <summary>Global gradient-norm clip per network; default 1.</summary>
    public double GradientClipNorm { get; init; } = 1.0;

    /// <summary>Adam β₁; default 0.9.</summary>
    public double Beta1 { get; init; } = 0.9;

    /// <summary>Adam β₂; default 0.999.</summary>
    public double Beta2 { get; init; } = 0.999;

    /// <summary>Adam ε; default 1e-8.</summary>
    public double Epsilon { get; init; } = 1e-8;

    /// <summary>SGD momentum; default 0.9.</summary>
    public double Momentum { get; init; } = 0.9;

    /// <summary>SGD learning-rate decay factor per <see cref="DecaySteps"/> iterations; default 0.5.</summary>
    public double DecayRate { get; init; } = 0.5;

    /// <summary>SGD iterations over which the learning rate decays by <see cref="DecayRate"/>; default 1000.</summary>
    public int DecaySteps { get; init; } = 1000;

    /// <summary>
    /// When training stops: at the criterion (the default) or after the whole budget. Omitted from the JSON at its
    /// default, so that the ids of networks trained before this option existed do not change.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public StoppingPolicy Stopping { get; init; } = StoppingPolicy.Criterion;

    /// <summary>
    /// With <see cref="StoppingPolicy.Criterion"/>: how many consecutive held-out checks must meet the criterion before a
    /// network stops and passes (unset = 1, the first; more keeps a lucky check from passing a network whose error
    /// swings). Omitted from the JSON when unset.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? CriterionChecks { get; init; }

    /// <summary>The consecutive passing checks <see cref="StoppingPolicy.Criterion"/> requires (<see cref="CriterionChecks"/>, 1 when unset).</summary>
    [JsonIgnore]
    public int ChecksToPass => CriterionChecks ?? 1;

    /// <summary>
    /// With <see cref="StoppingPolicy.Budget"/>: keep the parameters of the held-out check with the lowest error instead of
    /// the last ones (a network trained to a budget is otherwise judged at its end). Omitted from the JSON when false.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool KeepBest { get; init; }

    /// <summary>Throws <see cref="InvalidConfigurationException"/> naming the first out-of-range field.</summary>
    public void Validate()
    {
        InvalidConfigurationException.ThrowIfOutside("training.batch_size", BatchSize, 1, 65_536);
        InvalidConfigurationException.ThrowIfOutside("training.max_iterations", MaxIterations, 1, 100_000_000);
        InvalidConfigurationException.ThrowIfOutside("training.evaluate_every", EvaluateEvery, 1, 100_000_000);
        InvalidConfigurationException.ThrowIfOutside("training.held_out_trials", HeldOutTrials, 1, 1_000_000);
        InvalidConfigurationException.ThrowIfOutside("training.gradient_clip_norm", GradientClipNorm, 1e-12, 1e12);
        InvalidConfigurationException.ThrowIfOutside("training.beta1", Beta1, 0.0, 0.999999);
        InvalidConfigurationException.ThrowIfOutside("training.beta2", Beta2, 0.0, 0.99999999);
        InvalidConfigurationException.ThrowIfOutside("training.epsilon", Epsilon, 1e-300, 1.0);
        InvalidConfigurationException.ThrowIfOutside("training.momentum", Momentum, 0.0, 0.999999);
        InvalidConfigurationException.ThrowIfOutside("training.decay_rate", DecayRate, 1e-12, 1.0);
        InvalidConfigurationException.ThrowIfOutside("training.decay_steps", DecaySteps, 1, 100_000_000);
        InvalidConfigurationException.ThrowIfOutside("training.criterion_checks", ChecksToPass, 1, 1000);
        if (Stopping == StoppingPolicy.Budget && CriterionChecks is { } checks)
        {
            throw new InvalidConfigurationException("training.criterion_checks", checks.ToString(CultureInfo.InvariantCulture), "applies to stopping = \"criterion\" only (a budget is judged at its end)");
        }
        if (Stopping == StoppingPolicy.Criterion && KeepBest)
        {
            throw new InvalidConfigurationException("training.keep_best", "true", "applies to stopping = \"budget\" only (at the criterion the network stops at its passing check)");
        }
    }
}

using System.Diagnostics;
using System.Globalization;
using RnnAtlas.Networks;
using RnnAtlas.Numerics;
using RnnAtlas.Tasks;

namespace RnnAtlas.Training;

/// <summary>
/// Trains one network by minibatch BPTT on freshly generated trials: masked MSE + L2, per-network gradient-norm
/// clipping, Adam or SGD, early stopping on held-out normalized MSE, an iteration cap, and a stop with a recorded
/// reason when the loss or gradient becomes NaN/Inf.
/// </summary>
/// <remarks>
/// Trial batches come from <c>Derive(seed, iteration)</c> and the initialization from <c>Derive(seed, "init")</c>, and every
/// kernel has a fixed summation order, so the weights depend only on the config, never on threads or timing.
/// </remarks>
public sealed class NetworkTrainer
{
    private const ulong HeldOutSeed = 0x4E1D_0B7A_11CE;
    private const ulong ValidationSeed = 0x7A11_DA7E_5E7;
    private readonly NetworkConfig _config;
    private readonly NetworkUnroll<float> _unroll;

    /// <summary>Prepares to train <paramref name="config"/> in <paramref name="unroll"/>, a workspace of the config's shape.</summary>
    public NetworkTrainer(NetworkConfig config, NetworkUnroll<float> unroll)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(unroll);
        if (unroll.TimeSteps != config.Task.TimeSteps || unroll.BatchCapacity < config.Training.BatchSize)
        {
            throw new ArgumentException("workspace does not fit the task's trial length and the batch size", nameof(unroll));
        }
        _config = config;
        _unroll = unroll;
    }

    /// <summary>Seed of the initial parameters of a network with seed <paramref name="seed"/>.</summary>
    public static ulong InitializationSeed(int seed) => SeededRandom.Derive((ulong)seed, "init");

    /// <summary>The fixed held-out trials of <paramref name="task"/> (shared by every network of the task).</summary>
    public static TrialBatch HeldOutTrials(ITask task, int count)
    {
        ArgumentNullException.ThrowIfNull(task);
        return task.Generate(count, SeededRandom.Derive(HeldOutSeed, task.Name));
    }

    /// <summary>
    /// The validation set of <paramref name="task"/>: <paramref name="count"/> trials from a seed of their own, never the
    /// held-out set's, on which hyperparameter-search samples are scored.
    /// </summary>
    public static TrialBatch ValidationTrials(ITask task, int count)
    {
        ArgumentNullException.ThrowIfNull(task);
        return task.Generate(count, SeededRandom.Derive(ValidationSeed, task.Name));
    }

    /// <summary>Trains to the criterion or the cap; <paramref name="iterationsDone"/> receives a count every iteration.</summary>
    /// <exception cref="OperationCanceledException">Cancelled; nothing is returned or written.</exception>
    public TrainingResult Train(CancellationToken cancellation, Action<int>? iterationsDone = null)
    {
        var clock = Stopwatch.StartNew();
        var options = _config.Training;
        var task = _config.Task;
        var shape = _config.Shape;
        var parameters = NetworkParameters<float>.Initialize(shape, InitializationSeed(_config.Seed));
        var optimizer = IOptimizer.Create(options, _config.LearningRate, parameters.Values.Length);
        var gradient = new float[parameters.Values.Length];
        var batch = options.BatchSize;
        var rows = batch * task.TimeSteps;
        var inputs = new float[rows * task.InputSize];
        var targets = new float[rows * task.OutputSize];
        var mask = new float[rows * task.OutputSize];
        var outputGradient = new float[rows * task.OutputSize];
        var heldOut = _config.SearchSample is null ? HeldOutTrials(task, options.HeldOutTrials) : ValidationTrials(task, options.HeldOutTrials);
        var weightTensors = parameters.Layout.Tensors.Where(t => t.IsWeight).ToArray();
        var curve = new List<TrainingCurvePoint>();
        string? failure = null;
        var iteration = 0;
        var evaluation = (Nmse: double.NaN, Accuracy: double.NaN);
        var cap = _config.IterationCap;
        var budget = options.Stopping == StoppingPolicy.Budget;
        var passingChecks = 0;
        var keep = budget && options.KeepBest && _config.Snapshot is null ? new BestCheck(parameters.Values.Length) : null;
        while (iteration < cap)
        {
            cancellation.ThrowIfCancellationRequested();
            iteration++;
            var trials = task.Generate(batch, SeededRandom.Derive((ulong)_config.Seed, (ulong)iteration));
            TimeMajor.FromTrials(trials.Inputs, batch, task.TimeSteps, task.InputSize, inputs.AsSpan());
            TimeMajor.FromTrials(trials.Targets, batch, task.TimeSteps, task.OutputSize, targets.AsSpan());
            TimeMajor.FromTrials(trials.Mask, batch, task.TimeSteps, task.OutputSize, mask.AsSpan());
            _unroll.Forward(parameters, inputs, batch, default);
            var loss = MaskedMseLoss.Evaluate<float>(_unroll.Outputs, targets, mask, outputGradient);
            _unroll.Backward(parameters, inputs, outputGradient, default, gradient, default, default);
            loss += AddL2(parameters, gradient, weightTensors);
            var norm = Norm(gradient);
            iterationsDone?.Invoke(iteration);
            if (!double.IsFinite(loss) || !double.IsFinite(norm))
            {
                curve.Add(new TrainingCurvePoint(iteration, loss, norm, null));
                failure = string.Create(CultureInfo.InvariantCulture, $"diverged: non-finite {(double.IsFinite(loss) ? "gradient" : "loss")} at iteration {iteration}");
                break;
            }
            if (norm > options.GradientClipNorm)
            {
                System.Numerics.Tensors.TensorPrimitives.Multiply(gradient, (float)(options.GradientClipNorm / norm), gradient);
            }
            optimizer.Step(parameters.Values, gradient, iteration);
            double? heldOutNmse = null;
            if (iteration % options.EvaluateEvery == 0 || iteration == cap)
            {
                evaluation = Evaluate(parameters, heldOut);
                heldOutNmse = evaluation.Nmse;
            }
            curve.Add(new TrainingCurvePoint(iteration, loss, norm, heldOutNmse));
            if (heldOutNmse is not { } nmse)
            {
                continue;
            }
            passingChecks = nmse <= task.Criterion ? passingChecks + 1 : 0;
            keep?.Offer(nmse, iteration, evaluation, parameters.Values);
            if (!double.IsFinite(nmse) || !budget && passingChecks >= options.ChecksToPass)
            {
                break;
            }
        }
        if (failure is null && (curve.Count == 0 || curve[^1].HeldOutNmse is null))
        {
            evaluation = Evaluate(parameters, heldOut);
        }
        var judged = iteration;
        if (failure is null && double.IsFinite(evaluation.Nmse) && keep?.Iteration is { } best)
        {
            keep.Restore(parameters.Values);
            (evaluation, judged) = (keep.Evaluation, best);
        }
        var passed = failure is null && evaluation.Nmse <= task.Criterion && (budget || options.ChecksToPass == 1 || passingChecks >= options.ChecksToPass);
        var reason = failure ?? (_config.Snapshot is not null
            ? string.Create(CultureInfo.InvariantCulture, $"{_config.Stage} snapshot: held-out NMSE {evaluation.Nmse:0.####} after {iteration} iterations")
            : !double.IsFinite(evaluation.Nmse)
            ? string.Create(CultureInfo.InvariantCulture, $"diverged: non-finite held-out outputs at iteration {iteration}")
            : budget
            ? string.Create(CultureInfo.InvariantCulture, $"budget of {iteration} iterations: {(_config.SearchSample is null ? "held-out" : "validation")} NMSE {evaluation.Nmse:0.####} {(passed ? "≤" : ">")} criterion {task.Criterion}{(judged != iteration ? $" at the best check (iteration {judged})" : " at the end")}")
            : passed
            ? string.Create(CultureInfo.InvariantCulture, $"held-out NMSE {evaluation.Nmse:0.####} ≤ criterion {task.Criterion} at iteration {iteration}{(options.ChecksToPass > 1 ? $" ({options.ChecksToPass} consecutive checks)" : "")}")
            : evaluation.Nmse <= task.Criterion
            ? string.Create(CultureInfo.InvariantCulture, $"held-out NMSE {evaluation.Nmse:0.####} ≤ criterion {task.Criterion} at the cap ({iteration} iterations), but on {passingChecks} of the {options.ChecksToPass} consecutive checks required")
            : string.Create(CultureInfo.InvariantCulture, $"held-out NMSE {evaluation.Nmse:0.####} > criterion {task.Criterion} after {iteration} iterations (cap)"));
        var metrics = new NetworkMetrics
        {
            Id = _config.Id.Value,
            Status = passed ? TrainingStatus.Passed : TrainingStatus.Failed,
            Reason = reason,
            HeldOutNmse = evaluation.Nmse,
            Accuracy = evaluation.Accuracy,
            Criterion = task.Criterion,
            Iterations = iteration,
            WallSeconds = clock.Elapsed.TotalSeconds,
        };
        return new TrainingResult(metrics, parameters, curve);
    }

    /// <summary>Held-out normalized MSE and task accuracy, run in chunks of the workspace's batch capacity.</summary>
    private (double Nmse, double Accuracy) Evaluate(NetworkParameters<float> parameters, TrialBatch heldOut)
    {
        var task = _config.Task;
        var outputs = new float[heldOut.Targets.Length];
        var chunkInputs = new float[_unroll.BatchCapacity * task.TimeSteps * task.InputSize];
        for (var start = 0; start < heldOut.BatchSize; start += _unroll.BatchCapacity)
        {
            var count = Math.Min(_unroll.BatchCapacity, heldOut.BatchSize - start);
            var slice = heldOut.Inputs.AsSpan(start * task.TimeSteps * task.InputSize, count * task.TimeSteps * task.InputSize);
            var inputs = chunkInputs.AsSpan(0, count * task.TimeSteps * task.InputSize);
            TimeMajor.FromTrials(slice, count, task.TimeSteps, task.InputSize, inputs);
            _unroll.Forward(parameters, inputs, count, default);
            TimeMajor.ToTrials(_unroll.Outputs, count, task.TimeSteps, task.OutputSize)
                .CopyTo(outputs.AsSpan(start * task.TimeSteps * task.OutputSize));
        }
        return (TaskMetrics.NormalizedMse(heldOut, outputs), task.Accuracy(heldOut, outputs));
    }

    private double AddL2(NetworkParameters<float> parameters, Span<float> gradient, ParameterTensor[] weights)
    {
        if (_config.L2 == 0)
        {
            return 0;
        }
        double penalty = 0;
        var twiceL2 = (float)(2 * _config.L2);
        foreach (var tensor in weights)
        {
            var w = parameters.Values.AsSpan(tensor.Offset, tensor.Length);
            var g = gradient.Slice(tensor.Offset, tensor.Length);
            penalty += System.Numerics.Tensors.TensorPrimitives.SumOfSquares<float>(w);
            System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(w, twiceL2, g, g);
        }
        return _config.L2 * penalty;
    }

    private static double Norm(ReadOnlySpan<float> gradient)
    {
        double sum = 0;
        foreach (var g in gradient)
        {
            sum += (double)g * g;
        }
        return Math.Sqrt(sum);
    }

    /// <summary>The parameters of the held-out check with the lowest error so far (<see cref="TrainingOptions.KeepBest"/>).</summary>
    private sealed class BestCheck(int parameterCount)
    {
        private readonly float[] _values = new float[parameterCount];
        private double _nmse = double.PositiveInfinity;

        /// <summary>The iteration of the best check, null before any finite one.</summary>
        public int? Iteration { get; private set; }

        /// <summary>The best check's held-out evaluation.</summary>
        public (double Nmse, double Accuracy) Evaluation { get; private set; }

        /// <summary>Keeps <paramref name="values"/> when <paramref name="nmse"/> is the lowest so far.</summary>
        public void Offer(double nmse, int iteration, (double Nmse, double Accuracy) evaluation, ReadOnlySpan<float> values)
        {
            if (nmse < _nmse)
            {
                _nmse = nmse;
                Iteration = iteration;
                Evaluation = evaluation;
                values.CopyTo(_values);
            }
        }

        /// <summary>Writes the best check's parameters into <paramref name="values"/>.</summary>
        public void Restore(Span<float> values) => _values.CopyTo(values);
    }
}

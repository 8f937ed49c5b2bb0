using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using RnnAtlas.Networks;
using RnnAtlas.Storage;
using RnnAtlas.Tasks;
using RnnAtlas.Training;

namespace RnnAtlas.Studies.Import;

/// <summary>A network read, mapped and scored, ready to be stored in a study.</summary>
/// <param name="Config">Its config: the task, the cell and sizes from the weights, and where they came from.</param>
/// <param name="Parameters">The weights in RnnAtlas's layout.</param>
/// <param name="Metrics">Its score on the task's held-out trials (passed when it meets the task's criterion).</param>
public sealed record ImportedNetwork(NetworkConfig Config, NetworkParameters<float> Parameters, NetworkMetrics Metrics);

/// <summary>
/// Brings a network trained elsewhere (PyTorch, or anything that writes the same state dict) into a study. Reading,
/// mapping and scoring come first and touch nothing (<see cref="Prepare"/>); storing is a separate step
/// (<see cref="Save"/>), so that a bad file among many leaves the study as it was.
/// </summary>
public static class NetworkImport
{
    /// <summary>Reads the weights of <paramref name="request"/>, maps them onto the cell and scores the network on the task's held-out trials.</summary>
    /// <exception cref="InvalidDataException">The file cannot be read or does not hold such a network; the message names the file and the tensor.</exception>
    public static ImportedNetwork Prepare(ImportRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var clock = Stopwatch.StartNew();
        var (parameters, format, prefix, readoutPrefix, zeros) = StateDict.Map(request);
        string sha256;
        using (var stream = InputFile.OpenRead(request.Weights))
        {
            sha256 = Convert.ToHexStringLower(SHA256.HashData(stream));
        }
        var task = request.Task is CustomTask { OutputSize: CustomTask.OutputsFromReadout } custom ? custom with { OutputSize = parameters.Shape.OutputSize } : request.Task;
        if (task is CustomTask { InitialState: { } start } own && start.Length != parameters.Shape.StateSize)
        {
            throw new InvalidDataException($"{own.InitialStateSource}: {start.Length} values, but the {request.Cell.ToString().ToLowerInvariant()} network of {request.Weights} has a state of {parameters.Shape.StateSize} ({(request.Cell == Cells.CellKind.Lstm ? "[h; c]" : "[h]")})");
        }
        var config = new NetworkConfig(task, request.Cell, request.Activation, parameters.Shape.HiddenSize, 0, task.RecommendedLearningRate, 0, new TrainingOptions())
        {
            Import = new ImportProvenance(Path.GetFileName(request.Weights), sha256, format, prefix, readoutPrefix, zeros),
        };
        config.Validate();
        var metrics = task is CustomTask ? Unscored(config, clock.Elapsed) : Score(config, parameters, clock.Elapsed);
        return new ImportedNetwork(config, parameters, metrics);
    }

    /// <summary>
    /// A task of your own from <paramref name="probe"/> (a .npy of shape [trials, time, inputs]) and
    /// <paramref name="conditions"/> (a .npy of shape [conditions, inputs], or [inputs] for one), its output width to be
    /// taken from the network's readout.
    /// </summary>
    /// <exception cref="InvalidDataException">A file cannot be read, has another shape, or holds a non-finite value; the message names it.</exception>
    /// <param name="probe">The probe inputs file.</param>
    /// <param name="conditions">The conditions file.</param>
    /// <param name="initialState">A .npy of shape [state] the probe trials start from ([h], or [h; c] for an LSTM); null for zero.</param>
    public static CustomTask ReadCustomTask(string probe, string conditions, string? initialState = null)
    {
        var (inputs, probeShape) = NpyFile.Read(probe);
        if (probeShape.Length != 3 || probeShape.Contains(0))
        {
            throw new InvalidDataException($"{probe}: shape ({string.Join(", ", probeShape)}) is not [trials, time, inputs]");
        }
        var (values, shape) = NpyFile.Read(conditions);
        if (shape.Length is not (1 or 2) || shape[^1] != probeShape[2])
        {
            throw new InvalidDataException($"{conditions}: shape ({string.Join(", ", shape)}) is not [conditions, {probeShape[2]}] (one constant input per row, as wide as the probe inputs of {Path.GetFileName(probe)})");
        }
        var width = probeShape[2];
        var task = new CustomTask(Path.GetFileName(probe), probeShape[0], probeShape[1], width, CustomTask.OutputsFromReadout,
            Array.ConvertAll(inputs, v => (float)v), [.. Enumerable.Range(0, values.Length / width).Select(i => Array.ConvertAll(values[(i * width)..((i + 1) * width)], v => (float)v))]);
        if (initialState is not null)
        {
            var (start, startShape) = NpyFile.Read(initialState);
            if (startShape.Length != 1)
            {
                throw new InvalidDataException($"{initialState}: shape ({string.Join(", ", startShape)}) is not [state] (one state for every trial: [h], or [h; c] for an LSTM)");
            }
            task = task with { InitialState = Array.ConvertAll(start, v => (float)v), InitialStateSource = Path.GetFileName(initialState) };
        }
        try
        {
            // The readout sets the output width; any valid width stands in for it while the files are checked.
            (task with { OutputSize = 1 }).Validate();
        }
        catch (InvalidConfigurationException e)
        {
            var file = e.Field.StartsWith("task.conditions", StringComparison.Ordinal) ? conditions : e.Field == "task.initial_state" ? initialState! : probe;
            throw new InvalidDataException($"{file}: {e.Field["task.".Length..]} = {e.Value} {e.Expected}", e);
        }
        return task;
    }

    /// <summary>Stores <paramref name="network"/> in <paramref name="study"/>; false (and nothing written) when the study already holds it.</summary>
    public static bool Save(StudyFolder study, ImportedNetwork network)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(network);
        if (study.FinishedMetrics(network.Config.Id) is not null)
        {
            return false;
        }
        study.Save(network.Config, new TrainingResult(network.Metrics, network.Parameters, []));
        return true;
    }

    /// <summary>The score on the task's held-out trials; passed when it meets the task's criterion.</summary>
    private static NetworkMetrics Score(NetworkConfig config, NetworkParameters<float> parameters, TimeSpan elapsed)
    {
        var task = config.Task;
        var heldOut = NetworkTrainer.HeldOutTrials(task, config.Training.HeldOutTrials);
        var (_, outputs) = new RecurrentNetwork<float>(parameters).Run(heldOut);
        var nmse = TaskMetrics.NormalizedMse(heldOut, outputs);
        var passed = nmse <= task.Criterion;
        return new NetworkMetrics
        {
            Id = config.Id.Value,
            Status = passed ? TrainingStatus.Passed : TrainingStatus.Failed,
            Reason = string.Create(CultureInfo.InvariantCulture, $"imported from {config.Import!.Source}: held-out NMSE {nmse:0.####} {(passed ? "≤" : double.IsFinite(nmse) ? ">" : "is not finite; criterion")} criterion {task.Criterion}"),
            HeldOutNmse = nmse,
            Accuracy = task.Accuracy(heldOut, outputs),
            Criterion = task.Criterion,
            Iterations = 0,
            WallSeconds = elapsed.TotalSeconds,
        };
    }

    /// <summary>A network of a task of your own: nothing to score it against (no targets), so it is analysed as it is.</summary>
    private static NetworkMetrics Unscored(NetworkConfig config, TimeSpan elapsed) => new()
    {
        Id = config.Id.Value,
        Status = TrainingStatus.Passed,
        Reason = $"imported from {config.Import!.Source} with a task of its own ({((CustomTask)config.Task).Source}): no targets, so not scored",
        HeldOutNmse = double.NaN,
        Accuracy = double.NaN,
        Criterion = double.NaN,
        Iterations = 0,
        WallSeconds = elapsed.TotalSeconds,
    };
}

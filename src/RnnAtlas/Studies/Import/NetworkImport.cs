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
        var task = request.Task;
        var config = new NetworkConfig(task, request.Cell, request.Activation, parameters.Shape.HiddenSize, 0, task.RecommendedLearningRate, 0, new TrainingOptions())
        {
            Import = new ImportProvenance(Path.GetFileName(request.Weights), sha256, format, prefix, readoutPrefix, zeros),
        };
        config.Validate();
        var heldOut = NetworkTrainer.HeldOutTrials(task, config.Training.HeldOutTrials);
        var (_, outputs) = new RecurrentNetwork<float>(parameters).Run(heldOut);
        var nmse = TaskMetrics.NormalizedMse(heldOut, outputs);
        var passed = nmse <= task.Criterion;
        var metrics = new NetworkMetrics
        {
            Id = config.Id.Value,
            Status = passed ? TrainingStatus.Passed : TrainingStatus.Failed,
            Reason = string.Create(CultureInfo.InvariantCulture, $"imported from {config.Import.Source}: held-out NMSE {nmse:0.####} {(passed ? "≤" : double.IsFinite(nmse) ? ">" : "is not finite; criterion")} criterion {task.Criterion}"),
            HeldOutNmse = nmse,
            Accuracy = task.Accuracy(heldOut, outputs),
            Criterion = task.Criterion,
            Iterations = 0,
            WallSeconds = clock.Elapsed.TotalSeconds,
        };
        return new ImportedNetwork(config, parameters, metrics);
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
}

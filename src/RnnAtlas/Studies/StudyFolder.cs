using System.Globalization;
using System.Text.Json;
using System.Text;
using RnnAtlas.Cells;
using RnnAtlas.Networks;
using RnnAtlas.Populations;
using RnnAtlas.Storage;
using RnnAtlas.Studies.Configuration;
using RnnAtlas.Training;

namespace RnnAtlas.Studies;

/// <summary>
/// A study on disk. Layout:
/// <code>
/// study.json                       resolved config (every sweep run into the folder)
/// networks/&lt;id&gt;/config.json        the network's full config (its content address is the id)
/// networks/&lt;id&gt;/weights.safetensors  PyTorch state-dict names + readout.weight / readout.bias
/// networks/&lt;id&gt;/training.csv       iteration, loss, gradient_norm, held_out_nmse
/// networks/&lt;id&gt;/metrics.json       quality gate; written last, so its presence marks a finished network
/// networks/&lt;id&gt;/fixedpoints.json   fixed points and their linearizations (+ fixedpoints/*.npy)
/// tables/fixedpoints.csv, .parquet  one row per fixed point of the study
/// </code>
/// Every file is written atomically (temporary file + rename).
/// </summary>
public sealed class StudyFolder : INetworkStore
{
    private const string DescriptionFile = "study.json";

    private StudyFolder(string root) => Root = root;

    /// <summary>The folder.</summary>
    public string Root { get; }

    /// <summary>Opens an existing study.</summary>
    /// <exception cref="InvalidDataException"><paramref name="root"/> is not a study folder or has another schema.</exception>
    public static StudyFolder Open(string root)
    {
        var folder = new StudyFolder(Path.GetFullPath(root));
        folder.ReadDescription();
        return folder;
    }

    /// <summary>
    /// Creates the study (or opens it) and records <paramref name="sweep"/> in its description, under the study's lock so
    /// that processes adding sweeps at once never lose one. Without a sweep (a study of imported networks) it only
    /// creates the folder and its description.
    /// </summary>
    /// <exception cref="IOException">The folder cannot be created or written, or its lock is held too long.</exception>
    public static StudyFolder CreateOrOpen(string root, Sweep? sweep, AnalysisOptions? analysis = null)
    {
        sweep?.Validate();
        analysis?.Validate("analysis");
        var folder = new StudyFolder(Path.GetFullPath(root));
        Directory.CreateDirectory(folder.Root);
        using (FileLock.Take(Path.Combine(folder.Root, ".study.lock")))
        {
            var description = File.Exists(folder.DescriptionPath) ? folder.ReadDescription() : new StudyDescription();
            var known = description.Sweeps.Select(s => JsonSerializer.Serialize(s, StudyJson.Canonical)).ToHashSet();
            var updated = description with
            {
                Sweeps = sweep is null || known.Contains(JsonSerializer.Serialize(sweep, StudyJson.Canonical)) ? description.Sweeps : [.. description.Sweeps, sweep],
                Analysis = analysis ?? description.Analysis,
            };
            if (!File.Exists(folder.DescriptionPath) || JsonSerializer.Serialize(updated, StudyJson.Canonical) != JsonSerializer.Serialize(description, StudyJson.Canonical))
            {
                AtomicFile.WriteText(folder.DescriptionPath, JsonSerializer.Serialize(updated, StudyJson.Indented));
            }
        }
        return folder;
    }

    /// <summary>The analysis settings recorded in study.json (defaults until a config gave some).</summary>
    public AnalysisOptions Analysis => ReadDescription().Analysis;

    /// <summary>Ids of every network folder that holds a config, in ordinal order.</summary>
    public IReadOnlyList<NetworkId> NetworkIds()
    {
        var networks = Path.Combine(Root, "networks");
        return Directory.Exists(networks)
            ? [.. Directory.GetDirectories(networks).Where(d => File.Exists(Path.Combine(d, "config.json"))).Select(d => new NetworkId(Path.GetFileName(d))).OrderBy(id => id.Value, StringComparer.Ordinal)]
            : [];
    }

    /// <summary>
    /// The ids of the networks <paramref name="shard"/> owns: of every network the study's sweeps plan (study.json), in
    /// ordinal id order, every n-th — the same split for every worker, whatever has finished so far.
    /// </summary>
    public IReadOnlySet<string> Owned(Shard shard)
    {
        ArgumentNullException.ThrowIfNull(shard);
        return shard.Select([.. Planned().Select(id => id.Value)]).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The networks the study's sweeps plan that have not finished training (here or in any shard), in ordinal id order.</summary>
    public IReadOnlyList<NetworkId> Unfinished() => [.. Planned().Where(id => FinishedMetrics(id) is null)];

    /// <summary>Every network the study's sweeps plan (study.json), once, in ordinal id order.</summary>
    public IReadOnlyList<NetworkId> Planned() =>
        [.. ReadDescription().Sweeps.SelectMany(s => s.Expand()).Select(c => c.Id).Distinct().OrderBy(id => id.Value, StringComparer.Ordinal)];

    /// <summary>The folder of network <paramref name="id"/>.</summary>
    public string NetworkFolder(NetworkId id) => Path.Combine(Root, "networks", id.Value);

    /// <inheritdoc />
    /// <remarks>A damaged metrics or weights file (truncated by a full disk or a copy, edited) makes the network unfinished: it is trained again rather than trusted.</remarks>
    public NetworkMetrics? FinishedMetrics(NetworkId id) => Finished(id).Metrics;

    /// <summary>
    /// The metrics of network <paramref name="id"/> when it finished training, null while it has not (no metrics.json).
    /// For the analysis stages, which must never silently leave a network out.
    /// </summary>
    /// <exception cref="InvalidDataException">It finished but its metrics or weights are damaged; the message names the file and says how to repair it.</exception>
    public NetworkMetrics? RequireFinishedMetrics(NetworkId id)
    {
        var (metrics, damage) = Finished(id);
        return damage is null ? metrics : throw new InvalidDataException(damage);
    }

    private (NetworkMetrics? Metrics, string? Damage) Finished(NetworkId id)
    {
        var folder = NetworkFolder(id);
        var metricsPath = Path.Combine(folder, "metrics.json");
        if (!File.Exists(metricsPath))
        {
            return (null, null);
        }
        var retrain = $"; run 'rnnatlas train --out {Root}' (with the study's config) to train it again";
        if (SafeTensorsFile.Damage(Path.Combine(folder, "weights.safetensors")) is { } damage)
        {
            return (null, damage + retrain);
        }
        try
        {
            var metrics = StudyJson.Read<NetworkMetrics>(metricsPath);
            return metrics.Schema != NetworkMetrics.CurrentSchema ? (null, $"{metricsPath}: schema {metrics.Schema} is not {NetworkMetrics.CurrentSchema}{retrain}")
                : metrics.Id != id.Value ? (null, $"{metricsPath}: id {metrics.Id} is not the folder's {id.Value} (a copied or renamed network folder: remove it)")
                : (metrics, null);
        }
        catch (InvalidDataException e)
        {
            return (null, e.Message + retrain);
        }
    }

    /// <inheritdoc />
    public IDisposable? TryClaim(NetworkId id, string stage) => ClaimFile.TryTake(Path.Combine(NetworkFolder(id), $".{stage}.claim"));

    /// <inheritdoc />
    public void Save(NetworkConfig config, TrainingResult result)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(result);
        var folder = NetworkFolder(config.Id);
        AtomicFile.WriteText(Path.Combine(folder, "config.json"), JsonSerializer.Serialize(config, StudyJson.Indented));
        SafeTensorsFile.Write(Path.Combine(folder, "weights.safetensors"), Tensors(result.Parameters), WeightMetadata(config));
        AtomicFile.WriteText(Path.Combine(folder, "training.csv"), TrainingCurve(result.Curve));
        AtomicFile.WriteText(Path.Combine(folder, "metrics.json"), JsonSerializer.Serialize(result.Metrics, StudyJson.Indented));
    }

    /// <summary>
    /// Reads the config of network <paramref name="id"/>, checked against the ranges a TOML config may hold and against
    /// its folder's name (its content address), so that an edited config or a copied folder is never analysed.
    /// </summary>
    /// <exception cref="InvalidDataException">Missing, malformed, out of range or at the wrong address; the message names the file.</exception>
    public NetworkConfig ReadConfig(NetworkId id)
    {
        var path = Path.Combine(NetworkFolder(id), "config.json");
        var config = StudyJson.Read<NetworkConfig>(path);
        try
        {
            config.Validate();
        }
        catch (InvalidConfigurationException e)
        {
            throw new InvalidDataException($"{path}: {e.Field} = {e.Value} {e.Expected}", e);
        }
        return config.Id == id
            ? config
            : throw new InvalidDataException($"{path}: the config's content address is {config.Id.Value}, not its folder's name {id.Value} (an edited config or a copied folder: remove it or restore the config)");
    }

    /// <summary>Reads the trained parameters of <paramref name="config"/>'s network, checking every tensor's shape.</summary>
    /// <exception cref="InvalidDataException">Missing, truncated, or a tensor is absent or mis-shaped; the message names it.</exception>
    public NetworkParameters<float> ReadParameters(NetworkConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var path = Path.Combine(NetworkFolder(config.Id), "weights.safetensors");
        var tensors = SafeTensorsFile.Read(path);
        var parameters = new NetworkParameters<float>(config.Shape, new float[config.Shape.Layout.Count]);
        foreach (var tensor in parameters.Layout.Tensors)
        {
            if (!tensors.TryGetValue(tensor.Name, out var stored) || !stored.Shape.SequenceEqual(tensor.Shape))
            {
                throw new InvalidDataException($"{path}: tensor '{tensor.Name}' must have shape [{string.Join(", ", tensor.Shape)}], found {(stored is null ? "nothing" : $"[{string.Join(", ", stored.Shape)}]")}");
            }
            stored.Values.CopyTo(parameters.Values.AsSpan(tensor.Offset));
        }
        return parameters;
    }

    private string DescriptionPath => Path.Combine(Root, DescriptionFile);

    private StudyDescription ReadDescription()
    {
        if (!File.Exists(DescriptionPath))
        {
            throw new InvalidDataException($"{Root}: not a study folder (no {DescriptionFile}); run 'rnnatlas train --out {Root}' first");
        }
        var description = StudyJson.Read<StudyDescription>(DescriptionPath);
        if (description.Schema != StudyDescription.CurrentSchema)
        {
            throw new InvalidDataException($"{DescriptionPath}: schema {description.Schema} is not {StudyDescription.CurrentSchema}, which this RnnAtlas reads");
        }
        try
        {
            foreach (var sweep in description.Sweeps)
            {
                sweep.Validate();
            }
            description.Analysis.Validate("analysis");
        }
        catch (InvalidConfigurationException e)
        {
            throw new InvalidDataException($"{DescriptionPath}: {e.Field} = {e.Value} {e.Expected}", e);
        }
        return description;
    }

    private static List<NamedTensor> Tensors(NetworkParameters<float> parameters) =>
        [.. parameters.Layout.Tensors.Select(t => new NamedTensor(t.Name, t.Shape, parameters.Values.AsSpan(t.Offset, t.Length).ToArray()))];

    private static Dictionary<string, string> WeightMetadata(NetworkConfig config)
    {
        var metadata = new Dictionary<string, string>
        {
            ["format"] = "pt",
            ["rnnatlas.id"] = config.Id.Value,
            ["rnnatlas.cell"] = config.Cell.ToString().ToLowerInvariant(),
            ["rnnatlas.activation"] = config.Activation.ToString().ToLowerInvariant(),
            ["rnnatlas.input_size"] = config.Shape.InputSize.ToString(CultureInfo.InvariantCulture),
            ["rnnatlas.hidden_size"] = config.HiddenSize.ToString(CultureInfo.InvariantCulture),
            ["rnnatlas.output_size"] = config.Shape.OutputSize.ToString(CultureInfo.InvariantCulture),
        };
        var torchModule = (config.Cell, config.Activation) switch
        {
            (CellKind.Vanilla, _) => $"torch.nn.RNN(nonlinearity='{config.Activation.ToString().ToLowerInvariant()}', batch_first=True)",
            (CellKind.Gru, Activation.Tanh) => "torch.nn.GRU(batch_first=True)",
            (CellKind.Lstm, Activation.Tanh) => "torch.nn.LSTM(batch_first=True)",
            (CellKind.Ugrnn, _) => "none: UGRNN has no PyTorch module (see docs/ugrnn.md for its equations)",
            _ => "none: PyTorch's GRU/LSTM have no ReLU variant; the tensors follow their names and gate order",
        };
        metadata["rnnatlas.pytorch_module"] = torchModule;
        return metadata;
    }

    private static string TrainingCurve(IReadOnlyList<TrainingCurvePoint> curve)
    {
        var text = new StringBuilder("iteration,loss,gradient_norm,held_out_nmse\n");
        foreach (var point in curve)
        {
            text.Append(CultureInfo.InvariantCulture, $"{point.Iteration},{point.Loss:R},{point.GradientNorm:R},{(point.HeldOutNmse is { } v ? v.ToString("R", CultureInfo.InvariantCulture) : "")}\n");
        }
        return text.ToString();
    }
}

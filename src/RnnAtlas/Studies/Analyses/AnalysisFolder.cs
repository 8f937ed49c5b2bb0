using System.Globalization;
using System.Text;
using System.Text.Json;
using RnnAtlas.Embedding;
using RnnAtlas.Similarity;
using RnnAtlas.Statistics;
using RnnAtlas.Storage;
using RnnAtlas.Training;

namespace RnnAtlas.Studies.Analyses;

/// <summary>
/// <c>analysis/&lt;task&gt;/</c>: where the population analyses of one task write, shared by the comparison and topology
/// stages so that their matrices have the same <c>networks.csv</c> order (ordinal by id).
/// </summary>
public static class AnalysisFolder
{
    private const int MaxTableLineChars = 4096;

    private static readonly string[] Labels = ["cell", "activation", "hidden_size"];

    /// <summary>
    /// The analysed members of <paramref name="study"/>, grouped by task config, each group ordinal by id: every finished
    /// network that passed its criterion, and every snapshot (untrained or checkpoint) whatever its score, as long as it
    /// did not diverge; never a hyperparameter-search sample.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<NetworkConfig>> MembersByTask(StudyFolder study)
    {
        ArgumentNullException.ThrowIfNull(study);
        return [.. Members(study, study.NetworkIds())
            .GroupBy(c => JsonSerializer.Serialize(c.Task, StudyJson.Canonical))
            .Select(g => (IReadOnlyList<NetworkConfig>)[.. g])];
    }

    /// <summary>The analysed members among <paramref name="ids"/> (see <see cref="MembersByTask"/>), in the given order.</summary>
    public static IEnumerable<NetworkConfig> Members(StudyFolder study, IEnumerable<NetworkId> ids)
    {
        ArgumentNullException.ThrowIfNull(study);
        return ids.Select(id => (id, metrics: study.RequireFinishedMetrics(id)))
            .Where(x => x.metrics is not null)
            .Select(x => (config: study.ReadConfig(x.id), x.metrics))
            .Where(x => x.config.SearchSample is null)
            .Where(x => x.metrics!.Status == TrainingStatus.Passed || (x.config.Snapshot is not null && double.IsFinite(x.metrics.HeldOutNmse)))
            .Select(x => x.config);
    }

    /// <summary>
    /// The folder of <paramref name="networks"/>' task: <c>analysis/&lt;name&gt;</c>, or <c>&lt;name&gt;-&lt;8 hex digits of
    /// its config&gt;</c> when <paramref name="groups"/> holds two configs of the same task.
    /// </summary>
    public static string Of(StudyFolder study, IReadOnlyList<NetworkConfig> networks, IReadOnlyList<IReadOnlyList<NetworkConfig>> groups)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(networks);
        ArgumentNullException.ThrowIfNull(groups);
        var task = networks[0].Task;
        var name = groups.Count(g => g[0].Task.Name == task.Name) == 1
            ? task.Name
            : $"{task.Name}-{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(task, StudyJson.Canonical))))[..8]}";
        return Path.Combine(study.Root, "analysis", name);
    }

    /// <summary>
    /// <c>distances_&lt;name&gt;.npy</c> of <paramref name="folder"/> when it exists and <c>networks.csv</c> lists exactly
    /// <paramref name="ids"/> in that order; else null.
    /// </summary>
    public static DistanceMatrix? ReadMatrix(string folder, string name, IReadOnlyList<string> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var path = Path.Combine(folder, $"distances_{name}.npy");
        var order = ReadTable(Path.Combine(folder, "networks.csv"), 2);
        if (order is null || !File.Exists(path) || !order.Select(f => f[1]).SequenceEqual(ids))
        {
            return null;
        }
        try
        {
            var (values, shape) = NpyFile.Read(path);
            return shape.Length == 2 && shape[0] == ids.Count && shape[1] == ids.Count ? new DistanceMatrix(values, ids.Count, path) : null;
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    /// <summary>
    /// The lock of a folder of study-wide files (<c>analysis/&lt;task&gt;</c>, <c>tables</c>), held while a stage writes its
    /// set of files there, so that concurrent processes never interleave two sets.
    /// </summary>
    public static IDisposable Lock(string folder) => FileLock.Take(Path.Combine(folder, ".write.lock"));

    /// <summary>Writes <c>networks.csv</c> (<c>index,id,cell,activation,hidden_size,l2,seed</c>), the order of every matrix in <paramref name="folder"/>.</summary>
    public static void WriteNetworks(string folder, IReadOnlyList<NetworkConfig> networks)
    {
        ArgumentNullException.ThrowIfNull(networks);
        Directory.CreateDirectory(folder);
        var table = new StringBuilder("index,id,cell,activation,hidden_size,l2,seed\n");
        for (var i = 0; i < networks.Count; i++)
        {
            var c = networks[i];
            table.Append(CultureInfo.InvariantCulture, $"{i},{c.Id.Value},{Label(c, "cell")},{Label(c, "activation")},{c.HiddenSize},{c.L2:R},{c.Seed}\n");
        }
        AtomicFile.WriteText(Path.Combine(folder, "networks.csv"), table.ToString());
    }

    /// <summary>
    /// The classical MDS and SMACOF embeddings of <paramref name="distances"/> (all members) and its statistics: for every
    /// label with two or more classes among the fully trained networks, over those networks only (snapshots would
    /// blur "does geometry separate cells?"), plus the <c>stage</c> label over all members when snapshots are present.
    /// Nothing with fewer than 3 networks.
    /// </summary>
    public static (Embedding.Embedding? Classical, Embedding.Embedding? Smacof, IReadOnlyList<LabelSeparation> Separations) Summarize(
        DistanceMatrix distances, IReadOnlyList<NetworkConfig> networks, MetricMds mds, ClusterStatistics statistics)
    {
        ArgumentNullException.ThrowIfNull(distances);
        ArgumentNullException.ThrowIfNull(networks);
        ArgumentNullException.ThrowIfNull(mds);
        ArgumentNullException.ThrowIfNull(statistics);
        if (networks.Count < 3)
        {
            return (null, null, []);
        }
        var trained = Enumerable.Range(0, networks.Count).Where(i => networks[i].Snapshot is null).ToList();
        var separations = new List<LabelSeparation>();
        if (trained.Count >= 3)
        {
            var sub = new DistanceMatrix([.. from i in trained from j in trained select distances[i, j]], trained.Count, "trained networks");
            separations.AddRange(Labels
                .Select(label => (label, values: trained.Select(i => Label(networks[i], label)).ToArray()))
                .Where(l => l.values.Distinct().Count() > 1)
                .Select(l => statistics.Separation(sub, l.values, l.label)));
        }
        var stages = networks.Select(c => c.Stage).ToArray();
        if (stages.Distinct().Count() > 1)
        {
            separations.Add(statistics.Separation(distances, stages, "stage"));
        }
        return (ClassicalMds.Embed(distances).Embedding, mds.Embed(distances), separations);
    }

    /// <summary>Writes <c>embedding_&lt;name&gt;.csv</c>: <c>index,id,cell,activation,classical_x,classical_y,smacof_x,smacof_y</c>.</summary>
    public static void WriteEmbedding(string folder, string name, IReadOnlyList<NetworkConfig> networks, Embedding.Embedding classical, Embedding.Embedding smacof)
    {
        ArgumentNullException.ThrowIfNull(networks);
        ArgumentNullException.ThrowIfNull(classical);
        ArgumentNullException.ThrowIfNull(smacof);
        var embedding = new StringBuilder("index,id,cell,activation,classical_x,classical_y,smacof_x,smacof_y\n");
        for (var i = 0; i < networks.Count; i++)
        {
            embedding.Append(CultureInfo.InvariantCulture, $"{i},{networks[i].Id.Value},{Label(networks[i], "cell")},{Label(networks[i], "activation")},{classical.Coordinates[2 * i]:R},{classical.Coordinates[2 * i + 1]:R},{smacof.Coordinates[2 * i]:R},{smacof.Coordinates[2 * i + 1]:R}\n");
        }
        AtomicFile.WriteText(Path.Combine(folder, $"embedding_{name}.csv"), embedding.ToString());
    }

    /// <summary>Writes a statistics file (<c>rnnatlas.stats/1</c>): per distance, its settings, embedding stresses and label separations.</summary>
    public static void WriteStatistics(string path, string task, int networks, IEnumerable<StatisticsEntry> entries) =>
        AtomicFile.WriteText(path, JsonSerializer.Serialize(new StatisticsFile(StatisticsFile.CurrentSchema, task, networks, [.. entries]), StudyJson.Indented));

    /// <summary>Reads a statistics file, or returns null when it is missing, unreadable or of another schema.</summary>
    public static StatisticsFile? ReadStatistics(string path) =>
        StudyJson.ReadOrNull<StatisticsFile>(path, f => f.Schema == StatisticsFile.CurrentSchema);

    /// <summary>Reads <c>embedding_&lt;name&gt;.csv</c>: per row the id and the classical and SMACOF coordinates; null when missing or damaged.</summary>
    public static IReadOnlyList<(string Id, double[] Classical, double[] Smacof)>? ReadEmbedding(string folder, string name)
    {
        var rows = ReadTable(Path.Combine(folder, $"embedding_{name}.csv"), 8);
        if (rows is null)
        {
            return null;
        }
        var coordinates = rows.Select(f => f[4..8].Select(v => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) ? x : double.NaN).ToArray()).ToList();
        return coordinates.Any(c => c.Any(double.IsNaN)) ? null : [.. rows.Select((f, i) => (f[1], coordinates[i][..2], coordinates[i][2..]))];
    }

    /// <summary>The rows after the header of a table RnnAtlas wrote, each split on commas; null when missing or a row has fewer than <paramref name="fields"/> fields.</summary>
    private static List<string[]>? ReadTable(string path, int fields)
    {
        if (!File.Exists(path))
        {
            return null;
        }
        try
        {
            var rows = InputFile.ReadLines(path, InputFile.MaxTextBytes, MaxTableLineChars).Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')).ToList();
            return rows.All(r => r.Length >= fields) ? rows : null;
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    /// <summary>A network's value of <paramref name="label"/>: <c>cell</c>, <c>activation</c> or <c>hidden_size</c>.</summary>
    public static string Label(NetworkConfig config, string label)
    {
        ArgumentNullException.ThrowIfNull(config);
        return label switch
        {
            "cell" => config.Cell.ToString().ToLowerInvariant(),
            "activation" => config.Activation.ToString().ToLowerInvariant(),
            _ => config.HiddenSize.ToString(CultureInfo.InvariantCulture),
        };
    }
}

/// <summary>One distance's entry in a statistics file.</summary>
/// <param name="Metric">The distance's name (a metric name or <c>topology</c>).</param>
/// <param name="Settings">Its settings in words.</param>
/// <param name="IsMetric">Whether it satisfies the triangle inequality.</param>
/// <param name="ClassicalMdsStress">Raw stress of the classical MDS embedding (null with fewer than 3 networks).</param>
/// <param name="SmacofStress">Raw stress of the SMACOF embedding.</param>
/// <param name="Separations">Label statistics.</param>
public sealed record StatisticsEntry(string Metric, string Settings, bool IsMetric, double? ClassicalMdsStress, double? SmacofStress, IReadOnlyList<LabelSeparation> Separations);

/// <summary>A statistics file (<c>stats.json</c>, <c>stats_topology.json</c>).</summary>
/// <param name="Schema">Always <see cref="CurrentSchema"/>.</param>
/// <param name="Task">The task's name.</param>
/// <param name="Networks">Networks compared.</param>
/// <param name="Metrics">One entry per distance.</param>
public sealed record StatisticsFile(string Schema, string Task, int Networks, IReadOnlyList<StatisticsEntry> Metrics)
{
    /// <summary>The schema this version writes.</summary>
    public const string CurrentSchema = "rnnatlas.stats/1";
}

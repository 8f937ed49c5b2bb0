using System.Globalization;
using System.Text;
using System.Text.Json;
using RnnAtlas.Embedding;
using RnnAtlas.Similarity;
using RnnAtlas.Statistics;
using RnnAtlas.Storage;
using RnnAtlas.Training;

namespace RnnAtlas.Studies;

/// <summary>
/// <c>analysis/&lt;task&gt;/</c>: where the population analyses of one task write, shared by the comparison and topology
/// stages so that their matrices have the same <c>networks.csv</c> order (ordinal by id).
/// </summary>
public static class AnalysisFolder
{
    private static readonly string[] Labels = ["cell", "activation", "hidden_size"];

    /// <summary>The passing networks of <paramref name="study"/>, grouped by task config, each group ordinal by id.</summary>
    public static IReadOnlyList<IReadOnlyList<NetworkConfig>> PassingByTask(StudyFolder study)
    {
        ArgumentNullException.ThrowIfNull(study);
        return [.. study.NetworkIds()
            .Where(id => study.FinishedMetrics(id)?.Status == TrainingStatus.Passed)
            .Select(study.ReadConfig)
            .GroupBy(c => JsonSerializer.Serialize(c.Task, StudyJson.Canonical))
            .Select(g => (IReadOnlyList<NetworkConfig>)[.. g])];
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
    /// The classical MDS and SMACOF embeddings of <paramref name="distances"/> and its statistics for every label with
    /// two or more classes among <paramref name="networks"/> (nothing with fewer than 3 networks).
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
        var separations = Labels
            .Select(label => (label, values: networks.Select(c => Label(c, label)).ToArray()))
            .Where(l => l.values.Distinct().Count() > 1)
            .Select(l => statistics.Separation(distances, l.values, l.label))
            .ToList();
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
    public static StatisticsFile? ReadStatistics(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }
        try
        {
            var file = JsonSerializer.Deserialize<StatisticsFile>(File.ReadAllText(path), StudyJson.Indented);
            return file?.Schema == StatisticsFile.CurrentSchema ? file : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Reads <c>embedding_&lt;name&gt;.csv</c>: per row the id and the classical and SMACOF coordinates; null when missing.</summary>
    public static IReadOnlyList<(string Id, double[] Classical, double[] Smacof)>? ReadEmbedding(string folder, string name)
    {
        var path = Path.Combine(folder, $"embedding_{name}.csv");
        if (!File.Exists(path))
        {
            return null;
        }
        return [.. File.ReadLines(path).Skip(1).Where(l => l.Length > 0).Select(line =>
        {
            var f = line.Split(',');
            double D(int i) => double.Parse(f[i], NumberStyles.Float, CultureInfo.InvariantCulture);
            return (f[1], new[] { D(4), D(5) }, new[] { D(6), D(7) });
        })];
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

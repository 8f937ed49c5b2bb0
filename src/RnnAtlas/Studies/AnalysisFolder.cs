using System.Globalization;
using System.Text;
using System.Text.Json;
using RnnAtlas.Storage;
using RnnAtlas.Training;

namespace RnnAtlas.Studies;

/// <summary>
/// <c>analysis/&lt;task&gt;/</c>: where the population analyses of one task write, shared by the comparison and topology
/// stages so that their matrices have the same <c>networks.csv</c> order (ordinal by id).
/// </summary>
public static class AnalysisFolder
{
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

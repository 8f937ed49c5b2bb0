using RnnAtlas.Networks;
using RnnAtlas.Similarity;
using RnnAtlas.Storage;
using RnnAtlas.Studies;
using RnnAtlas.Tasks;
using RnnAtlas.Training;

namespace RnnAtlas.Reporting;

/// <summary>Everything the report shows about one task of a study, read from the study folder (nothing is recomputed except probe-trial runs of example networks).</summary>
public sealed class TaskData
{
    /// <summary>The study.</summary>
    public required StudyFolder Study { get; init; }

    /// <summary>The task's analysis folder (<c>analysis/&lt;name&gt;</c>).</summary>
    public required string Folder { get; init; }

    /// <summary>The analysis folder's name.</summary>
    public string Name => Path.GetFileName(Folder);

    /// <summary>The task.</summary>
    public required ITask Task { get; init; }

    /// <summary>Every finished network of the task (passed or failed) with its quality gate.</summary>
    public required IReadOnlyList<(NetworkConfig Config, NetworkMetrics Metrics)> Trained { get; init; }

    /// <summary>The passing networks, ordinal by id (the matrices' order).</summary>
    public required IReadOnlyList<NetworkConfig> Passing { get; init; }

    /// <summary>Fixed-point reports by network id (networks without one are absent).</summary>
    public required IReadOnlyDictionary<string, FixedPointReport> FixedPoints { get; init; }

    /// <summary>Scaffold reports by network id.</summary>
    public required IReadOnlyDictionary<string, ScaffoldReport> Scaffolds { get; init; }

    /// <summary>Distance matrices by distance name (metric names and <c>topology</c>), in <see cref="Passing"/> order.</summary>
    public required IReadOnlyDictionary<string, DistanceMatrix> Distances { get; init; }

    /// <summary>Embeddings by distance name.</summary>
    public required IReadOnlyDictionary<string, IReadOnlyList<(string Id, double[] Classical, double[] Smacof)>> Embeddings { get; init; }

    /// <summary>Statistics of every distance (geometry metrics, then topology).</summary>
    public required IReadOnlyList<StatisticsEntry> Statistics { get; init; }

    /// <summary>Reads every task of <paramref name="study"/>.</summary>
    public static IReadOnlyList<TaskData> Load(StudyFolder study)
    {
        ArgumentNullException.ThrowIfNull(study);
        var groups = AnalysisFolder.PassingByTask(study);
        var finished = study.NetworkIds().Select(id => (id, metrics: study.FinishedMetrics(id))).Where(x => x.metrics is not null)
            .Select(x => (Config: study.ReadConfig(x.id), Metrics: x.metrics!)).ToList();
        return [.. groups.Select(passing =>
        {
            var folder = AnalysisFolder.Of(study, passing, groups);
            var ids = passing.Select(c => c.Id.Value).ToList();
            var distances = new Dictionary<string, DistanceMatrix>();
            var embeddings = new Dictionary<string, IReadOnlyList<(string, double[], double[])>>();
            foreach (var name in RepresentationalMetrics.Names.Append(TopologyStage.DistanceName))
            {
                var path = Path.Combine(folder, $"distances_{name}.npy");
                if (File.Exists(path) && MatchesOrder(folder, ids))
                {
                    var (values, shape) = NpyFile.Read(path);
                    if (shape.Length == 2 && shape[0] == ids.Count)
                    {
                        distances[name] = new DistanceMatrix(values, ids.Count, path);
                    }
                }
                if (AnalysisFolder.ReadEmbedding(folder, name) is { } embedding && embedding.Select(e => e.Id).SequenceEqual(ids))
                {
                    embeddings[name] = embedding;
                }
            }
            var statistics = new[] { "stats.json", $"stats_{TopologyStage.DistanceName}.json" }
                .Select(f => AnalysisFolder.ReadStatistics(Path.Combine(folder, f)))
                .Where(f => f is not null && f.Networks == ids.Count)
                .SelectMany(f => f!.Metrics)
                .ToList();
            return new TaskData
            {
                Study = study,
                Folder = folder,
                Task = passing[0].Task,
                Trained = [.. finished.Where(f => System.Text.Json.JsonSerializer.Serialize(f.Config.Task, StudyJson.Canonical) == System.Text.Json.JsonSerializer.Serialize(passing[0].Task, StudyJson.Canonical))],
                Passing = passing,
                FixedPoints = passing.Select(c => (c, r: FixedPointAnalysis.Stored(study, c.Id))).Where(x => x.r is not null).ToDictionary(x => x.c.Id.Value, x => x.r!),
                Scaffolds = passing.Select(c => (c, r: ScaffoldAnalysis.Stored(study, c))).Where(x => x.r is not null).ToDictionary(x => x.c.Id.Value, x => x.r!),
                Distances = distances,
                Embeddings = embeddings,
                Statistics = statistics,
            };
        })];
    }

    /// <summary>One passing network per cell (tanh preferred, then the lowest id), in cell order.</summary>
    public IReadOnlyList<NetworkConfig> ExamplePerCell() =>
        [.. Passing.GroupBy(c => c.Cell).OrderBy(g => g.Key).Select(g => g.OrderBy(c => c.Activation).ThenBy(c => c.Id.Value, StringComparer.Ordinal).First())];

    /// <summary>Runs <paramref name="config"/>'s network on the task's probe trials: states [batch, time, state] and outputs [batch, time, output].</summary>
    public (double[] States, double[] Outputs, TrialBatch Trials) Run(NetworkConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var network = new RecurrentNetwork<double>(Study.ReadParameters(config).Convert<double>());
        var trials = config.Task.ProbeTrials();
        var (states, outputs) = network.Run(trials);
        return (states, outputs, trials);
    }

    private static bool MatchesOrder(string folder, List<string> ids)
    {
        var path = Path.Combine(folder, "networks.csv");
        return File.Exists(path) && File.ReadLines(path).Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')[1]).SequenceEqual(ids);
    }
}

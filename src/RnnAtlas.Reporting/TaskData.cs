using RnnAtlas.Networks;
using RnnAtlas.Similarity;
using RnnAtlas.Storage;
using RnnAtlas.Studies;
using RnnAtlas.Studies.Analyses;
using RnnAtlas.Studies.Scaffolds;
using RnnAtlas.Studies.Stages;
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

    /// <summary>Every finished, fully trained network of the task (passed or failed; snapshots and search samples excluded) with its quality gate.</summary>
    public required IReadOnlyList<(NetworkConfig Config, NetworkMetrics Metrics)> Trained { get; init; }

    /// <summary>The analysed members (passing networks and their snapshots), ordinal by id (the matrices' order).</summary>
    public required IReadOnlyList<NetworkConfig> Members { get; init; }

    /// <summary>Fixed-point reports by network id (networks without one are absent).</summary>
    public required IReadOnlyDictionary<string, FixedPointReport> FixedPoints { get; init; }

    /// <summary>Scaffold reports by network id.</summary>
    public required IReadOnlyDictionary<string, ScaffoldReport> Scaffolds { get; init; }

    /// <summary>The members with a scaffold report of kind <typeparamref name="T"/> (a report type or an interface of one), in <see cref="Members"/> order.</summary>
    public IReadOnlyList<(NetworkConfig Config, T Report)> ScaffoldsOf<T>()
        where T : class =>
        [.. Members.Select(c => (c, Report: Scaffolds.GetValueOrDefault(c.Id.Value) as T)).Where(x => x.Report is not null).Select(x => (x.c, x.Report!))];

    /// <summary>Distance matrices by distance name (metric names and <c>topology</c>), in <see cref="Members"/> order.</summary>
    public required IReadOnlyDictionary<string, DistanceMatrix> Distances { get; init; }

    /// <summary>The geometry-versus-function analysis, when the comparison stage wrote it for these networks.</summary>
    public DissociationReport? Dissociation { get; init; }

    /// <summary>The conclusions over training, when the comparison wrote them for these networks (several population stages); empty otherwise.</summary>
    public IReadOnlyList<OverTrainingPoint> OverTraining { get; init; } = [];

    /// <summary>Embeddings by distance name.</summary>
    public required IReadOnlyDictionary<string, IReadOnlyList<(string Id, double[] Classical, double[] Smacof)>> Embeddings { get; init; }

    /// <summary>Statistics of every distance (geometry metrics, then topology).</summary>
    public required IReadOnlyList<StatisticsEntry> Statistics { get; init; }

    /// <summary>Reads every task of <paramref name="study"/>.</summary>
    public static IReadOnlyList<TaskData> Load(StudyFolder study)
    {
        ArgumentNullException.ThrowIfNull(study);
        var groups = AnalysisFolder.MembersByTask(study);
        var finished = study.NetworkIds().Select(id => (id, metrics: study.RequireFinishedMetrics(id))).Where(x => x.metrics is not null)
            .Select(x => (Config: study.ReadConfig(x.id), Metrics: x.metrics!)).ToList();
        return [.. groups.Select(passing =>
        {
            var folder = AnalysisFolder.Of(study, passing, groups);
            var ids = passing.Select(c => c.Id.Value).ToList();
            var distances = new Dictionary<string, DistanceMatrix>();
            var embeddings = new Dictionary<string, IReadOnlyList<(string, double[], double[])>>();
            foreach (var name in SimilarityMetrics.Names.Append(TopologyStage.DistanceName).Concat(DissociationAnalysis.FunctionNames).Distinct())
            {
                if (AnalysisFolder.ReadMatrix(folder, name, ids) is { } matrix)
                {
                    distances[name] = matrix;
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
                Trained = [.. finished.Where(f => f.Config.Snapshot is null && f.Config.SearchSample is null && System.Text.Json.JsonSerializer.Serialize(f.Config.Task, StudyJson.Canonical) == System.Text.Json.JsonSerializer.Serialize(passing[0].Task, StudyJson.Canonical))],
                Members = passing,
                FixedPoints = passing.Select(c => (c, r: FixedPointAnalysis.Stored(study, c.Id))).Where(x => x.r is not null).ToDictionary(x => x.c.Id.Value, x => x.r!),
                Scaffolds = passing.Select(c => (c, r: ScaffoldAnalysis.Stored(study, c))).Where(x => x.r is not null).ToDictionary(x => x.c.Id.Value, x => x.r!),
                Distances = distances,
                Embeddings = embeddings,
                Statistics = statistics,
                Dissociation = ReadDissociation(folder, ids.Count),
                OverTraining = ReadOverTraining(folder, passing),
            };
        })];
    }

    /// <summary>The over-training points of <paramref name="folder"/> when every stage's network count matches <paramref name="members"/> (else stale: none).</summary>
    private static IReadOnlyList<OverTrainingPoint> ReadOverTraining(string folder, IReadOnlyList<NetworkConfig> members)
    {
        var points = OverTrainingAnalysis.Read(folder);
        var stages = members.GroupBy(c => c.Stage).ToDictionary(g => g.Key, g => g.Count());
        return points.All(p => p.Measure == OverTrainingAnalysis.ScaffoldMeasure || stages.GetValueOrDefault(p.Stage) == p.Networks) ? points : [];
    }

    private static DissociationReport? ReadDissociation(string folder, int networks)
    {
        return StudyJson.ReadOrNull<DissociationReport>(Path.Combine(folder, "dissociation.json"), r => r.Schema == DissociationReport.CurrentSchema && r.Networks == networks);
    }

    /// <summary>One passing trained network per cell (tanh preferred, then the lowest id), in cell order.</summary>
    public IReadOnlyList<NetworkConfig> ExamplePerCell() =>
        [.. Members.Where(c => c.Snapshot is null).GroupBy(c => c.Cell).OrderBy(g => g.Key).Select(g => g.OrderBy(c => c.Activation).ThenBy(c => c.Id.Value, StringComparer.Ordinal).First())];

    /// <summary>Runs <paramref name="config"/>'s network on the task's probe trials: states [batch, time, state] and outputs [batch, time, output].</summary>
    public (double[] States, double[] Outputs, TrialBatch Trials) Run(NetworkConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var network = new RecurrentNetwork<double>(Study.ReadParameters(config).Convert<double>());
        var trials = config.Task.ProbeTrials();
        var (states, outputs) = network.Run(trials);
        return (states, outputs, trials);
    }

}

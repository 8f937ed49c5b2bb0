using RnnAtlas.Embedding;
using RnnAtlas.Populations;
using RnnAtlas.Similarity;
using RnnAtlas.Statistics;
using RnnAtlas.Storage;
using RnnAtlas.Studies.Analyses;
using RnnAtlas.Studies.Scaffolds;
using RnnAtlas.Topology;
using RnnAtlas.Training;

namespace RnnAtlas.Studies.Stages;

/// <summary>
/// <c>rnnatlas topology</c>: every passing network's scaffold (<see cref="ScaffoldAnalysis"/>, skipped when current), on
/// all cores; then per task the scaffold distance matrix (<c>analysis/&lt;task&gt;/distances_topology.npy</c> with
/// <c>networks.csv</c>), its embeddings (<c>embedding_topology.csv</c>), statistics (<c>stats_topology.json</c>) and a
/// summary sentence.
/// </summary>
public sealed class TopologyStage
{
    /// <summary>The name of the scaffold distance in file names and statistics.</summary>
    public const string DistanceName = "topology";

    private readonly StudyFolder _study;
    private readonly ScaffoldAnalysis _analysis;
    private readonly int _threads;
    private readonly MetricMds _mds;
    private readonly ClusterStatistics _statistics;

    /// <summary>Prepares the stage for <paramref name="study"/>.</summary>
    public TopologyStage(StudyFolder study, TopologyOptions options, int threads, MetricMds? mds = null, ClusterStatistics? statistics = null)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        _study = study;
        _analysis = new ScaffoldAnalysis(study, options);
        _threads = threads;
        _mds = mds ?? new MetricMds();
        _statistics = statistics ?? new ClusterStatistics();
    }

    /// <summary>Analyses every passing network and compares them per task.</summary>
    /// <exception cref="InvalidDataException">A passing network has no fixed points yet; the message says how many and what to run.</exception>
    /// <param name="shard">When set, only this shard's networks and no distance matrices (the merge writes them); returns nothing.</param>
    /// <param name="progress">Progress after every network.</param>
    /// <param name="cancellation">Stops between networks.</param>
    public IReadOnlyList<TaskTopology> Run(Shard? shard, IProgress<StageProgress>? progress, CancellationToken cancellation)
    {
        var groups = AnalysisFolder.MembersByTask(_study);
        var owned = shard is null ? null : _study.Owned(shard);
        var all = groups.SelectMany(g => g).Where(c => owned is null || owned.Contains(c.Id.Value)).ToList();
        var missing = all.Where(c => FixedPointAnalysis.Stored(_study, c.Id) is null).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidDataException($"{_study.Root}: {missing.Count} of {all.Count} passing networks have no fixed points yet (e.g. {missing[0].Id.Value}); run 'rnnatlas fixedpoints {_study.Root}' first");
        }
        var reports = PerNetworkStage.Run(_study, "topology", all, _threads, _analysis.Finished, (config, _) => _analysis.Analyze(config), (_, report) => report.Describe(), progress, cancellation);
        return shard is not null ? [] : [.. groups.Select(g => CompareTask(AnalysisFolder.Of(_study, g, groups), g, [.. g.Select(c => reports[c.Id.Value])]))];
    }

    private TaskTopology CompareTask(string folder, IReadOnlyList<NetworkConfig> networks, IReadOnlyList<ScaffoldReport> reports)
    {
        var n = networks.Count;
        var values = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            for (var j = i + 1; j < n; j++)
            {
                values[i * n + j] = values[j * n + i] = reports[i].Distance(reports[j]);
            }
        }
        var distances = new DistanceMatrix(values, n, Path.Combine(folder, $"distances_{DistanceName}.npy"));
        var (classical, smacof, separations) = AnalysisFolder.Summarize(distances, networks, _mds, _statistics);
        Directory.CreateDirectory(folder);
        using var held = AnalysisFolder.Lock(folder);
        AnalysisFolder.WriteNetworks(folder, networks);
        NpyFile.Write(Path.Combine(folder, $"distances_{DistanceName}.npy"), values, n, n);
        if (classical is not null && smacof is not null)
        {
            AnalysisFolder.WriteEmbedding(folder, DistanceName, networks, classical, smacof);
        }
        var scaffold = TaskRegistry.Scaffold(networks[0].Task);
        AnalysisFolder.WriteStatistics(Path.Combine(folder, $"stats_{DistanceName}.json"), networks[0].Task.Name, n,
            [new StatisticsEntry(DistanceName, scaffold.DistanceDescription, scaffold.DistanceIsMetric, classical?.Stress, smacof?.Stress, separations)]);
        // The summary speaks of the trained networks; untrained and checkpoint snapshots are compared above but not counted here.
        var trained = networks.Zip(reports).Where(x => x.First.Snapshot is null).ToList();
        var summary = trained.Count == 0 ? $"{networks[0].Task.Name}: no trained networks" : scaffold.Summarize(trained);
        return new TaskTopology(folder, networks, reports, distances, separations, summary);
    }
}

using System.Globalization;
using RnnAtlas.Numerics;
using RnnAtlas.Embedding;
using RnnAtlas.Populations;
using RnnAtlas.Similarity;
using RnnAtlas.Statistics;
using RnnAtlas.Storage;
using RnnAtlas.Tasks;
using RnnAtlas.Topology;
using RnnAtlas.Training;

namespace RnnAtlas.Studies;

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
        var reports = PerNetworkStage.Run(_study, "topology", all, _threads, _analysis.Finished, _analysis.Analyze, (config, report) => Describe(config.Task, report), progress, cancellation);
        return shard is not null ? [] : [.. groups.Select(g => CompareTask(AnalysisFolder.Of(_study, g, groups), g, [.. g.Select(c => reports[c.Id.Value])]))];
    }

    /// <summary>One line about one network's scaffold.</summary>
    public static string Describe(ITask task, ScaffoldReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (report.Graph is { } graph)
        {
            var stable = graph.Nodes.Count(n => n.Pattern is not null);
            return $"{stable} stable points, {graph.Nodes.Count - stable} saddles, {graph.Edges.Count} transitions{(report.Automaton == true ? ", the flip-flop automaton" : "")}";
        }
        if (report.Oscillations is { } oscillations)
        {
            var cycles = oscillations.Count(o => o.Cycle.Found);
            return $"oscillatory mode at {oscillations.Count(o => o.Oscillatory)}/{oscillations.Count} inputs, limit cycle at {cycles}/{oscillations.Count}";
        }
        var lines = report.LineAttractors!;
        return string.Join("; ", lines.Select(l => string.Create(CultureInfo.InvariantCulture, $"{l.Condition}: {l.Points} points, {l.VarianceShare:0.00} on the line, top |λ| {l.Spectrum.FirstOrDefault(double.NaN):0.000}")));
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
        var settings = networks[0].Task switch
        {
            FlipFlopTask => "Jaccard distance between the multisets of labelled nodes and transitions of the fixed-point graphs",
            SineWaveTask => "mean over the input grid of fixed-point count, index, oscillatory mode and predicted / measured frequency differences",
            _ => "mean over contexts of line variance share, leading |λ| and mode-truncation response differences",
        };
        AnalysisFolder.WriteStatistics(Path.Combine(folder, $"stats_{DistanceName}.json"), networks[0].Task.Name, n,
            [new StatisticsEntry(DistanceName, settings, networks[0].Task is FlipFlopTask, classical?.Stress, smacof?.Stress, separations)]);
        // The summary speaks of the trained networks; untrained and checkpoint snapshots are compared above but not counted here.
        var trained = networks.Zip(reports).Where(x => x.First.Snapshot is null).ToList();
        var summary = trained.Count == 0 ? $"{networks[0].Task.Name}: no trained networks" : Summarize(networks[0].Task, trained);
        return new TaskTopology(folder, networks, reports, distances, separations, summary);
    }

    /// <summary>
    /// One sentence on the scaffold the networks share (the stage's summary line; pass trained networks with their
    /// reports); for the flip-flop, the canonical-cube count also per cell and activation.
    /// </summary>
    public static string Summarize(ITask task, IReadOnlyList<(NetworkConfig Config, ScaffoldReport Report)> networks)
    {
        ArgumentNullException.ThrowIfNull(networks);
        var reports = networks.Select(x => x.Report).ToList();
        var n = reports.Count;
        switch (task)
        {
            case FlipFlopTask flipFlop:
                var canonical = reports.GroupBy(r => string.Join('|', r.Graph!.LabelledElements())).MaxBy(g => g.Count())!;
                var example = canonical.First().Graph!;
                var stable = example.Nodes.Count(x => x.Pattern is not null);
                var bits = flipFlop.Bits;
                var cube = string.Join('/', Enumerable.Range(0, bits + 1).Select(k => FixedPointGraph.CubeFaces(bits, k)));
                var byArchitecture = string.Join(", ", networks
                    .GroupBy(x => $"{AnalysisFolder.Label(x.Config, "cell")}-{AnalysisFolder.Label(x.Config, "activation")}")
                    .OrderBy(g => g.Key, StringComparer.Ordinal)
                    .Select(g => $"{g.Key} {g.Count(x => x.Report.Graph!.IsFlipFlopCube(bits))}/{g.Count()}"));
                return $"{task.Name}: {reports.Count(r => r.Graph!.IsFlipFlopCube(bits))}/{n} networks have the canonical scaffold, the {bits}-bit cube ({cube} fixed points with 0…{bits} unstable directions, every 1-saddle joining two memories one bit apart) — {byArchitecture}; {reports.Count(r => r.Automaton == true)}/{n} have exactly the flip-flop automaton; {canonical.Count()}/{n} share the most common labelled graph ({stable} stable points, {example.Nodes.Count - stable} saddles, {example.Edges.Count} transitions)";
            case SineWaveTask:
                var everywhere = reports.Count(r => r.Oscillations!.All(o => o.Oscillatory));
                var measured = Median.Of(reports.SelectMany(r => r.Oscillations!.Where(o => o.Cycle.Found).Select(o => Math.Abs(o.Cycle.MeasuredFrequency - o.TargetFrequency) / o.TargetFrequency)));
                var predicted = Median.Of(reports.SelectMany(r => r.Oscillations!.Where(o => o.Oscillatory).Select(o => Math.Abs(o.Cycle.PredictedFrequency - o.TargetFrequency) / o.TargetFrequency)));
                return string.Create(CultureInfo.InvariantCulture, $"{task.Name}: {everywhere}/{n} networks have an oscillatory mode at every grid input; median relative frequency error: measured limit cycle {measured:0.000}, linearization {predicted:0.000}");
            default:
                var share = Median.Of(reports.SelectMany(r => r.LineAttractors!.Select(l => l.VarianceShare)).Where(double.IsFinite));
                var slow = reports.Count(r => r.LineAttractors!.All(l => l.Spectrum.Length > 0 && Math.Abs(l.Spectrum[0] - 1) <= 0.05));
                return string.Create(CultureInfo.InvariantCulture, $"{task.Name}: median share of the points' variance on one line {share:0.00}; {slow}/{n} networks have a mode with |λ| within 0.05 of 1 in every context");
        }
    }
}

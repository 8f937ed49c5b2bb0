using System.Globalization;
using System.Text.Json;
using System.Text;
using RnnAtlas.Networks;
using RnnAtlas.Numerics;
using RnnAtlas.Similarity;
using RnnAtlas.Storage;
using RnnAtlas.Studies.Analyses;
using RnnAtlas.Studies.Configuration;
using RnnAtlas.Tasks;
using RnnAtlas.Training;

namespace RnnAtlas.Studies.Stages;

/// <summary>
/// The representational comparison of a study, per task: every passing network is run (float64) on the task's probe
/// trials, its activity prepared once, and all pairs compared under every metric; then embeddings and label
/// statistics (optionally of the members of some stages only, see <see cref="ComparisonOptions.Stages"/>). Writes
/// <c>analysis/&lt;task&gt;/</c>: <c>networks.csv</c>, <c>distances_&lt;metric&gt;.npy</c>,
/// <c>embedding_&lt;metric&gt;.csv</c>, <c>stats.json</c> and, last, <c>compare.json</c>. A rerun computes only pairs
/// with a network that is not in the previous <c>compare.json</c>.
/// </summary>
public sealed class ComparisonStage
{
    private const string RecordFile = "compare.json";

    /// <summary>Held-out NMSE above this (or non-finite) counts as this in the performance distance.</summary>
    public const double PerformanceCap = 10;

    private readonly StudyFolder _study;
    private readonly ComparisonOptions _options;
    private readonly IReadOnlyList<ISimilarityMetric> _metrics;
    private readonly int _threads;

    /// <summary>Prepares the stage for <paramref name="study"/>.</summary>
    /// <exception cref="InvalidConfigurationException">An option is out of range.</exception>
    public ComparisonStage(StudyFolder study, ComparisonOptions options, int threads)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        options.Validate("compare");
        _study = study;
        _options = options;
        _metrics = options.Resolve("compare");
        _threads = threads;
    }

    /// <summary>The activity rows a task's networks produce under these options.</summary>
    public int Samples(ITask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        var probe = task.ProbeTrials();
        return probe.BatchSize * ((probe.TimeSteps + _options.Stride - 1) / _options.Stride);
    }

    /// <summary>
    /// Compares every task's passing networks; when <paramref name="external"/> is given, also compares it with every
    /// network of each task whose probe set has its sample count.
    /// </summary>
    /// <exception cref="InvalidDataException">No task's probe set matches the external activity, or a network's files are unreadable.</exception>
    public IReadOnlyList<TaskComparison> Run(ActivityMatrix? external, IProgress<StageProgress>? progress, CancellationToken cancellation)
    {
        var tasks = AnalysisFolder.MembersByTask(_study);
        if (external is not null && !tasks.Any(t => Samples(t[0].Task) == external.Samples))
        {
            var expected = string.Join(", ", tasks.Select(t => $"{t[0].Task.Name}: {Samples(t[0].Task)}"));
            throw new InvalidDataException($"{external.Source}: {external.Samples} samples match no task's probe set ({(expected.Length == 0 ? "the study has no passing networks" : expected)} samples × units)");
        }
        var results = new List<TaskComparison>();
        foreach (var group in tasks)
        {
            IReadOnlyList<NetworkConfig> networks = _options.Stages is { } stages ? [.. group.Where(c => stages.Contains(c.Stage))] : group;
            if (networks.Count == 0)
            {
                continue;
            }
            var folder = AnalysisFolder.Of(_study, group, tasks) + (_options.Stages is { } kept ? "-" + string.Join('+', kept) : "");
            var samples = Samples(networks[0].Task);
            results.Add(CompareTask(folder, networks, external?.Samples == samples ? external : null, progress, cancellation));
        }
        return results;
    }

    private TaskComparison CompareTask(string folder, IReadOnlyList<NetworkConfig> networks, ActivityMatrix? external, IProgress<StageProgress>? progress, CancellationToken cancellation)
    {
        var name = Path.GetFileName(folder);
        var task = networks[0].Task;
        var n = networks.Count;
        var probe = task.ProbeTrials();
        var trials = probe.BatchSize;
        var steps = (probe.TimeSteps + _options.Stride - 1) / _options.Stride;
        // A probe set too short for the delay embedding leaves the dynamical metrics out for this task, with the reason.
        var (metrics, skipped) = PreparedActivity.Applicable(_metrics, trials, steps, networks.Max(c => c.Shape.StateSize), _options.Dsa);
        if (metrics.Count == 0)
        {
            throw new InvalidDataException($"{name}: {skipped[0]}");
        }
        var prepared = new PreparedActivity[n];
        var outputs = new double[n][];
        var done = 0;
        var gate = new object();
        progress?.Report(Prepared(name, 0, n));
        WorkQueue.Run(Enumerable.Range(0, n), _threads, () => 0, (_, i) =>
        {
            var (activity, output) = Run(networks[i]);
            prepared[i] = PreparedActivity.For(activity, trials, metrics, _options.Dsa);
            outputs[i] = output;
            lock (gate)
            {
                progress?.Report(Prepared(name, ++done, n));
            }
        }, cancellation);

        var record = new ComparisonRecord(ComparisonRecord.CurrentSchema, task, _options.Stride, Samples(task), [.. metrics.Select(m => new MetricRecord(m.Name, m.Settings, m.IsMetric))], [.. networks.Select(c => c.Id.Value)]);
        var previous = Previous(folder, record, metrics);
        var matrices = new double[metrics.Count][];
        var computed = 0L;
        foreach (var reuse in new[] { true, false })
        {
            var group = Enumerable.Range(0, metrics.Count).Where(m => previous[m] is not null == reuse).ToList();
            if (group.Count == 0)
            {
                continue;
            }
            var oldIndex = networks.Select(c => reuse ? previous[group[0]]!.Index.GetValueOrDefault(c.Id.Value, -1) : -1).ToArray();
            bool Needed(int i, int j) => oldIndex[i] < 0 || oldIndex[j] < 0;
            var pairs = Enumerable.Range(0, n).Sum(i => (long)Enumerable.Range(i + 1, n - i - 1).Count(j => Needed(i, j)));
            var values = Distances([.. group.Select(m => metrics[m])], prepared, Needed, pairs, progress, name, cancellation);
            computed += pairs;
            for (var g = 0; g < group.Count; g++)
            {
                var m = group[g];
                if (reuse)
                {
                    var old = previous[m]!;
                    for (var i = 0; i < n; i++)
                    {
                        for (var j = 0; j < n; j++)
                        {
                            if (i != j && !Needed(i, j))
                            {
                                values[g][i * n + j] = old.Values[oldIndex[i] * old.Count + oldIndex[j]];
                            }
                        }
                    }
                }
                matrices[m] = values[g];
            }
        }

        var results = metrics.Select((metric, m) =>
        {
            cancellation.ThrowIfCancellationRequested();
            var distances = new DistanceMatrix(matrices[m], n, Path.Combine(folder, $"distances_{metric.Name}.npy"));
            var (classical, smacof, separations) = AnalysisFolder.Summarize(distances, networks, _options.Mds, _options.Statistics);
            return new MetricComparison(metric, distances, classical, smacof, separations);
        }).ToList();
        var externalResult = external is null ? null : CompareExternal(external, trials, prepared, metrics);
        var function = FunctionDistances(folder, networks, outputs);
        cancellation.ThrowIfCancellationRequested();
        var dissociation = DissociationAnalysis.Analyze(networks[0].Task.Name, networks, results.ToDictionary(r => r.Metric.Name, r => r.Distances), function, _options.Dissociation, cancellation);
        cancellation.ThrowIfCancellationRequested();
        var overTraining = OverTraining(networks, results, function);
        cancellation.ThrowIfCancellationRequested();
        Write(folder, record, networks, results, externalResult, function, dissociation, overTraining);
        return new TaskComparison(folder, networks, results, computed, externalResult, function, dissociation, skipped);
    }

    /// <summary>
    /// The conclusions over training (<see cref="OverTrainingAnalysis"/>) when the task's networks span several stages:
    /// every metric's and the topology distance's separability per stage, and the expected-scaffold share of the
    /// networks whose fixed points are stored.
    /// </summary>
    private IReadOnlyList<OverTrainingPoint> OverTraining(IReadOnlyList<NetworkConfig> networks, List<MetricComparison> results, Dictionary<string, DistanceMatrix> function)
    {
        if (networks.Select(c => c.Stage).Distinct().Count() < 2)
        {
            return [];
        }
        var distances = results.ToDictionary(r => r.Metric.Name, r => r.Distances);
        if (function.TryGetValue(TopologyStage.DistanceName, out var topology))
        {
            distances[TopologyStage.DistanceName] = topology;
        }
        var scaffold = TaskRegistry.Scaffold(networks[0].Task);
        return OverTrainingAnalysis.Analyze(
            networks,
            [.. networks.Select(c => _study.FinishedMetrics(c.Id)!.Iterations)],
            distances,
            [.. networks.Select(c => FixedPointAnalysis.Stored(_study, c.Id) is { } report ? scaffold.Holds(report) : (bool?)null)],
            _options.Statistics);
    }

    /// <summary>The network's activity and outputs ([batch, time, output]) on its task's probe trials.</summary>
    private (ActivityMatrix Activity, double[] Outputs) Run(NetworkConfig config)
    {
        var network = new RecurrentNetwork<double>(_study.ReadParameters(config).Convert<double>());
        var probe = config.Task.ProbeTrials();
        var (states, outputs) = network.Run(probe);
        return (ActivityMatrix.FromStates<double>(states, probe.BatchSize, probe.TimeSteps, network.Shape.StateSize, _options.Stride, config.Id.Value), outputs);
    }

    /// <summary>
    /// Behavioural distance (outputs on the probe trials, <see cref="TaskMetrics.OutputDistance"/>), performance
    /// distance (|Δ held-out NMSE|, each capped at <see cref="PerformanceCap"/>) and, when the topology stage has written
    /// it for the same networks, the topology distance.
    /// </summary>
    private Dictionary<string, DistanceMatrix> FunctionDistances(string folder, IReadOnlyList<NetworkConfig> networks, double[][] outputs)
    {
        var n = networks.Count;
        var probe = networks[0].Task.ProbeTrials();
        var nmse = networks.Select(c => _study.FinishedMetrics(c.Id)!.HeldOutNmse).Select(v => double.IsFinite(v) ? Math.Min(v, PerformanceCap) : PerformanceCap).ToArray();
        var behaviour = new double[n * n];
        var performance = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            for (var j = i + 1; j < n; j++)
            {
                behaviour[i * n + j] = behaviour[j * n + i] = TaskMetrics.OutputDistance(probe, outputs[i], outputs[j]);
                performance[i * n + j] = performance[j * n + i] = Math.Abs(nmse[i] - nmse[j]);
            }
        }
        var function = new Dictionary<string, DistanceMatrix>
        {
            ["behaviour"] = new(behaviour, n, Path.Combine(folder, "distances_behaviour.npy")),
            ["performance"] = new(performance, n, Path.Combine(folder, "distances_performance.npy")),
        };
        if (AnalysisFolder.ReadMatrix(folder, TopologyStage.DistanceName, [.. networks.Select(c => c.Id.Value)]) is { } topology)
        {
            function[TopologyStage.DistanceName] = topology;
        }
        return function;
    }

    private ExternalComparison CompareExternal(ActivityMatrix external, int trials, PreparedActivity[] networks, IReadOnlyList<ISimilarityMetric> metrics)
    {
        var prepared = PreparedActivity.For(external, trials, metrics, _options.Dsa);
        var workspace = new DsaWorkspace();
        var distances = metrics.Select(metric => networks.Select(network => prepared.Compare(metric, network, workspace).Distance).ToArray()).ToArray();
        return new ExternalComparison(external.Source, distances);
    }

    /// <summary>
    /// The needed pairs' distances under <paramref name="metrics"/>, in their order: the representational ones on the
    /// subspaces, then the dynamical ones on the operators (progress counts the pairs of both).
    /// </summary>
    private double[][] Distances(IReadOnlyList<ISimilarityMetric> metrics, PreparedActivity[] prepared, Func<int, int, bool> needed, long pairs, IProgress<StageProgress>? progress, string name, CancellationToken cancellation)
    {
        var n = prepared.Length;
        var representational = metrics.OfType<IRepresentationalMetric>().ToList();
        var dynamical = metrics.OfType<IDynamicalMetric>().ToList();
        var total = Math.Max(1, pairs * ((representational.Count > 0 ? 1 : 0) + (dynamical.Count > 0 ? 1 : 0)));
        IProgress<long>? Family(long offset) => MappedProgress<long>.To(progress, done =>
        {
            var share = (offset + done) * pairs / total;
            return new StageProgress(n, 0, n, n + share, n + pairs, $"{name}: {share}/{pairs} pairs", null);
        });
        var geometry = representational.Count == 0 ? [] : new PairwiseDistances(representational, _threads)
            .Compute([.. prepared.Select(p => p.Subspace!)], needed, Family(0), cancellation);
        var dynamics = dynamical.Count == 0 ? [] : new DynamicalDistances(dynamical, _threads)
            .Compute([.. prepared.Select(p => p.Operator!)], needed, Family(representational.Count > 0 ? pairs : 0), cancellation);
        return [.. metrics.Select(m => m is IRepresentationalMetric r ? geometry[representational.IndexOf(r)] : dynamics[dynamical.IndexOf((IDynamicalMetric)m)])];
    }

    /// <summary>Per metric: the previous matrix when compare.json matches these settings and its matrix is whole, else null.</summary>
    private PreviousMatrix?[] Previous(string folder, ComparisonRecord record, IReadOnlyList<ISimilarityMetric> metrics)
    {
        var reused = new PreviousMatrix?[metrics.Count];
        var path = Path.Combine(folder, RecordFile);
        var old = StudyJson.ReadOrNull<ComparisonRecord>(path, old => old.Schema == ComparisonRecord.CurrentSchema && old.Stride == record.Stride
            && old.Samples == record.Samples && old.Networks.Distinct().Count() == old.Networks.Count
            && JsonSerializer.Serialize(old.Task, StudyJson.Canonical) == JsonSerializer.Serialize(record.Task, StudyJson.Canonical));
        if (old is null)
        {
            return reused;
        }
        var index = old.Networks.Select((id, i) => (id, i)).ToDictionary(x => x.id, x => x.i);
        for (var m = 0; m < metrics.Count; m++)
        {
            var file = Path.Combine(folder, $"distances_{metrics[m].Name}.npy");
            if (!old.Metrics.Contains(record.Metrics[m]) || !File.Exists(file))
            {
                continue;
            }
            try
            {
                var (values, shape) = NpyFile.Read(file);
                if (shape.Length == 2 && shape[0] == old.Networks.Count && shape[1] == old.Networks.Count)
                {
                    reused[m] = new PreviousMatrix(values, old.Networks.Count, index);
                }
            }
            catch (InvalidDataException)
            {
                // A damaged matrix is recomputed rather than trusted.
            }
        }
        return reused;
    }

    private void Write(string folder, ComparisonRecord record, IReadOnlyList<NetworkConfig> networks, List<MetricComparison> results, ExternalComparison? external, Dictionary<string, DistanceMatrix> function, DissociationReport dissociation, IReadOnlyList<OverTrainingPoint> overTraining)
    {
        Directory.CreateDirectory(folder);
        using var held = AnalysisFolder.Lock(folder);
        var recordPath = Path.Combine(folder, RecordFile);
        // Until compare.json is rewritten, the files beside it may belong to different network lists: drop the marker first.
        File.Delete(recordPath);
        var n = networks.Count;
        AnalysisFolder.WriteNetworks(folder, networks);
        // The folder holds the metrics of the last run only; a later run with more metrics computes the others.
        foreach (var stale in SimilarityMetrics.Names.Where(name => !results.Any(r => r.Metric.Name == name)))
        {
            File.Delete(Path.Combine(folder, $"distances_{stale}.npy"));
            File.Delete(Path.Combine(folder, $"embedding_{stale}.csv"));
        }
        foreach (var result in results)
        {
            NpyFile.Write(Path.Combine(folder, $"distances_{result.Metric.Name}.npy"), result.Distances.Values, n, n);
            if (result.Classical is { } classical && result.Smacof is { } smacof)
            {
                AnalysisFolder.WriteEmbedding(folder, result.Metric.Name, networks, classical, smacof);
            }
        }
        AnalysisFolder.WriteStatistics(Path.Combine(folder, "stats.json"), record.Task.Name, n, results.Select(r =>
            new StatisticsEntry(r.Metric.Name, r.Metric.Settings, r.Metric.IsMetric, r.Classical?.Stress, r.Smacof?.Stress, r.Separations)));
        if (external is not null)
        {
            WriteExternal(folder, networks, results, external);
        }
        foreach (var name in new[] { "behaviour", "performance" })
        {
            NpyFile.Write(Path.Combine(folder, $"distances_{name}.npy"), function[name].Values, n, n);
        }
        AtomicFile.WriteText(Path.Combine(folder, "dissociation.json"), JsonSerializer.Serialize(dissociation, StudyJson.Indented));
        OverTrainingAnalysis.Write(folder, overTraining);
        AtomicFile.WriteText(recordPath, JsonSerializer.Serialize(record, StudyJson.Indented));
    }

    /// <summary>Progress while the task's networks are run on the probe trials, before any pair is compared.</summary>
    private static StageProgress Prepared(string task, int prepared, int networks) =>
        new(networks, 0, prepared, prepared, networks, $"{task}: 0/0 pairs", null);

    private static void WriteExternal(string folder, IReadOnlyList<NetworkConfig> networks, List<MetricComparison> results, ExternalComparison external)
    {
        var order = Enumerable.Range(0, networks.Count).OrderBy(i => external.Distances[0][i]).ThenBy(i => networks[i].Id.Value, StringComparer.Ordinal).ToList();
        var table = new StringBuilder($"rank,id,cell,activation,{string.Join(',', results.Select(r => r.Metric.Name + "_distance"))}\n");
        for (var r = 0; r < order.Count; r++)
        {
            var i = order[r];
            table.Append(CultureInfo.InvariantCulture, $"{r + 1},{networks[i].Id.Value},{AnalysisFolder.Label(networks[i], "cell")},{AnalysisFolder.Label(networks[i], "activation")},{string.Join(',', external.Distances.Select(d => d[i].ToString("R", CultureInfo.InvariantCulture)))}\n");
        }
        AtomicFile.WriteText(Path.Combine(folder, $"external_{Path.GetFileNameWithoutExtension(external.Source)}.csv"), table.ToString());
    }

    private sealed record PreviousMatrix(double[] Values, int Count, Dictionary<string, int> Index);
}

using RnnAtlas.Networks;
using RnnAtlas.Training;

namespace RnnAtlas.Populations;

/// <summary>
/// Trains a population as one computation that keeps every core busy: each worker thread takes the next unfinished
/// network, trains it to its own stopping point with its own optimizer state in an allocation-free workspace that the
/// worker reuses for every network of the same shape, and stores it. A diverging network is recorded as failed and
/// never touches the others; networks already in the store are skipped.
/// </summary>
/// <remarks>
/// The measured layout decision (one network per core beats batching networks on these CPUs) is in
/// docs/decisions/0001-compute-engine.md. Results depend only on each network's config, not on the thread count.
/// </remarks>
public sealed class PopulationTrainer
{
    private const int ReportEvery = 25;
    private readonly INetworkStore _store;
    private readonly int _threads;

    /// <summary>Trains into <paramref name="store"/> with <paramref name="threads"/> workers.</summary>
    public PopulationTrainer(INetworkStore store, int threads)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        _store = store;
        _threads = threads;
    }

    /// <summary>Trains every network of <paramref name="networks"/> not yet finished; returns all, in input order.</summary>
    /// <param name="networks">The networks, each stored under its own config and id.</param>
    /// <param name="progress">Receives the population's progress.</param>
    /// <param name="cancellation">Stops between iterations; finished networks are stored, unfinished ones leave nothing.</param>
    /// <param name="settings">
    /// What each network trains with when that differs from its config: for a network whose config names a
    /// hyperparameter search, its config with the search's best settings (<see cref="HyperparameterSearch.WithSettingsOf"/>).
    /// </param>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public IReadOnlyList<TrainedNetwork> Train(IReadOnlyList<NetworkConfig> networks, IProgress<PopulationProgress>? progress, CancellationToken cancellation, Func<NetworkConfig, NetworkConfig>? settings = null)
    {
        ArgumentNullException.ThrowIfNull(networks);
        var results = new TrainedNetwork?[networks.Count];
        var pending = new List<int>();
        for (var i = 0; i < networks.Count; i++)
        {
            var metrics = _store.FinishedMetrics(networks[i].Id);
            if (metrics is null)
            {
                pending.Add(i);
            }
            else
            {
                results[i] = new TrainedNetwork(networks[i], metrics, true);
            }
        }
        var gate = new object();
        var skipped = networks.Count - pending.Count;
        var completed = 0;
        var passed = results.Count(r => r?.Metrics.Status == TrainingStatus.Passed);
        var failed = skipped - passed;
        long iterations = 0;
        long skippedWork = 0;
        var workTotal = pending.Sum(i => (long)networks[i].IterationCap);
        void Report(string? last)
        {
            var run = Interlocked.Read(ref iterations);
            progress?.Report(new PopulationProgress(networks.Count, skipped, completed, passed, failed, run, last, run + skippedWork, workTotal));
        }
        Report(null);

        bool DoneElsewhere(int index)
        {
            if (_store.FinishedMetrics(networks[index].Id) is not { } metrics)
            {
                return false;
            }
            lock (gate)
            {
                results[index] = new TrainedNetwork(networks[index], metrics, true);
                skipped++;
                workTotal -= networks[index].IterationCap;
                if (metrics.Status == TrainingStatus.Passed)
                {
                    passed++;
                }
                else
                {
                    failed++;
                }
                Report($"{networks[index].Id}: finished by another worker");
            }
            return true;
        }

        ClaimedQueue.Run(pending, _threads, () => new Dictionary<(NetworkShape, int, int), NetworkUnroll<float>>(), index => _store.TryClaim(networks[index].Id, "train"), DoneElsewhere, (workspaces, index) =>
        {
            var config = networks[index];
            var key = (config.Shape, config.Training.BatchSize, config.Task.TimeSteps);
            if (!workspaces.TryGetValue(key, out var unroll))
            {
                unroll = new NetworkUnroll<float>(config.Shape, config.Training.BatchSize, config.Task.TimeSteps);
                workspaces[key] = unroll;
            }
            var result = new NetworkTrainer(settings?.Invoke(config) ?? config, unroll).Train(cancellation, iteration =>
            {
                Interlocked.Increment(ref iterations);
                if (iteration % ReportEvery == 0)
                {
                    lock (gate)
                    {
                        Report(null);
                    }
                }
            });
            // Stored under the network's own id, whatever settings it trained with.
            result = result with { Metrics = result.Metrics with { Id = config.Id.Value } };
            _store.Save(config, result);
            var metrics = result.Metrics;
            lock (gate)
            {
                results[index] = new TrainedNetwork(config, metrics, false);
                completed++;
                skippedWork += config.IterationCap - metrics.Iterations;
                if (metrics.Status == TrainingStatus.Passed)
                {
                    passed++;
                }
                else
                {
                    failed++;
                }
                Report($"{config.Id}: {metrics.Status.ToString().ToLowerInvariant()} ({metrics.Reason})");
            }
        }, cancellation);
        return [.. results.Select(r => r!)];
    }
}

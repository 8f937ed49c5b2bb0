using System.Collections.Concurrent;
using RnnAtlas.Populations;
using RnnAtlas.Training;

namespace RnnAtlas.Studies.Stages;

/// <summary>
/// The loop every per-network analysis stage runs: networks whose result is already stored are skipped; the others are
/// analysed on <c>threads</c> workers, each under the study's claim for that network and stage, so that concurrent
/// workers (overlapping shards, a second process) never analyse a network twice and take over what another finished.
/// </summary>
internal static class PerNetworkStage
{
    /// <summary>Runs <paramref name="analyze"/> on every network of <paramref name="networks"/> without a stored result; returns every network's result by id.</summary>
    /// <param name="study">The study (claims live in its network folders).</param>
    /// <param name="stage">The stage's claim name.</param>
    /// <param name="networks">The networks of this run.</param>
    /// <param name="threads">Workers.</param>
    /// <param name="finished">The stored result of a network, or null when it has none (or an outdated one).</param>
    /// <param name="analyze">Computes and stores a network's result, given the threads it may use (more than one only when fewer networks than workers are left).</param>
    /// <param name="describe">One line about a network's new result, for the progress.</param>
    /// <param name="progress">Progress after every network.</param>
    /// <param name="cancellation">Stops between networks.</param>
    public static IReadOnlyDictionary<string, TResult> Run<TResult>(
        StudyFolder study,
        string stage,
        IReadOnlyList<NetworkConfig> networks,
        int threads,
        Func<NetworkConfig, TResult?> finished,
        Func<NetworkConfig, int, TResult> analyze,
        Func<NetworkConfig, TResult, string> describe,
        IProgress<StageProgress>? progress,
        CancellationToken cancellation)
        where TResult : class
    {
        var results = new ConcurrentDictionary<string, TResult>();
        var pending = new List<NetworkConfig>();
        foreach (var config in networks)
        {
            if (finished(config) is { } result)
            {
                results[config.Id.Value] = result;
            }
            else
            {
                pending.Add(config);
            }
        }
        var gate = new object();
        var skipped = results.Count;
        var completed = 0;
        progress?.Report(Progress(networks.Count, skipped, 0, null));
        bool DoneElsewhere(NetworkConfig config)
        {
            if (finished(config) is not { } result)
            {
                return false;
            }
            results[config.Id.Value] = result;
            lock (gate)
            {
                skipped++;
                progress?.Report(Progress(networks.Count, skipped, completed, $"{config.Id.Value}: finished by another worker"));
            }
            return true;
        }

        // Fewer networks than threads: each network gets the threads the others leave idle.
        var threadsPerNetwork = Math.Max(1, threads / Math.Max(1, pending.Count));
        ClaimedQueue.Run(pending, threads, () => 0, config => study.TryClaim(config.Id, stage), DoneElsewhere, (_, config) =>
        {
            var result = analyze(config, threadsPerNetwork);
            results[config.Id.Value] = result;
            lock (gate)
            {
                completed++;
                progress?.Report(Progress(networks.Count, skipped, completed, $"{config.Id.Value}: {describe(config, result)}"));
            }
        }, cancellation);
        return results;
    }

    /// <summary>A per-network stage's progress: one work unit per network analysed in this run.</summary>
    private static StageProgress Progress(int total, int skipped, int completed, string? last) =>
        new(total, skipped, completed, completed, total - skipped, $"{skipped} already done", last);
}

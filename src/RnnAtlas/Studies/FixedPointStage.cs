using System.Collections.Concurrent;
using RnnAtlas.FixedPoints;
using RnnAtlas.Populations;
using RnnAtlas.Training;

namespace RnnAtlas.Studies;

/// <summary>
/// Runs <see cref="FixedPointAnalysis"/> over a study's passing networks on all cores (one network per worker),
/// skipping networks already analysed with the same options, then writes the study-wide fixed-point table.
/// </summary>
public sealed class FixedPointStage
{
    private readonly StudyFolder _study;
    private readonly FixedPointAnalysis _analysis;
    private readonly int _threads;

    /// <summary>Prepares the stage for <paramref name="study"/>.</summary>
    public FixedPointStage(StudyFolder study, FixedPointOptions options, int threads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        _study = study;
        _analysis = new FixedPointAnalysis(study, options);
        _threads = threads;
    }

    /// <summary>
    /// Analyses the passing networks among <paramref name="only"/> (all when null); returns every analysed network's
    /// config and report in id order.
    /// </summary>
    /// <exception cref="InvalidDataException">A requested id is not in the study, or a network's files are unreadable.</exception>
    /// <param name="only">Network ids to analyse (all when null).</param>
    /// <param name="shard">When set, only this shard's networks, and no study-wide table (the merge writes it).</param>
    /// <param name="progress">Progress after every network.</param>
    /// <param name="cancellation">Stops between networks.</param>
    public IReadOnlyList<(NetworkConfig Config, FixedPointReport Report)> Run(IReadOnlyCollection<string>? only, Shard? shard, IProgress<StageProgress>? progress, CancellationToken cancellation)
    {
        var ids = _study.NetworkIds();
        if (only is not null)
        {
            var unknown = only.Where(id => !ids.Any(n => n.Value == id)).ToList();
            if (unknown.Count > 0)
            {
                throw new InvalidDataException($"{_study.Root}: no network {string.Join(", ", unknown)} in this study");
            }
            ids = [.. ids.Where(n => only.Contains(n.Value))];
        }
        if (shard is not null)
        {
            var owned = _study.Owned(shard);
            ids = [.. ids.Where(n => owned.Contains(n.Value))];
        }
        var passing = AnalysisFolder.Members(_study, ids).ToList();
        var results = new ConcurrentDictionary<string, (NetworkConfig, FixedPointReport)>();
        var pending = new List<NetworkConfig>();
        foreach (var config in passing)
        {
            if (_analysis.Finished(config) is { } report)
            {
                results[config.Id.Value] = (config, report);
            }
            else
            {
                pending.Add(config);
            }
        }
        var gate = new object();
        var skipped = results.Count;
        var completed = 0;
        progress?.Report(new StageProgress(passing.Count, skipped, 0, null));
        bool DoneElsewhere(NetworkConfig config)
        {
            if (_analysis.Finished(config) is not { } report)
            {
                return false;
            }
            results[config.Id.Value] = (config, report);
            lock (gate)
            {
                skipped++;
                progress?.Report(new StageProgress(passing.Count, skipped, completed, $"{config.Id.Value}: finished by another worker"));
            }
            return true;
        }

        ClaimedQueue.Run(pending, _threads, () => 0, config => _study.TryClaim(config.Id, "fixedpoints"), DoneElsewhere, (_, config) =>
        {
            var report = _analysis.Analyze(config);
            results[config.Id.Value] = (config, report);
            lock (gate)
            {
                completed++;
                var stable = report.Conditions.Sum(c => c.Points.Count(p => p.IsStable));
                var slow = report.Conditions.Sum(c => c.Points.Count(p => p.Status == FixedPointStatus.Slow));
                var total = report.Conditions.Sum(c => c.Points.Count);
                progress?.Report(new StageProgress(passing.Count, skipped, completed, $"{config.Id.Value}: {total} points ({slow} slow), {stable} stable fixed points"));
            }
        }, cancellation);
        var ordered = results.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => r.Value).ToList();
        if (shard is null)
        {
            FixedPointTable.Write(_study, ordered);
        }
        return ordered;
    }
}

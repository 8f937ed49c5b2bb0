using RnnAtlas.FixedPoints;
using RnnAtlas.Populations;
using RnnAtlas.Studies.Analyses;
using RnnAtlas.Training;

namespace RnnAtlas.Studies.Stages;

/// <summary>
/// Runs <see cref="FixedPointAnalysis"/> over a study's passing networks on all cores (one network per worker; with fewer
/// networks left than cores, each network searches and linearizes on the cores the others leave idle),
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
        var reports = PerNetworkStage.Run(_study, "fixedpoints", passing, _threads, _analysis.Finished, _analysis.Analyze, (_, report) =>
        {
            var stable = report.Conditions.Sum(c => c.Points.Count(p => p.IsStable));
            var slow = report.Conditions.Sum(c => c.Points.Count(p => p.Status == FixedPointStatus.Slow));
            var total = report.Conditions.Sum(c => c.Points.Count);
            return $"{total} points ({slow} slow), {stable} stable fixed points";
        }, progress, cancellation);
        var ordered = passing.OrderBy(c => c.Id.Value, StringComparer.Ordinal).Select(c => (c, reports[c.Id.Value])).ToList();
        if (shard is null)
        {
            FixedPointTable.Write(_study, ordered);
        }
        return ordered;
    }
}

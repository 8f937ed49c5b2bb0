using RnnAtlas.FixedPoints;
using RnnAtlas.Populations;
using RnnAtlas.Similarity;
using RnnAtlas.Studies.Analyses;
using RnnAtlas.Studies.Configuration;
using RnnAtlas.Topology;
using RnnAtlas.Training;

namespace RnnAtlas.Studies.Stages;

/// <summary>Writes a study's report from its files; returns the path of <c>report/index.html</c>.</summary>
/// <remarks>The HTML report lives above the core (RnnAtlas.Reporting), so a pipeline that ends with it is given its builder.</remarks>
public delegate string ReportBuilder(StudyFolder study, IProgress<StageProgress>? progress);

/// <summary>
/// A study's stages in order — train → fixed points → topology → compare → report — each skipping finished work, so a
/// rerun after a crash or Ctrl-C resumes where it stopped. The stages read their settings from the study
/// (<see cref="StudyFolder.Analysis"/>); a single-stage pipeline (one <c>rnnatlas</c> command) may override them.
/// </summary>
public sealed class StudyPipeline
{
    /// <summary>A pipeline of <paramref name="stages"/>, run in the order given.</summary>
    public StudyPipeline(IReadOnlyList<StudyStage> stages)
    {
        ArgumentNullException.ThrowIfNull(stages);
        ArgumentOutOfRangeException.ThrowIfZero(stages.Count);
        Stages = stages;
    }

    /// <summary>The stages, in order.</summary>
    public IReadOnlyList<StudyStage> Stages { get; }

    /// <summary>
    /// The whole study: train, fixed points and topology; then, unless <paramref name="shard"/> is set (a worker's
    /// share; <see cref="Merge"/> finishes the study), compare and report.
    /// </summary>
    public static StudyPipeline Study(StudyFolder study, Sweep sweep, int threads, Shard? shard, ReportBuilder report)
    {
        ArgumentNullException.ThrowIfNull(study);
        var options = study.Analysis;
        List<StudyStage> stages =
        [
            Train(study, sweep, threads, shard),
            FixedPoints(study, options.FixedPoints, threads, null, shard),
            Topology(study, options.Topology, threads, shard),
        ];
        if (shard is null)
        {
            stages.Add(Compare(study, options.Compare, threads, null));
            stages.Add(Report(study, report));
        }
        return new StudyPipeline(stages);
    }

    /// <summary>After the shards: the per-network stages for whatever is still missing, then compare and report.</summary>
    public static StudyPipeline Merge(StudyFolder study, int threads, ReportBuilder report)
    {
        ArgumentNullException.ThrowIfNull(study);
        var options = study.Analysis;
        return new StudyPipeline(
        [
            FixedPoints(study, options.FixedPoints, threads, null, null),
            Topology(study, options.Topology, threads, null),
            Compare(study, options.Compare, threads, null),
            Report(study, report),
        ]);
    }

    /// <summary>
    /// Trains the unfinished networks of <paramref name="sweep"/> (of <paramref name="shard"/> only, when set). With a
    /// hyperparameter search, every configuration's samples are trained first (by every worker, under claims, so shards
    /// share them and wait for each other), its table written (<see cref="SearchResult"/>), and each network then trains
    /// with its configuration's best settings.
    /// </summary>
    public static StudyStage Train(StudyFolder study, Sweep sweep, int threads, Shard? shard)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(sweep);
        return new StudyStage("train", (progress, cancellation) =>
        {
            var owned = shard is null ? null : study.Owned(shard);
            IReadOnlyList<NetworkConfig> networks = [.. sweep.Expand().Where(c => owned is null || owned.Contains(c.Id.Value))];
            var trainer = new PopulationTrainer(study, threads);
            var searches = Search(study, sweep, trainer, progress, cancellation);
            var best = searches.ToDictionary(s => s.Name, s => s.Best);
            var trained = trainer.Train(networks, Progress(progress, ""), cancellation,
                c => c.Search is null ? c : HyperparameterSearch.WithSettingsOf(c, best[HyperparameterSearch.Name(c)]));
            return new TrainingOutcome(trained, shard, searches);
        });
    }

    /// <summary>The sweep's searches (none without <c>[search]</c>): every configuration's samples trained and its table written.</summary>
    private static IReadOnlyList<SearchResult> Search(StudyFolder study, Sweep sweep, PopulationTrainer trainer, IProgress<StageProgress>? progress, CancellationToken cancellation)
    {
        if (sweep.Search is not { } search)
        {
            return [];
        }
        var configurations = sweep.Expand().Where(c => c.Snapshot is null).DistinctBy(HyperparameterSearch.Name).ToList();
        var samples = configurations.SelectMany(search.SamplesOf).ToList();
        var trained = trainer.Train(samples, Progress(progress, "search samples: "), cancellation).ToDictionary(t => t.Config.Id);
        var results = configurations.Select(c => SearchResult.Of(HyperparameterSearch.Name(c), [.. search.SamplesOf(c).Select(s => trained[s.Id])])).ToList();
        foreach (var result in results)
        {
            result.Write(study.Root);
        }
        return results;
    }

    private static IProgress<PopulationProgress>? Progress(IProgress<StageProgress>? progress, string prefix) => MappedProgress<PopulationProgress>.To(progress, p =>
        new StageProgress(p.Total, p.Skipped, p.Completed, p.Work, p.WorkTotal, $"{prefix}{p.Skipped} already done, {p.Passed} passed, {p.Failed} failed, {p.Iterations} iterations run", p.LastFinished));

    /// <summary>Finds every passing network's fixed points (of <paramref name="only"/> and <paramref name="shard"/>, when set).</summary>
    public static StudyStage FixedPoints(StudyFolder study, FixedPointOptions options, int threads, IReadOnlyCollection<string>? only, Shard? shard)
    {
        var stage = new FixedPointStage(study, options, threads);
        return new StudyStage("fixed points", (progress, cancellation) => new FixedPointOutcome(stage.Run(only, shard, progress, cancellation), shard));
    }

    /// <summary>Builds every passing network's scaffold and, unless <paramref name="shard"/> is set, compares them per task.</summary>
    public static StudyStage Topology(StudyFolder study, TopologyOptions options, int threads, Shard? shard)
    {
        var stage = new TopologyStage(study, options, threads);
        return new StudyStage("topology", (progress, cancellation) => new TopologyOutcome(stage.Run(shard, progress, cancellation)));
    }

    /// <summary>Compares every task's passing networks (and <paramref name="external"/> activity, when given).</summary>
    public static StudyStage Compare(StudyFolder study, ComparisonOptions options, int threads, ActivityMatrix? external)
    {
        var stage = new ComparisonStage(study, options, threads);
        return new StudyStage("compare", (progress, cancellation) => new ComparisonOutcome(stage.Run(external, progress, cancellation), external));
    }

    /// <summary>Writes the study's report with <paramref name="report"/>.</summary>
    public static StudyStage Report(StudyFolder study, ReportBuilder report)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(report);
        return new StudyStage("report", (progress, _) => new ReportOutcome(report(study, progress)));
    }

    /// <summary>Runs the stages in order under <paramref name="observer"/>; returns their outcomes, in order.</summary>
    /// <exception cref="OperationCanceledException">Cancelled; every stage's finished work is on disk.</exception>
    public IReadOnlyList<StageOutcome> Run(IStageObserver observer, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(observer);
        var outcomes = new List<StageOutcome>(Stages.Count);
        for (var i = 0; i < Stages.Count; i++)
        {
            var stage = Stages[i];
            cancellation.ThrowIfCancellationRequested();
            outcomes.Add(observer.Observe(i + 1, Stages.Count, stage, progress => stage.Run(progress, cancellation)));
        }
        return outcomes;
    }
}

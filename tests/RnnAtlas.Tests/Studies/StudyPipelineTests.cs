using RnnAtlas.Populations;
using RnnAtlas.Studies;
using RnnAtlas.Studies.Stages;

namespace RnnAtlas.Tests.Studies;

/// <summary>A study's stages in order, run by the library: what each pipeline holds, what an observer sees, where it stops.</summary>
public sealed class StudyPipelineTests
{
    private static readonly Sweep Tiny = TinyStudies.Sweep(0, 1);

    [Fact]
    public void AStudyIsTrainFixedPointsTopologyCompareReportAndAShardStopsBeforeTheComparison()
    {
        using var folder = new TempFolder();
        var study = StudyFolder.CreateOrOpen(folder.Path, Tiny);

        Assert.Equal(["train", "fixed points", "topology", "compare", "report"], StudyPipeline.Study(study, Tiny, 2, null, Unused).Stages.Select(s => s.Name));
        Assert.Equal(["train", "fixed points", "topology"], StudyPipeline.Study(study, Tiny, 2, new Shard(1, 2), Unused).Stages.Select(s => s.Name));
        Assert.Equal(["fixed points", "topology", "compare", "report"], StudyPipeline.Merge(study, 2, Unused).Stages.Select(s => s.Name));
    }

    [Fact]
    public void TheObserverSeesEveryStageOnceInOrderWithProgressThatEndsCompleteAndARerunSkipsEverything()
    {
        using var folder = new TempFolder();
        var study = StudyFolder.CreateOrOpen(folder.Path, Tiny);
        var reports = 0;
        string Report(StudyFolder s, IProgress<StageProgress>? progress)
        {
            reports++;
            progress?.Report(new StageProgress(1, 0, 1, 1, 1, "1/1", "written"));
            return Path.Combine(s.Root, "report", "index.html");
        }

        var first = new Recorder();
        var outcomes = StudyPipeline.Study(study, Tiny, 2, null, Report).Run(first, default);

        Assert.Equal([(1, 5, "train"), (2, 5, "fixed points"), (3, 5, "topology"), (4, 5, "compare"), (5, 5, "report")], first.Stages);
        Assert.Collection(outcomes,
            o => Assert.Equal(4, Assert.IsType<TrainingOutcome>(o).Networks.Count),
            o => Assert.Equal(4, Assert.IsType<FixedPointOutcome>(o).Networks.Count),
            o => Assert.Single(Assert.IsType<TopologyOutcome>(o).Tasks),
            o => Assert.Single(Assert.IsType<ComparisonOutcome>(o).Tasks),
            o => Assert.EndsWith("index.html", Assert.IsType<ReportOutcome>(o).Index, StringComparison.Ordinal));
        Assert.Equal(1, reports);
        foreach (var stage in new[] { "train", "fixed points", "topology" })
        {
            var last = first.Progress[stage][^1];
            Assert.Equal((4, 0, 4), (last.Total, last.Skipped, last.Completed));
            Assert.Equal(last.WorkTotal, last.Work);
        }

        var again = new Recorder();
        var rerun = StudyPipeline.Study(study, Tiny, 2, null, Report).Run(again, default);

        foreach (var stage in new[] { "train", "fixed points", "topology" })
        {
            Assert.All(again.Progress[stage], p => Assert.Equal((4, 4, 0), (p.Total, p.Skipped, p.Completed)));
        }
        Assert.Equal(0, Assert.Single(Assert.IsType<ComparisonOutcome>(rerun[3]).Tasks).ComputedPairs);
        Assert.Equal(2, reports);
    }

    [Fact]
    public void ACancelledPipelineStopsBeforeTheNextStageAndKeepsWhatTheFinishedOnesWrote()
    {
        using var folder = new TempFolder();
        var study = StudyFolder.CreateOrOpen(folder.Path, Tiny);
        using var cancellation = new CancellationTokenSource();
        var observer = new Recorder(afterFirst: cancellation.Cancel);

        Assert.ThrowsAny<OperationCanceledException>(() => StudyPipeline.Study(study, Tiny, 2, null, Unused).Run(observer, cancellation.Token));

        Assert.Equal([(1, 5, "train")], observer.Stages);
        Assert.Empty(study.Unfinished());
        Assert.All(study.NetworkIds(), id => Assert.False(File.Exists(Path.Combine(study.NetworkFolder(id), "fixedpoints.json"))));
    }

    private static string Unused(StudyFolder study, IProgress<StageProgress>? progress) => throw new InvalidOperationException("the report is not built in this test");

    private sealed class Recorder(Action? afterFirst = null) : IStageObserver
    {
        public List<(int Number, int Count, string Name)> Stages { get; } = [];

        public Dictionary<string, List<StageProgress>> Progress { get; } = [];

        public StageOutcome Observe(int number, int count, StudyStage stage, Func<IProgress<StageProgress>?, StageOutcome> run)
        {
            Stages.Add((number, count, stage.Name));
            var reports = Progress[stage.Name] = [];
            var outcome = run(new Collect(reports));
            if (number == 1)
            {
                afterFirst?.Invoke();
            }
            return outcome;
        }
    }

    private sealed class Collect(List<StageProgress> into) : IProgress<StageProgress>
    {
        public void Report(StageProgress value)
        {
            lock (into)
            {
                into.Add(value);
            }
        }
    }
}

using RnnAtlas.Studies.Stages;

namespace RnnAtlas.Tests;

/// <summary>Runs each stage of a pipeline without showing anything: the observer of tests that look only at outcomes and files.</summary>
internal sealed class Unobserved : IStageObserver
{
    public StageOutcome Observe(int number, int count, StudyStage stage, Func<IProgress<StageProgress>?, StageOutcome> run) => run(null);
}

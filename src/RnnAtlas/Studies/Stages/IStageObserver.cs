namespace RnnAtlas.Studies.Stages;

/// <summary>How a front end follows a running pipeline: it wraps each stage's run to show its heading, progress and outcome.</summary>
public interface IStageObserver
{
    /// <summary>Called once per stage, in order: must call <paramref name="run"/> exactly once and return its outcome.</summary>
    /// <param name="number">The stage's position, from 1.</param>
    /// <param name="count">Stages in the pipeline.</param>
    /// <param name="stage">The stage.</param>
    /// <param name="run">Runs the stage, reporting to the given progress sink (or none).</param>
    StageOutcome Observe(int number, int count, StudyStage stage, Func<IProgress<StageProgress>?, StageOutcome> run);
}

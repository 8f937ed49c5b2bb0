namespace RnnAtlas.Studies.Stages;

/// <summary>
/// One stage of a study (train, fixed points, topology, compare, report): a name and the work, which skips what is
/// already on disk. Only <see cref="StudyPipeline"/> runs stages, in order; a front end observes them through
/// <see cref="IStageObserver"/>.
/// </summary>
public sealed class StudyStage
{
    private readonly Func<IProgress<StageProgress>?, CancellationToken, StageOutcome> _run;

    /// <summary>A stage called <paramref name="name"/> that does <paramref name="run"/>.</summary>
    public StudyStage(string name, Func<IProgress<StageProgress>?, CancellationToken, StageOutcome> run)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(run);
        Name = name;
        _run = run;
    }

    /// <summary>The stage's name, as shown in headings ("fixed points").</summary>
    public string Name { get; }

    internal StageOutcome Run(IProgress<StageProgress>? progress, CancellationToken cancellation) => _run(progress, cancellation);
}

using RnnAtlas.Studies;
using RnnAtlas.Studies.Stages;
using Spectre.Console;

namespace RnnAtlas.Cli;

/// <summary>
/// How the commands show a running <see cref="StudyPipeline"/>: a numbered heading per stage (when there are several),
/// its live progress, then its summary. The pipeline decides what runs; this only renders.
/// </summary>
internal sealed class StageView(IAnsiConsole console, StudyFolder study) : IStageObserver
{
    /// <summary>Runs <paramref name="pipeline"/> under this view; returns the stages' outcomes in order.</summary>
    public IReadOnlyList<StageOutcome> Show(StudyPipeline pipeline, CancellationToken cancellation) => pipeline.Run(this, cancellation);

    public StageOutcome Observe(int number, int count, StudyStage stage, Func<IProgress<StageProgress>?, StageOutcome> run)
    {
        if (count > 1)
        {
            console.Write(new Rule($"[bold]{number}/{count} {stage.Name}[/]").LeftJustified());
        }
        var outcome = new ProgressView(console, stage.Name).Run(run);
        switch (outcome)
        {
            case TrainingOutcome training:
                TrainCommand.Render(console, study, training);
                break;
            case FixedPointOutcome fixedPoints:
                FixedPointsCommand.Render(console, study, fixedPoints);
                break;
            case TopologyOutcome topology:
                TopologyCommand.Render(console, topology);
                break;
            case ComparisonOutcome comparison:
                CompareCommand.Render(console, comparison);
                break;
            case ReportOutcome report:
                console.MarkupLineInterpolated($"report: {report.Index}");
                break;
        }
        return outcome;
    }
}

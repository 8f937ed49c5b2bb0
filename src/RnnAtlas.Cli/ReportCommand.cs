using RnnAtlas.Reporting;
using RnnAtlas.Studies;
using RnnAtlas.Studies.Stages;
using Spectre.Console;
using Spectre.Console.Cli;

namespace RnnAtlas.Cli;

/// <summary><c>rnnatlas report DIR</c>: rebuild <c>report/index.html</c> and its figures from the study's files.</summary>
internal sealed class ReportCommand : Command<ReportSettings>
{
    private readonly IAnsiConsole _console;

    public ReportCommand()
        : this(AnsiConsole.Console)
    {
    }

    public ReportCommand(IAnsiConsole console) => _console = console;

    public override int Execute(CommandContext context, ReportSettings settings, CancellationToken cancellationToken)
    {
        var study = StudyFolder.Open(settings.Study);
        new StageView(_console, study).Show(new StudyPipeline([StudyPipeline.Report(study, StudyReport.Build)]), cancellationToken);
        return ExitCodes.Ok;
    }
}

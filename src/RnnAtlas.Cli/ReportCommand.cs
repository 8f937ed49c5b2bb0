using RnnAtlas.Reporting;
using RnnAtlas.Studies;
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
        Run(_console, StudyFolder.Open(settings.Study));
        return ExitCodes.Ok;
    }

    /// <summary>Builds the report of <paramref name="study"/> and says where it is.</summary>
    internal static string Run(IAnsiConsole console, StudyFolder study)
    {
        var index = StudyReport.Build(study, new Progress<string>(line => console.WriteLine(line)));
        console.MarkupLineInterpolated($"report: {index}");
        return index;
    }
}

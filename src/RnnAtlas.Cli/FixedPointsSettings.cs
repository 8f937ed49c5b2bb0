using System.ComponentModel;
using Spectre.Console.Cli;

namespace RnnAtlas.Cli;

/// <summary>Options of <c>rnnatlas fixedpoints</c>.</summary>
internal sealed class FixedPointsSettings : WorkerSettings
{
    [CommandArgument(0, "<DIR>")]
    [Description("Study folder (made by 'rnnatlas train').")]
    public string Study { get; init; } = "";

    [CommandOption("--networks <IDS>")]
    [Description("Only these network ids, comma-separated (default: every passing network).")]
    public string? Networks { get; init; }

    [CommandOption("--initial-states <N>")]
    [Description("Initial states per analysis condition (default 256).")]
    public string? InitialStates { get; init; }

    [CommandOption("--slow-point-spacing <X>")]
    [Description("Keep slow points at least X × the state spread apart (default: off, 0.05 for the integration task's line attractors).")]
    public string? SlowPointSpacing { get; init; }
}

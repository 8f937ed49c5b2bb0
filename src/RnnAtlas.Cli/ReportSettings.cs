using System.ComponentModel;
using Spectre.Console.Cli;

namespace RnnAtlas.Cli;

/// <summary>Options of <c>rnnatlas report</c>.</summary>
internal sealed class ReportSettings : CommandSettings
{
    [CommandArgument(0, "<DIR>")]
    [Description("Study folder.")]
    public string Study { get; init; } = "";
}

using System.ComponentModel;
using Spectre.Console.Cli;

namespace RnnAtlas.Cli;

/// <summary>Options of <c>rnnatlas topology</c>.</summary>
internal sealed class TopologySettings : WorkerSettings
{
    [CommandArgument(0, "<DIR>")]
    [Description("Study folder with fixed points (run 'rnnatlas fixedpoints' first).")]
    public string Study { get; init; } = "";

    [CommandOption("--show <ID>")]
    [Description("Also print this network's scaffold as text (its graph, limit cycles or line attractors).")]
    public string? Show { get; init; }
}

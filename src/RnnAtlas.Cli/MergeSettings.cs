using System.ComponentModel;
using Spectre.Console.Cli;

namespace RnnAtlas.Cli;

/// <summary>Options of <c>rnnatlas merge</c>.</summary>
internal sealed class MergeSettings : CommandSettings
{
    [CommandArgument(0, "<DIR>")]
    [Description("Study folder whose shards have finished.")]
    public string Study { get; init; } = "";

    [CommandOption("--partial")]
    [Description("Merge even though some planned networks have not finished training (the report says which are missing).")]
    public bool Partial { get; init; }

    [CommandOption("--threads <N>")]
    [Description("Worker threads (default: all cores).")]
    public string? Threads { get; init; }
}

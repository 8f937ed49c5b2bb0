using System.ComponentModel;
using Spectre.Console.Cli;

namespace RnnAtlas.Cli;

/// <summary>Options of <c>rnnatlas study</c>.</summary>
internal sealed class StudySettings : WorkerSettings
{
    [CommandArgument(0, "[CONFIG]")]
    [Description("Sweep file (TOML, docs/config.md); without it, the preset's sweep.")]
    public string? Config { get; init; }

    [CommandOption("-o|--out <DIR>")]
    [Description("Study folder (default: studies/<preset>, or studies/<config file name>).")]
    public string? Out { get; init; }

    [CommandOption("--preset <NAME>")]
    [Description("default (3-bit flip-flop, 32 networks), paper-small (the paper's three tasks × 4 cells × 2 seeds, 24 networks) or paper (the paper's grid, 1,152 networks, for a cluster).")]
    public string? Preset { get; init; }

    [CommandOption("--snapshots <LIST>")]
    [Description("Also add each network's training snapshots (e.g. 0 for untrained baselines, or 'log' for 0,10,30,100,300,1000) for the geometry-versus-function analysis.")]
    public string? Snapshots { get; init; }
}

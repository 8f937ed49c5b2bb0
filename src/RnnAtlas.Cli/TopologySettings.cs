using System.ComponentModel;
using Spectre.Console.Cli;

namespace RnnAtlas.Cli;

/// <summary>Options of <c>rnnatlas topology</c>.</summary>
internal sealed class TopologySettings : CommandSettings
{
    [CommandArgument(0, "<DIR>")]
    [Description("Study folder with fixed points (run 'rnnatlas fixedpoints' first).")]
    public string Study { get; init; } = "";

    [CommandOption("--show <ID>")]
    [Description("Also print this network's scaffold as text (its graph, limit cycles or line attractors).")]
    public string? Show { get; init; }

    [CommandOption("--shard <I/N>")]
    [Description("Only shard I of N of the per-network work (0 ≤ I < N; ordinal id order, every N-th network), for independent workers such as a Slurm job array; 'rnnatlas merge' finishes the study.")]
    public string? Shard { get; init; }

    [CommandOption("--threads <N>")]
    [Description("Worker threads (default: all cores).")]
    public string? Threads { get; init; }
}

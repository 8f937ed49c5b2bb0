using System.ComponentModel;
using Spectre.Console.Cli;

namespace RnnAtlas.Cli;

/// <summary>Options of every command that does per-network work: how many threads, and which shard.</summary>
internal abstract class WorkerSettings : CommandSettings
{
    [CommandOption("--shard <I/N>")]
    [Description("Only shard I of N of the per-network work (0 ≤ I < N; ordinal id order, every N-th network), for independent workers such as a Slurm job array; 'rnnatlas merge' finishes the study.")]
    public string? Shard { get; init; }

    [CommandOption("--threads <N>")]
    [Description("Worker threads (default: all cores).")]
    public string? Threads { get; init; }

    /// <summary>The parsed <c>--shard</c>, or null for all networks.</summary>
    public Populations.Shard? ParsedShard => Shard is { } text ? Populations.Shard.Parse(text, "--shard") : null;
}

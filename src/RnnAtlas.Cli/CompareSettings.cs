using System.ComponentModel;
using Spectre.Console.Cli;

namespace RnnAtlas.Cli;

/// <summary>Options of <c>rnnatlas compare</c>.</summary>
internal sealed class CompareSettings : CommandSettings
{
    [CommandArgument(0, "<DIR>")]
    [Description("Study folder (made by 'rnnatlas train').")]
    public string Study { get; init; } = "";

    [CommandOption("--metrics <LIST>")]
    [Description("Comma-separated metrics: svcca, pwcca, cka, procrustes, cca, cca-shape, dsa, dsa-spectrum (default: all).")]
    public string? Metrics { get; init; }

    [CommandOption("--activity <FILE>")]
    [Description("Also compare this activity matrix (.npy or .csv, samples × units) with every network of the task whose probe set has as many samples.")]
    public string? Activity { get; init; }

    [CommandOption("--stages <LIST>")]
    [Description("Compare only members of these stages (trained, untrained, checkpoint-<k>), into analysis/<task>-<stages>/ (default: every member, into analysis/<task>/).")]
    public string? Stages { get; init; }

    [CommandOption("--stride <N>")]
    [Description("Keep every N-th time step of the probe trials (default 1: all).")]
    public string? Stride { get; init; }

    [CommandOption("--threads <N>")]
    [Description("Worker threads (default: all cores).")]
    public string? Threads { get; init; }
}

using System.ComponentModel;
using Spectre.Console.Cli;

namespace RnnAtlas.Cli;

/// <summary>Options of <c>rnnatlas similarity</c>.</summary>
internal sealed class SimilaritySettings : CommandSettings
{
    [CommandArgument(0, "<A>")]
    [Description("First activity matrix (.npy or .csv, samples × units).")]
    public string First { get; init; } = "";

    [CommandArgument(1, "<B>")]
    [Description("Second activity matrix, with the same samples.")]
    public string Second { get; init; } = "";

    [CommandOption("--metrics <LIST>")]
    [Description("Comma-separated metrics: svcca, pwcca, cka, procrustes, cca, cca-shape, dsa, dsa-spectrum (default: all).")]
    public string? Metrics { get; init; }

    [CommandOption("--trials <N>")]
    [Description("The rows are N trials of equal length, one after another (DSA's delay embedding never crosses a trial; default 1).")]
    public string? Trials { get; init; }

    [CommandOption("--json")]
    [Description("Print JSON instead of a table.")]
    public bool Json { get; init; }
}

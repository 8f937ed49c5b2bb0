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

    [CommandOption("--json")]
    [Description("Print JSON instead of a table.")]
    public bool Json { get; init; }
}

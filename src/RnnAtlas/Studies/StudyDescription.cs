using RnnAtlas.Populations;
using RnnAtlas.Studies.Configuration;

namespace RnnAtlas.Studies;

/// <summary>The resolved configuration at a study folder's root (<c>study.json</c>): every sweep ever run into it.</summary>
public sealed record StudyDescription
{
    /// <summary>Schema of this file.</summary>
    public const string CurrentSchema = "rnnatlas.study/1";

    /// <summary>Schema tag, <see cref="CurrentSchema"/>.</summary>
    public string Schema { get; init; } = CurrentSchema;

    /// <summary>The sweeps, in the order they were added; the study's networks are their union.</summary>
    public IReadOnlyList<Sweep> Sweeps { get; init; } = [];

    /// <summary>The analysis settings later stages use (the last given in a config; defaults until one is).</summary>
    public AnalysisOptions Analysis { get; init; } = new();
}

using RnnAtlas.FixedPoints;
using RnnAtlas.Topology;

namespace RnnAtlas.Studies.Configuration;

/// <summary>
/// The settings of a study's analysis stages: the TOML sections <c>[fixed_points]</c>, <c>[topology]</c> and
/// <c>[compare]</c> (docs/config.md), recorded in <c>study.json</c> and used by every later command (<c>fixedpoints</c>,
/// <c>topology</c>, <c>compare</c>, <c>study</c>, <c>merge</c>) unless a flag overrides one.
/// </summary>
public sealed record AnalysisOptions
{
    /// <summary>The fixed-point search.</summary>
    public FixedPointOptions FixedPoints { get; init; } = new();

    /// <summary>The scaffold analyses.</summary>
    public TopologyOptions Topology { get; init; } = new();

    /// <summary>The comparison stage.</summary>
    public ComparisonOptions Compare { get; init; } = new();

    /// <summary>Throws <see cref="InvalidConfigurationException"/> naming the first out-of-range field; <paramref name="source"/> names where the settings came from.</summary>
    public void Validate(string source)
    {
        FixedPoints.Validate();
        Topology.Validate();
        Compare.Validate(source);
    }
}

namespace RnnAtlas.Similarity;

/// <summary>
/// What every similarity metric of a comparison has, whether it compares geometry (<see cref="IRepresentationalMetric"/>)
/// or dynamics (<see cref="IDynamicalMetric"/>).
/// </summary>
public interface ISimilarityMetric
{
    /// <summary>Short name used on the command line and in file names (e.g. <c>svcca</c>).</summary>
    string Name { get; }

    /// <summary>The metric's settings in words, written next to its results.</summary>
    string Settings { get; }

    /// <summary>True when the distance satisfies the triangle inequality.</summary>
    bool IsMetric { get; }
}

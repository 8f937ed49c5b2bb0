namespace RnnAtlas.Similarity;

/// <summary>
/// A representational similarity metric split into a per-network preparation (<see cref="Subspace.Prepare"/>, shared
/// by all metrics) and a cheap per-pair step on a <see cref="SubspacePair"/>.
/// </summary>
public interface IRepresentationalMetric
{
    /// <summary>Short name used on the command line and in file names (e.g. <c>svcca</c>).</summary>
    string Name { get; }

    /// <summary>The metric's settings in words, written next to its results.</summary>
    string Settings { get; }

    /// <summary>True when the distance satisfies the triangle inequality.</summary>
    bool IsMetric { get; }

    /// <summary>Leading directions the metric reads from each subspace (<see cref="int.MaxValue"/> for all).</summary>
    int DirectionsNeeded { get; }

    /// <summary>Compares the two activities of <paramref name="pair"/>.</summary>
    MetricValue Compare(SubspacePair pair);
}

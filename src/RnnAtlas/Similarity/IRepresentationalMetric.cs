namespace RnnAtlas.Similarity;

/// <summary>
/// A representational similarity metric split into a per-network preparation (<see cref="Subspace.Prepare"/>, shared
/// by all metrics) and a cheap per-pair step on a <see cref="SubspacePair"/>.
/// </summary>
public interface IRepresentationalMetric : ISimilarityMetric
{
    /// <summary>Leading directions the metric reads from each subspace (<see cref="int.MaxValue"/> for all).</summary>
    int DirectionsNeeded { get; }

    /// <summary>Compares the two activities of <paramref name="pair"/>.</summary>
    MetricValue Compare(SubspacePair pair);
}

namespace RnnAtlas.Similarity;

/// <summary>
/// A dynamical similarity metric: a per-network preparation (<see cref="HavokDmd.Fit"/>, shared by the DSA metrics)
/// and a per-pair comparison of the two fitted operators.
/// </summary>
public interface IDynamicalMetric : ISimilarityMetric
{
    /// <summary>Compares the operators of two networks, with the calling worker's <paramref name="workspace"/>.</summary>
    MetricValue Compare(HavokDmd first, HavokDmd second, DsaWorkspace workspace);
}

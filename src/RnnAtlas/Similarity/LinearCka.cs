namespace RnnAtlas.Similarity;

/// <summary>
/// Linear centred kernel alignment (Kornblith et al. 2019): CKA = ‖YcᵀXc‖²_F / (‖XcᵀXc‖_F ‖YcᵀYc‖_F); distance
/// arccos(CKA), the angle between the two centred Gram matrices, which is a metric (netrep's <c>LinearCKA.score</c>).
/// Invariant to rotations and isotropic scaling of either side.
/// </summary>
public sealed class LinearCka : IRepresentationalMetric
{
    /// <inheritdoc />
    public string Name => "cka";

    /// <inheritdoc />
    public string Settings => "linear CKA of column-centred activity; distance arccos(CKA)";

    /// <inheritdoc />
    public bool IsMetric => true;

    /// <inheritdoc />
    public int DirectionsNeeded => int.MaxValue;

    /// <inheritdoc />
    public MetricValue Compare(SubspacePair pair)
    {
        ArgumentNullException.ThrowIfNull(pair);
        var cross = pair.ScoreCross().FrobeniusNorm();
        var cka = cross * cross / (pair.A.CovarianceNorm * pair.B.CovarianceNorm);
        return new MetricValue(cka, Math.Acos(Math.Clamp(cka, -1.0, 1.0)));
    }
}

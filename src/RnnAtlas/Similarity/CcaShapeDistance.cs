namespace RnnAtlas.Similarity;

/// <summary>
/// The CCA-like shape metric (Williams et al. 2021, netrep <c>LinearMetric(alpha=0)</c> with zero padding): the angle
/// between the whitened activities after the best rotation, arccos(Σ ρ_i / √(rank A · rank B)). A metric; zero exactly
/// when the two activities span the same subspace of equal rank (any invertible linear map of the units).
/// </summary>
public sealed class CcaShapeDistance : IRepresentationalMetric
{
    /// <inheritdoc />
    public string Name => "cca-shape";

    /// <inheritdoc />
    public string Settings => "angular shape distance of whitened column-centred activity (netrep alpha = 0, zero padding)";

    /// <inheritdoc />
    public bool IsMetric => true;

    /// <inheritdoc />
    public int DirectionsNeeded => int.MaxValue;

    /// <inheritdoc />
    public MetricValue Compare(SubspacePair pair)
    {
        ArgumentNullException.ThrowIfNull(pair);
        var cosine = pair.CanonicalCorrelations().Sum() / Math.Sqrt((double)pair.A.Rank * pair.B.Rank);
        return new MetricValue(cosine, Math.Acos(Math.Clamp(cosine, -1.0, 1.0)));
    }
}

namespace RnnAtlas.Similarity;

/// <summary>
/// Angular Procrustes shape distance (Williams et al. 2021, netrep <c>LinearMetric(alpha=1)</c>): the angle between the
/// centred activities after the best rotation, arccos(‖XcᵀYc‖_* / (‖Xc‖_F ‖Yc‖_F)). A metric; zero exactly when one
/// activity is a rotation of the other up to scale.
/// </summary>
public sealed class ProcrustesDistance : IRepresentationalMetric
{
    /// <inheritdoc />
    public string Name => "procrustes";

    /// <inheritdoc />
    public string Settings => "angular Procrustes distance of column-centred activity (netrep alpha = 1)";

    /// <inheritdoc />
    public bool IsMetric => true;

    /// <inheritdoc />
    public int DirectionsNeeded => int.MaxValue;

    /// <inheritdoc />
    public MetricValue Compare(SubspacePair pair)
    {
        ArgumentNullException.ThrowIfNull(pair);
        var nuclear = pair.ScoreCross().Svd(computeVectors: false).S.Sum();
        var cosine = nuclear / Math.Sqrt(pair.A.TotalVariance * pair.B.TotalVariance);
        return new MetricValue(cosine, Math.Acos(Math.Clamp(cosine, -1.0, 1.0)));
    }
}

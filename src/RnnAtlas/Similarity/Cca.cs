namespace RnnAtlas.Similarity;

/// <summary>
/// Mean canonical correlation of the centred activities over all min(units A, units B) directions (directions beyond a
/// side's rank count as 0); distance = 1 − mean. Invariant to invertible linear maps of either side's units.
/// </summary>
public sealed class Cca : IRepresentationalMetric
{
    /// <inheritdoc />
    public string Name => "cca";

    /// <inheritdoc />
    public string Settings => "mean of all min(p1, p2) canonical correlations of the column-centred activity; distance 1 - mean";

    /// <inheritdoc />
    public bool IsMetric => false;

    /// <inheritdoc />
    public int DirectionsNeeded => int.MaxValue;

    /// <inheritdoc />
    public MetricValue Compare(SubspacePair pair)
    {
        ArgumentNullException.ThrowIfNull(pair);
        var mean = pair.CanonicalCorrelations().Sum() / Math.Min(pair.A.Units, pair.B.Units);
        return new MetricValue(mean, 1 - mean);
    }
}

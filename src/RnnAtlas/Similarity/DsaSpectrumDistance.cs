namespace RnnAtlas.Similarity;

/// <summary>
/// DSA's eigenvalue-only variant: the 2-Wasserstein distance W₂ between the two fitted operators' spectra
/// (<see cref="SpectralWasserstein"/>, uniform weights). It is the square root of the score mitchellostrow/DSA reports
/// (W₂², reported here as the similarity column), so that it obeys the triangle inequality. Unlike the angle it depends
/// on the time scale: eigenvalues are not normalised. NaN when an operator's eigendecomposition failed.
/// </summary>
/// <param name="Options">How the operators are fitted.</param>
public sealed record DsaSpectrumDistance(DsaOptions Options) : IDynamicalMetric
{
    /// <inheritdoc />
    public string Name => "dsa-spectrum";

    /// <inheritdoc />
    public string Settings => $"{Options.Settings}; W₂ between the operators' eigenvalues (the similarity column holds the reference's W₂²)";

    /// <inheritdoc />
    public bool IsMetric => true;

    /// <inheritdoc />
    public MetricValue Compare(HavokDmd first, HavokDmd second, DsaWorkspace workspace)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        if (first.Eigenvalues is not { } a || second.Eigenvalues is not { } b)
        {
            return new MetricValue(double.NaN, double.NaN);
        }
        var squared = SpectralWasserstein.Squared(a, b);
        return new MetricValue(squared, Math.Sqrt(squared));
    }
}

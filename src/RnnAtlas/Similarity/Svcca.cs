using System.Globalization;

namespace RnnAtlas.Similarity;

/// <summary>
/// SVCCA (Raghu et al. 2017), as the study uses it: reduce each activity to its leading principal components — enough to
/// explain <see cref="VarianceThreshold"/> of the variance, at most <see cref="Cap"/>, or exactly
/// <see cref="FixedDirections"/> — then take the mean of all min(ka, kb) canonical correlations; distance = 1 − mean.
/// </summary>
/// <param name="VarianceThreshold">Share of variance (squared singular values) the kept components explain.</param>
/// <param name="Cap">Most components kept per network.</param>
/// <param name="FixedDirections">When set, keep this many components (capped at the rank) instead.</param>
public sealed record Svcca(double VarianceThreshold = 0.99, int Cap = 20, int? FixedDirections = null) : IRepresentationalMetric
{
    /// <inheritdoc />
    public string Name => "svcca";

    /// <inheritdoc />
    public string Settings => FixedDirections is { } k
        ? $"top {k} principal components per network, then mean canonical correlation; distance 1 - mean"
        : $"principal components explaining {VarianceThreshold.ToString(CultureInfo.InvariantCulture)} of the variance (at most {Cap}) per network, then mean canonical correlation; distance 1 - mean";

    /// <inheritdoc />
    public bool IsMetric => false;

    /// <inheritdoc />
    public int DirectionsNeeded => FixedDirections ?? Cap;

    /// <summary>Components kept for <paramref name="subspace"/>.</summary>
    public int Components(Subspace subspace)
    {
        ArgumentNullException.ThrowIfNull(subspace);
        return FixedDirections is { } k ? Math.Min(k, subspace.Rank) : subspace.DirectionsExplaining(VarianceThreshold, Cap);
    }

    /// <inheritdoc />
    public MetricValue Compare(SubspacePair pair)
    {
        ArgumentNullException.ThrowIfNull(pair);
        var mean = pair.CanonicalCorrelations(Components(pair.A), Components(pair.B)).Average();
        return new MetricValue(mean, 1 - mean);
    }

    /// <summary>Throws <see cref="InvalidConfigurationException"/> when a setting is out of range.</summary>
    public void Validate()
    {
        InvalidConfigurationException.ThrowIfOutside("svcca.variance_threshold", VarianceThreshold, 1e-6, 1.0);
        InvalidConfigurationException.ThrowIfOutside("svcca.cap", Cap, 1, 10_000);
        if (FixedDirections is { } k)
        {
            InvalidConfigurationException.ThrowIfOutside("svcca.directions", k, 1, 10_000);
        }
    }
}

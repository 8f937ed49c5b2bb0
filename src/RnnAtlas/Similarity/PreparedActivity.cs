namespace RnnAtlas.Similarity;

/// <summary>
/// What a set of metrics needs of one activity, prepared once: its subspace for the representational metrics and its
/// fitted operator for the dynamical ones (each null when no metric of that kind is asked for).
/// </summary>
/// <param name="Subspace">The activity's principal subspace.</param>
/// <param name="Operator">The activity's HAVOK DMD operator.</param>
public sealed record PreparedActivity(Subspace? Subspace, HavokDmd? Operator)
{
    /// <summary>Leading directions a subspace must keep for <paramref name="metrics"/> (0 when none is representational).</summary>
    public static int DirectionsNeeded(IEnumerable<ISimilarityMetric> metrics) =>
        metrics.OfType<IRepresentationalMetric>().Select(m => m.DirectionsNeeded).DefaultIfEmpty(0).Max();

    /// <summary>Prepares <paramref name="activity"/> (<paramref name="trials"/> trials, trial-major rows) for <paramref name="metrics"/>.</summary>
    /// <exception cref="InvalidDataException">The activity is unusable for a metric (e.g. trials too short for the delay embedding); names its source.</exception>
    public static PreparedActivity For(ActivityMatrix activity, int trials, IReadOnlyList<ISimilarityMetric> metrics, DsaOptions dsa)
    {
        ArgumentNullException.ThrowIfNull(activity);
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(dsa);
        var directions = DirectionsNeeded(metrics);
        return new PreparedActivity(
            directions > 0 ? Subspace.Prepare(activity, directions) : null,
            metrics.OfType<IDynamicalMetric>().Any() ? HavokDmd.Fit(activity.Values, trials, activity.Units, dsa, activity.Source) : null);
    }

    /// <summary>Compares this activity with <paramref name="other"/> under <paramref name="metric"/>.</summary>
    /// <exception cref="InvalidOperationException">The metric's preparation is missing on one side.</exception>
    public MetricValue Compare(ISimilarityMetric metric, PreparedActivity other, DsaWorkspace workspace)
    {
        ArgumentNullException.ThrowIfNull(other);
        return metric switch
        {
            IRepresentationalMetric geometry when Subspace is not null && other.Subspace is not null => geometry.Compare(new SubspacePair(Subspace, other.Subspace)),
            IDynamicalMetric dynamics when Operator is not null && other.Operator is not null => dynamics.Compare(Operator, other.Operator, workspace),
            _ => throw new InvalidOperationException($"{metric.Name}: the activities were not prepared for it"),
        };
    }
}

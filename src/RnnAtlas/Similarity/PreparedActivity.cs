namespace RnnAtlas.Similarity;

/// <summary>
/// What a set of metrics needs of one activity, prepared once: its subspace for the representational metrics and its
/// fitted operator for the dynamical ones (each null when no metric of that kind is asked for).
/// </summary>
/// <param name="Subspace">The activity's principal subspace.</param>
/// <param name="Operator">The activity's HAVOK DMD operator.</param>
public sealed record PreparedActivity(Subspace? Subspace, HavokDmd? Operator)
{
    /// <summary>
    /// The metrics of <paramref name="metrics"/> that can run on activity of <paramref name="trials"/> trials ×
    /// <paramref name="steps"/> samples × (at most) <paramref name="units"/> units, and, when the trials are too short for
    /// DSA's delay embedding (<see cref="HavokDmd.Unfit"/>), each dynamical metric left out as "name: reason".
    /// </summary>
    public static (IReadOnlyList<ISimilarityMetric> Applicable, IReadOnlyList<string> Skipped) Applicable(IReadOnlyList<ISimilarityMetric> metrics, int trials, int steps, int units, DsaOptions dsa)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        return HavokDmd.Unfit(trials, steps, units, dsa) is { } reason
            ? ([.. metrics.Where(m => m is not IDynamicalMetric)], [.. metrics.OfType<IDynamicalMetric>().Select(m => $"{m.Name}: {reason}")])
            : (metrics, []);
    }

    /// <summary>Prepares <paramref name="activity"/> (<paramref name="trials"/> trials, trial-major rows) for <paramref name="metrics"/>.</summary>
    /// <exception cref="InvalidDataException">The activity is unusable for a metric (e.g. trials too short for the delay embedding); names its source.</exception>
    public static PreparedActivity For(ActivityMatrix activity, int trials, IReadOnlyList<ISimilarityMetric> metrics, DsaOptions dsa)
    {
        ArgumentNullException.ThrowIfNull(activity);
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(dsa);
        var directions = metrics.OfType<IRepresentationalMetric>().Select(m => m.DirectionsNeeded).DefaultIfEmpty(0).Max();
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

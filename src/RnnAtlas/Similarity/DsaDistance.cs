using System.Globalization;

namespace RnnAtlas.Similarity;

/// <summary>
/// Dynamical similarity analysis (Ostrow, Eisen, Kozachkov &amp; Fiete 2023): the angle between two networks' fitted
/// operators after the best orthogonal change of basis, min over C ∈ O(r) of arccos tr(Âᵀ C B̂ Cᵀ)
/// (<see cref="SimilarityTransform"/>). 0 for the same dynamics seen through any orthogonal map of the units (and, at
/// full rank without projection, any invertible map). Operators of unequal rank are compared with the smaller padded
/// by zeros (the reference instead silently returns its Wasserstein score).
/// </summary>
/// <param name="Options">How the operators are fitted and compared.</param>
public sealed record DsaDistance(DsaOptions Options) : IDynamicalMetric
{
    /// <inheritdoc />
    public string Name => "dsa";

    /// <inheritdoc />
    public string Settings => string.Create(CultureInfo.InvariantCulture,
        $"{Options.Settings}; angular similarity-transform distance over O(r), best of {4 + Options.RandomStarts} Newton searches");

    /// <inheritdoc />
    public bool IsMetric => true;

    /// <inheritdoc />
    public MetricValue Compare(HavokDmd first, HavokDmd second, DsaWorkspace workspace)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        ArgumentNullException.ThrowIfNull(workspace);
        var size = Math.Max(first.Rank, second.Rank);
        var fit = workspace.For(size, Options.RandomStarts).Fit(Padded(first, size), Padded(second, size));
        return new MetricValue(Math.Cos(fit.Angle), fit.Angle);
    }

    private static ReadOnlySpan<double> Padded(HavokDmd dmd, int size)
    {
        if (dmd.Rank == size)
        {
            return dmd.Operator;
        }
        var padded = new double[size * size];
        for (var i = 0; i < dmd.Rank; i++)
        {
            dmd.Operator.Slice(i * dmd.Rank, dmd.Rank).CopyTo(padded.AsSpan(i * size));
        }
        return padded;
    }
}

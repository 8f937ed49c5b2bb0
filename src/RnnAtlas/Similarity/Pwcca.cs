using MathNet.Numerics.LinearAlgebra;

namespace RnnAtlas.Similarity;

/// <summary>
/// Projection-weighted CCA (Morcos et al. 2018) as the paper defines it, on centred activity: with canonical variates
/// h_i of the side with fewer units (ties: the first) and canonical correlations ρ_i (0 beyond the rank),
/// α_i = Σ_j |⟨h_i, a_j⟩| over that side's centred unit activities a_j, normalized to sum 1; PWCCA = Σ α_i ρ_i;
/// distance = 1 − PWCCA.
/// </summary>
/// <remarks>
/// google/svcca's <c>compute_pwcca</c> differs (no Σ^{-1/2} in its directions, uncentred projections, an acts1/acts2
/// slip); see tests/RnnAtlas.Tests/Reference/similarity/README.md. This is the definition the reference calls
/// <c>centered_paper_formula</c>.
/// </remarks>
public sealed class Pwcca : IRepresentationalMetric
{
    /// <inheritdoc />
    public string Name => "pwcca";

    /// <inheritdoc />
    public string Settings => "projection-weighted mean canonical correlation (Morcos et al. 2018) on centred activity, weights from the side with fewer units; distance 1 - PWCCA";

    /// <inheritdoc />
    public bool IsMetric => false;

    /// <inheritdoc />
    public int DirectionsNeeded => int.MaxValue;

    /// <summary>The weights α_i (sum 1), one per direction of the weighted side.</summary>
    public static double[] Weights(SubspacePair pair)
    {
        ArgumentNullException.ThrowIfNull(pair);
        pair.RequireFull();
        var (side, cross) = pair.A.Units <= pair.B.Units
            ? (pair.A, pair.Cross.SubMatrix(0, pair.A.Rank, 0, pair.B.Rank))
            : (pair.B, pair.Cross.SubMatrix(0, pair.A.Rank, 0, pair.B.Rank).Transpose());
        var u = cross.Svd(computeVectors: true).U;
        var scale = Matrix<double>.Build.DenseOfRowMajor(side.Directions, side.Directions, side.Scale.ToArray());
        var loadings = Matrix<double>.Build.DenseOfRowMajor(side.Units, side.Directions, side.Loadings.ToArray());
        // Hᵀ A = Uᵀ Qᵀ Xc = Uᵀ W Vᵀ: each canonical variate's inner products with the centred units.
        var projections = u.TransposeThisAndMultiply(scale).TransposeAndMultiply(loadings);
        var weights = projections.EnumerateRows().Select(row => row.Sum(Math.Abs)).ToArray();
        var total = weights.Sum();
        return [.. weights.Select(w => w / total)];
    }

    /// <inheritdoc />
    public MetricValue Compare(SubspacePair pair)
    {
        var weights = Weights(pair);
        var rho = pair!.CanonicalCorrelations();
        var value = 0.0;
        for (var i = 0; i < rho.Length && i < weights.Length; i++)
        {
            value += weights[i] * rho[i];
        }
        return new MetricValue(value, 1 - value);
    }
}

using System.Globalization;

namespace RnnAtlas.Similarity;

/// <summary>
/// Settings of dynamical similarity analysis (Ostrow et al. 2023): how each network's operator is fitted
/// (<see cref="HavokDmd"/>) and how pairs are compared (<see cref="SimilarityTransform"/>). Recorded with every value.
/// </summary>
public sealed record DsaOptions
{
    /// <summary>
    /// Leading principal directions of the raw (uncentred) activity kept before the delay embedding, 0 for every unit.
    /// The projection commutes with an orthogonal change of the units, so the distance keeps that invariance; it bounds
    /// the embedding's width (units × delays) and drops directions the states never use.
    /// </summary>
    public int Units { get; init; } = 10;

    /// <summary>Delays m of the Hankel embedding (<c>n_delays</c>); 1 fits the states themselves.</summary>
    public int Delays { get; init; } = 10;

    /// <summary>Samples τ between consecutive delays (<c>delay_interval</c>).</summary>
    public int DelayInterval { get; init; } = 1;

    /// <summary>Rank r of the fitted operator (<c>rank</c>): leading singular directions of the Hankel matrix kept; 0 for <see cref="ExplainedVariance"/>, or every direction when that is not set.</summary>
    public int Rank { get; init; } = 10;

    /// <summary>When <see cref="Rank"/> is 0, keep the fewest directions whose Σσ² share reaches this (<c>rank_explained_variance</c>); null keeps all.</summary>
    public double? ExplainedVariance { get; init; }

    /// <summary>Ridge λ of the regression (<c>lamb</c>; the reference's default 1e-8).</summary>
    public double Ridge { get; init; } = 1e-8;

    /// <summary>Random (Haar) orthogonal starts of the similarity-transform search, besides the structured ones.</summary>
    public int RandomStarts { get; init; } = 4;

    /// <summary>The settings in words, written next to the distances.</summary>
    public string Settings => string.Create(CultureInfo.InvariantCulture,
        $"HAVOK DMD on {(Units == 0 ? "all units" : $"the top {Units} uncentred principal directions")}, {Delays} delays × {DelayInterval} samples, "
        + $"rank {(Rank > 0 ? Rank.ToString(CultureInfo.InvariantCulture) : ExplainedVariance is { } v ? $"explaining {v:R} of Σσ²" : "full")}, ridge {Ridge:R}");

    /// <summary>Throws <see cref="InvalidConfigurationException"/> when a setting is out of range.</summary>
    public void Validate()
    {
        InvalidConfigurationException.ThrowIfOutside("dsa.units", Units, 0, 4096);
        InvalidConfigurationException.ThrowIfOutside("dsa.delays", Delays, 1, 1000);
        InvalidConfigurationException.ThrowIfOutside("dsa.delay_interval", DelayInterval, 1, 1000);
        InvalidConfigurationException.ThrowIfOutside("dsa.rank", Rank, 0, 1000);
        if (ExplainedVariance is { } share && !(share > 0 && share <= 1))
        {
            throw new InvalidConfigurationException("dsa.explained_variance", share.ToString("R", CultureInfo.InvariantCulture), "must be in (0, 1]");
        }
        if (!(Ridge >= 0 && double.IsFinite(Ridge)))
        {
            throw new InvalidConfigurationException("dsa.ridge", Ridge.ToString("R", CultureInfo.InvariantCulture), "must be a finite number ≥ 0");
        }
        InvalidConfigurationException.ThrowIfOutside("dsa.random_starts", RandomStarts, 0, 1000);
    }
}

namespace RnnAtlas.FixedPoints;

/// <summary>
/// The saturation curve of the Newton root search at one condition: how many distinct points were known after each
/// round of starts. <paramref name="Saturated"/> says the search stopped because its last
/// <see cref="FixedPointOptions.SaturationStarts"/> trajectory starts found nothing new ("all found" in the region the
/// network visits, as far as sampling can tell); false says it ran out of budget (<see cref="FixedPointOptions.MaxStarts"/>)
/// while still finding points, so the set may be incomplete.
/// </summary>
/// <param name="Starts">Newton starts used (midpoints and trajectory samples).</param>
/// <param name="StartsCurve">Starts used after each round.</param>
/// <param name="PointsCurve">Distinct points known after each round (the descent's points included).</param>
/// <param name="Saturated">True when the stopping rule, not the budget, ended the search.</param>
public sealed record SearchSaturation(int Starts, int[] StartsCurve, int[] PointsCurve, bool Saturated);

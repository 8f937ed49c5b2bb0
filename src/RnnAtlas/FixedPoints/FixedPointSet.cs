namespace RnnAtlas.FixedPoints;

/// <summary>The fixed and slow points found at one analysis condition, and what happened to the other candidates.</summary>
/// <param name="Condition">Name of the analysis condition.</param>
/// <param name="Input">The constant input x*.</param>
/// <param name="Points">Distinct converged and slow points, lowest q first.</param>
/// <param name="Candidates">Initial states searched.</param>
/// <param name="Rejected">Candidates that ended without a kept point, by status.</param>
/// <param name="Duplicates">Converged or slow candidates merged into a point they coincided with.</param>
/// <param name="Outliers">Points dropped for lying far outside the trajectories' region.</param>
/// <param name="Saturation">How sure the search is that <paramref name="Points"/> is complete.</param>
public sealed record FixedPointSet(
    string Condition,
    double[] Input,
    IReadOnlyList<FixedPoint> Points,
    int Candidates,
    IReadOnlyDictionary<FixedPointStatus, int> Rejected,
    int Duplicates,
    int Outliers,
    SearchSaturation Saturation);

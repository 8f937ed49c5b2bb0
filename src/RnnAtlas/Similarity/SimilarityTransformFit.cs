namespace RnnAtlas.Similarity;

/// <summary>The result of <see cref="SimilarityTransform.Fit"/>.</summary>
/// <param name="Angle">arccos tr(Âᵀ C B̂ Cᵀ) at the best C, in [0, π]: the DSA distance.</param>
/// <param name="Euclidean">‖Â − C B̂ Cᵀ‖_F at the best C (the reference's <c>euclidean</c> score).</param>
/// <param name="Transform">The best orthogonal C, [n, n] row-major.</param>
public sealed record SimilarityTransformFit(double Angle, double Euclidean, double[] Transform);

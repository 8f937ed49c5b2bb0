namespace RnnAtlas.Training;

/// <summary>One row of a network's training curve.</summary>
/// <param name="Iteration">1-based iteration.</param>
/// <param name="Loss">Minibatch loss (masked MSE + L2 term).</param>
/// <param name="GradientNorm">Global gradient norm before clipping.</param>
/// <param name="HeldOutNmse">Held-out normalized MSE when evaluated at this iteration, else null.</param>
public sealed record TrainingCurvePoint(int Iteration, double Loss, double GradientNorm, double? HeldOutNmse);

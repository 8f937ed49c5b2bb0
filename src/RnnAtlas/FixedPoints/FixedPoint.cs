namespace RnnAtlas.FixedPoints;

/// <summary>A fixed (or slow) point h* of F(·, x*), with how the search found it.</summary>
/// <param name="State">h*, length = state size.</param>
/// <param name="Input">The constant input x*.</param>
/// <param name="Speed">q = ½‖F(h*, x*) − h*‖², float64.</param>
/// <param name="Iterations">Descent plus Newton iterations spent on this candidate.</param>
/// <param name="Status">Converged or slow for kept points; other statuses appear only in rejection counts.</param>
/// <param name="InitialStateIndex">Index of the initial state (among the sampled ones) that led here.</param>
public sealed record FixedPoint(double[] State, double[] Input, double Speed, int Iterations, FixedPointStatus Status, int InitialStateIndex);

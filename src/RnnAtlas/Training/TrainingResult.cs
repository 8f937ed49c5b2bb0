using RnnAtlas.Networks;

namespace RnnAtlas.Training;

/// <summary>A trained network: its quality gate, its parameters and its training curve.</summary>
/// <param name="Metrics">Pass/fail with the reason, held-out NMSE, accuracy, iterations, wall time.</param>
/// <param name="Parameters">The parameters at the end of training.</param>
/// <param name="Curve">Loss and held-out error per iteration.</param>
public sealed record TrainingResult(NetworkMetrics Metrics, NetworkParameters<float> Parameters, IReadOnlyList<TrainingCurvePoint> Curve);

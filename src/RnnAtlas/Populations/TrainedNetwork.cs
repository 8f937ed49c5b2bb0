using RnnAtlas.Training;

namespace RnnAtlas.Populations;

/// <summary>A network of a population with its quality gate; <see cref="Skipped"/> when it was already on disk.</summary>
/// <param name="Config">The network's config.</param>
/// <param name="Metrics">Its metrics.</param>
/// <param name="Skipped">True when found finished and not retrained.</param>
public sealed record TrainedNetwork(NetworkConfig Config, NetworkMetrics Metrics, bool Skipped);

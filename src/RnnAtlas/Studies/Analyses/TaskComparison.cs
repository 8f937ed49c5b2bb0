using RnnAtlas.Similarity;
using RnnAtlas.Statistics;
using RnnAtlas.Training;

namespace RnnAtlas.Studies.Analyses;

/// <summary>The comparison of one task's passing networks: distance matrices, embeddings and label statistics per metric.</summary>
/// <param name="Folder">The task's analysis folder.</param>
/// <param name="Networks">The networks, in matrix order (ordinal by id).</param>
/// <param name="Metrics">One result per metric.</param>
/// <param name="ComputedPairs">Pairs computed in this run (the rest were read from disk).</param>
/// <param name="External">The external activity's distances to every network, when one was given and fits this task.</param>
/// <param name="Function">Function distances by name (behaviour, performance, and topology when available).</param>
/// <param name="Dissociation">Geometry versus function.</param>
/// <param name="Skipped">Metrics left out for this task, each as "name: reason" (e.g. a probe set too short for DSA's delay embedding).</param>
public sealed record TaskComparison(
    string Folder,
    IReadOnlyList<NetworkConfig> Networks,
    IReadOnlyList<MetricComparison> Metrics,
    long ComputedPairs,
    ExternalComparison? External,
    IReadOnlyDictionary<string, DistanceMatrix> Function,
    DissociationReport Dissociation,
    IReadOnlyList<string> Skipped);

/// <summary>One metric's results over a task's networks.</summary>
/// <param name="Metric">The metric.</param>
/// <param name="Distances">Network × network distances.</param>
/// <param name="Classical">Classical MDS coordinates (null with fewer than 3 networks).</param>
/// <param name="Smacof">SMACOF coordinates (null with fewer than 3 networks).</param>
/// <param name="Separations">How well the distances separate each label with at least two classes.</param>
public sealed record MetricComparison(ISimilarityMetric Metric, DistanceMatrix Distances, Embedding.Embedding? Classical, Embedding.Embedding? Smacof, IReadOnlyList<LabelSeparation> Separations);

/// <summary>An external activity matrix compared with every network of a task.</summary>
/// <param name="Source">The activity file.</param>
/// <param name="Distances">[metric][network] distances, metrics in the order of <see cref="TaskComparison.Metrics"/>.</param>
public sealed record ExternalComparison(string Source, IReadOnlyList<double[]> Distances);

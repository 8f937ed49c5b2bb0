using RnnAtlas.Similarity;
using RnnAtlas.Statistics;
using RnnAtlas.Training;
using RnnAtlas.Studies.Scaffolds;

namespace RnnAtlas.Studies.Analyses;

/// <summary>The scaffold comparison of one task's passing networks.</summary>
/// <param name="Folder">The task's analysis folder.</param>
/// <param name="Networks">The networks, in matrix order.</param>
/// <param name="Reports">Each network's scaffold report, same order.</param>
/// <param name="Distances">Network × network scaffold distances.</param>
/// <param name="Separations">How well the scaffold distances separate each label.</param>
/// <param name="Summary">One sentence on the shared scaffold.</param>
public sealed record TaskTopology(string Folder, IReadOnlyList<NetworkConfig> Networks, IReadOnlyList<ScaffoldReport> Reports, DistanceMatrix Distances, IReadOnlyList<LabelSeparation> Separations, string Summary);

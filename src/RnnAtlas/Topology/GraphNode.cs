namespace RnnAtlas.Topology;

/// <summary>A node of a fixed-point graph: one fixed point, labelled by its stability index and, when stable, its readout's sign pattern.</summary>
/// <param name="Index">Node index.</param>
/// <param name="Point">The point's index in the network's fixed-point report.</param>
/// <param name="UnstableDimensions">0 for a stable point, k for a k-saddle.</param>
/// <param name="Pattern">The readout's signs (e.g. <c>+-+</c>) for a stable point, else null.</param>
public sealed record GraphNode(int Index, int Point, int UnstableDimensions, string? Pattern)
{
    /// <summary>The label topology distances compare: <c>stable +-+</c> or <c>saddle 1</c>.</summary>
    public string Label => Pattern is { } p ? $"stable {p}" : $"saddle {UnstableDimensions}";
}

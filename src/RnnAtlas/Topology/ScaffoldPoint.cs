namespace RnnAtlas.Topology;

/// <summary>A kept fixed (or slow) point as the scaffold analyses see it.</summary>
/// <param name="Index">The point's index in the network's fixed-point report.</param>
/// <param name="State">h*.</param>
/// <param name="UnstableDimensions">Modes with |λ| &gt; 1 + tolerance.</param>
/// <param name="Readout">W_out h* + b_out.</param>
public sealed record ScaffoldPoint(int Index, double[] State, int UnstableDimensions, double[] Readout);

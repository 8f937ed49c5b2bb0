using RnnAtlas.Topology;

namespace RnnAtlas.Studies.Scaffolds;

/// <summary>A scaffold report that holds a fixed-point graph the report can draw (the first condition's, for several).</summary>
public interface IFixedPointGraphReport
{
    /// <summary>The graph to draw.</summary>
    FixedPointGraph Graph { get; }
}

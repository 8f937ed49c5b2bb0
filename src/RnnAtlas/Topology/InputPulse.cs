namespace RnnAtlas.Topology;

/// <summary>A task input applied for one step to probe input-driven transitions (e.g. a flip-flop's +1 on channel 2).</summary>
/// <param name="Name">Readable name, e.g. <c>+2</c>.</param>
/// <param name="Input">The input vector during the pulse.</param>
public sealed record InputPulse(string Name, double[] Input);

using RnnAtlas.Topology;

namespace RnnAtlas.Studies;

/// <summary>
/// One network's computational scaffold, written by <c>rnnatlas topology</c> as <c>networks/&lt;id&gt;/graph.json</c>
/// (flip-flop: <see cref="Graph"/>), <c>limitcycles.json</c> (sine: <see cref="Oscillations"/>) or
/// <c>lineattractors.json</c> (integration: <see cref="LineAttractors"/>).
/// </summary>
public sealed record ScaffoldReport
{
    /// <summary>Schema of these files.</summary>
    public const string CurrentSchema = "rnnatlas.scaffold/1";

    /// <summary>Schema tag, <see cref="CurrentSchema"/>.</summary>
    public string Schema { get; init; } = CurrentSchema;

    /// <summary>The network's id.</summary>
    public required string NetworkId { get; init; }

    /// <summary>First 16 hex digits of SHA-256 of the fixedpoints.json this was built from (a changed file means stale).</summary>
    public required string FixedPointsDigest { get; init; }

    /// <summary>The settings used.</summary>
    public required TopologyOptions Options { get; init; }

    /// <summary>Flip-flop: the fixed-point graph at zero input.</summary>
    public FixedPointGraph? Graph { get; init; }

    /// <summary>Flip-flop: whether the input-driven part is exactly the flip-flop automaton.</summary>
    public bool? Automaton { get; init; }

    /// <summary>Sine: one signature per grid input.</summary>
    public IReadOnlyList<OscillationSignature>? Oscillations { get; init; }

    /// <summary>Integration: one line attractor per context.</summary>
    public IReadOnlyList<LineAttractor>? LineAttractors { get; init; }

    /// <summary>The file name for a report of this kind.</summary>
    public string FileName => Graph is not null ? "graph.json" : Oscillations is not null ? "limitcycles.json" : "lineattractors.json";

    /// <summary>The scaffold distance to <paramref name="other"/> (same task): topology, oscillation or line-attractor distance.</summary>
    public double Distance(ScaffoldReport other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return (Graph, Oscillations, LineAttractors) switch
        {
            ({ } graph, _, _) => TopologyDistance.Between(graph, other.Graph!),
            (_, { } oscillations, _) => OscillationSignature.Distance(oscillations, other.Oscillations!),
            _ => LineAttractor.Distance(LineAttractors!, other.LineAttractors!),
        };
    }
}

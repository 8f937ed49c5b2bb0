namespace RnnAtlas.Topology;

/// <summary>
/// The computational scaffold of a discrete-memory network: its fixed points (nodes) and the transitions between them —
/// the unstable manifolds of its saddles (heteroclinic and homoclinic orbits) and the task inputs' effect on its stable
/// points.
/// </summary>
/// <param name="Nodes">Nodes, in fixed-point report order.</param>
/// <param name="Edges">Transitions.</param>
public sealed record FixedPointGraph(IReadOnlyList<GraphNode> Nodes, IReadOnlyList<Transition> Edges)
{
    /// <summary>
    /// The labelled multiset the topology distance compares: every node's label and every edge as
    /// (source label, kind, input pulse, target label or outcome). Independent of node order; manifold edges drop the
    /// mode index and sign, which are arbitrary.
    /// </summary>
    public IReadOnlyList<string> LabelledElements()
    {
        var elements = Nodes.Select(n => $"node {n.Label}").ToList();
        foreach (var e in Edges)
        {
            var target = e.To is { } to ? Nodes[to].Label : e.Outcome.ToString().ToLowerInvariant();
            var via = e.Kind == TransitionKind.Input ? $" {e.Via}" : "";
            elements.Add($"edge {Nodes[e.From].Label} {(e.Kind == TransitionKind.Input ? "input" : e.Homoclinic ? "homoclinic" : "manifold")}{via} -> {target}");
        }
        elements.Sort(StringComparer.Ordinal);
        return elements;
    }

    /// <summary>
    /// True when the input-driven part is exactly the N-bit flip-flop automaton: 2^N stable points with distinct sign
    /// patterns, and from each, the pulse of sign s on channel c leads to the stable point whose pattern is the
    /// source's with bit c set to s.
    /// </summary>
    public bool IsFlipFlopAutomaton(int bits)
    {
        var stable = Nodes.Where(n => n.Pattern is not null).ToList();
        if (stable.Count != 1 << bits || stable.Select(n => n.Pattern).Distinct().Count() != stable.Count)
        {
            return false;
        }
        foreach (var node in stable)
        {
            for (var c = 0; c < bits; c++)
            {
                foreach (var sign in new[] { '+', '-' })
                {
                    var expected = node.Pattern![..c] + sign + node.Pattern[(c + 1)..];
                    var edge = Edges.SingleOrDefault(e => e.Kind == TransitionKind.Input && e.From == node.Index && e.Via == FlipFlopPulseName(c, sign));
                    if (edge?.To is not { } to || Nodes[to].Pattern != expected)
                    {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /// <summary>
    /// True when the graph is the canonical scaffold of the N-bit flip-flop, the cube {−, 0, +}^N: the flip-flop automaton
    /// on its 2^N memories, C(N, k)·2^(N−k) saddles with k unstable directions for k = 1…N (3^N points in all), and every
    /// 1-saddle's unstable manifold joining two memories whose patterns differ in exactly one bit (an edge of the cube).
    /// </summary>
    public bool IsFlipFlopCube(int bits)
    {
        if (!IsFlipFlopAutomaton(bits))
        {
            return false;
        }
        for (var k = 1; k <= bits; k++)
        {
            if (Nodes.Count(n => n.Pattern is null && n.UnstableDimensions == k) != CubeFaces(bits, k))
            {
                return false;
            }
        }
        if (Nodes.Any(n => n.Pattern is null && (n.UnstableDimensions < 1 || n.UnstableDimensions > bits)))
        {
            return false;
        }
        foreach (var saddle in Nodes.Where(n => n.Pattern is null && n.UnstableDimensions == 1))
        {
            var ends = Edges.Where(e => e.Kind == TransitionKind.UnstableManifold && e.From == saddle.Index && e.To is { } to && Nodes[to].Pattern is not null)
                .Select(e => Nodes[e.To!.Value].Pattern!).Distinct().ToList();
            if (ends.Count != 2 || ends[0].Zip(ends[1]).Count(p => p.First != p.Second) != 1)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>The graph as indented text lines: its nodes, then its transitions (<c>rnnatlas topology --show</c>).</summary>
    public IEnumerable<string> Lines()
    {
        foreach (var node in Nodes)
        {
            yield return $"  node {node.Index}: {node.Label} (fixed point {node.Point})";
        }
        foreach (var e in Edges)
        {
            var target = e.To is { } to ? $"node {to} ({Nodes[to].Label})" : e.Outcome.ToString().ToLowerInvariant();
            var kind = e.Kind == TransitionKind.Input ? $"input {e.Via}" : e.Homoclinic ? $"homoclinic {e.Via}" : $"manifold {e.Via}";
            yield return $"  {e.From} --{kind}--> {target} after {e.Steps} steps";
        }
    }

    /// <summary>C(N, k)·2^(N−k): the number of k-dimensional faces of the N-cube, and of its k-saddles.</summary>
    public static int CubeFaces(int bits, int k)
    {
        long binomial = 1;
        for (var i = 0; i < k; i++)
        {
            binomial = binomial * (bits - i) / (i + 1);
        }
        return (int)(binomial << (bits - k));
    }

    /// <summary>The name of a flip-flop pulse of <paramref name="sign"/> ('+' or '-') on <paramref name="channel"/>, e.g. <c>+0</c>.</summary>
    public static string FlipFlopPulseName(int channel, char sign) => $"{sign}{channel}";
}

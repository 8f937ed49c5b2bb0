namespace RnnAtlas.Topology;

/// <summary>
/// Distance between two networks' scaffolds: the Jaccard distance between the multisets of their labelled elements
/// (<see cref="FixedPointGraph.LabelledElements"/>), 1 − |A ∩ B| / |A ∪ B|. Independent of node order, 0 for equal
/// labelled graphs, 1 for graphs sharing nothing, and a metric (Jaccard distance on multisets).
/// </summary>
public static class TopologyDistance
{
    /// <summary>The distance between <paramref name="a"/> and <paramref name="b"/>.</summary>
    public static double Between(FixedPointGraph a, FixedPointGraph b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return Jaccard(a.LabelledElements(), b.LabelledElements());
    }

    /// <summary>1 − |A ∩ B| / |A ∪ B| for multisets of strings (0 when both are empty).</summary>
    public static double Jaccard(IEnumerable<string> a, IEnumerable<string> b)
    {
        var countA = a.GroupBy(x => x, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var countB = b.GroupBy(x => x, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var keys = countA.Keys.Union(countB.Keys, StringComparer.Ordinal).ToList();
        var intersection = keys.Sum(k => Math.Min(countA.GetValueOrDefault(k), countB.GetValueOrDefault(k)));
        var union = keys.Sum(k => Math.Max(countA.GetValueOrDefault(k), countB.GetValueOrDefault(k)));
        return union == 0 ? 0 : 1 - intersection / (double)union;
    }
}

using System.Globalization;
using RnnAtlas.Statistics;
using RnnAtlas.Studies;
using RnnAtlas.Studies.Analyses;
using RnnAtlas.Studies.Stages;

namespace RnnAtlas.Reporting;

/// <summary>The paper's two headline results for a task, stated in plain words from the study's own numbers.</summary>
public static class Findings
{
    private static readonly string[] Geometry = ["svcca", "procrustes", "cka", "pwcca", "cca", "cca-shape"];

    /// <summary>Sentences for <paramref name="data"/>; empty when its analyses have not run.</summary>
    public static IReadOnlyList<string> Of(TaskData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var sentences = new List<string>();
        var byMetric = data.Statistics.ToDictionary(s => s.Metric);
        var geometry = Geometry.Where(byMetric.ContainsKey).Select(m => (Name: m, Cell: Cell(byMetric[m]))).Where(x => x.Cell is not null).ToList();
        var topology = byMetric.TryGetValue(TopologyStage.DistanceName, out var t) ? Cell(t) : null;
        if (geometry.Count > 0)
        {
            var chance = geometry[0].Cell!.Chance;
            var separating = geometry.Where(g => Separates(g.Cell!)).ToList();
            var listed = string.Join(", ", geometry.Where(g => g.Name is "svcca" or "procrustes" or "cka").Select(g => $"{Name(g.Name)} {F(g.Cell!.NearestNeighbourAccuracy)}"));
            sentences.Add(separating.Count > 0
                ? $"Geometry separates cells: leave-one-out k-NN accuracy of the cell label {listed} vs {F(chance)} chance (best p = {P(separating.Min(g => g.Cell!.PValue))})."
                : $"Geometry does not separate cells here: k-NN accuracy {listed} vs {F(chance)} chance.");
            if (topology is not null)
            {
                var best = geometry.Max(g => g.Cell!.NearestNeighbourAccuracy);
                var verdict = !Separates(topology) ? "topology does not separate cells"
                    : topology.NearestNeighbourAccuracy < best - 0.1 ? "topology separates them much less"
                    : "topology separates them about as well";
                sentences.Add($"On the computational scaffold, {verdict}: k-NN accuracy {F(topology.NearestNeighbourAccuracy)} (p = {P(topology.PValue)}) for the topology distance.");
            }
        }
        sentences.AddRange(Dynamics(data, byMetric));
        var reports = data.Members.Where(c => c.Snapshot is null && data.Scaffolds.ContainsKey(c.Id.Value)).Select(c => (c, data.Scaffolds[c.Id.Value])).ToList();
        if (reports.Count > 0)
        {
            sentences.Add($"Shared scaffold — {TaskRegistry.Scaffold(data.Task).Summarize(reports)}.");
        }
        return sentences;
    }

    /// <summary>
    /// Whether DSA separates cells, and whether it tracks the scaffold (the topology distance) better than the geometry
    /// metric that tracks it best: Spearman correlations with their bootstrap intervals from dissociation.json.
    /// </summary>
    private static IEnumerable<string> Dynamics(TaskData data, Dictionary<string, StatisticsEntry> byMetric)
    {
        if (byMetric.TryGetValue("dsa", out var dsa) && Cell(dsa) is { } cell)
        {
            yield return Separates(cell)
                ? $"Dynamics (DSA) separates cells too: k-NN accuracy {F(cell.NearestNeighbourAccuracy)} vs {F(cell.Chance)} chance (p = {P(cell.PValue)})."
                : $"Dynamics (DSA) does not separate cells: k-NN accuracy {F(cell.NearestNeighbourAccuracy)} vs {F(cell.Chance)} chance (p = {P(cell.PValue)}).";
        }
        var scaffold = data.Dissociation?.Correlations.Where(c => c.Function == TopologyStage.DistanceName).ToList() ?? [];
        var dynamics = scaffold.FirstOrDefault(c => c.Geometry == "dsa");
        var geometry = scaffold.Where(c => Geometry.Contains(c.Geometry)).OrderByDescending(c => c.Spearman).FirstOrDefault();
        if (dynamics is null || geometry is null)
        {
            yield break;
        }
        var verdict = dynamics.Low > geometry.High ? "better than"
            : dynamics.High < geometry.Low ? "less well than"
            : "about as well as (the intervals overlap)";
        yield return $"Against the scaffold, dynamics-aware similarity tracks it {verdict} geometry: Spearman correlation with the topology distance {F(dynamics.Spearman)} ({F(dynamics.Low)} to {F(dynamics.High)}) for DSA, {F(geometry.Spearman)} ({F(geometry.Low)} to {F(geometry.High)}) for {Name(geometry.Geometry)}, the geometry metric that tracks it best.";
    }

    private static LabelSeparation? Cell(StatisticsEntry entry) => entry.Separations.FirstOrDefault(s => s.Label == "cell");

    private static bool Separates(LabelSeparation s) => s.PValue < 0.05 && s.NearestNeighbourAccuracy > s.Chance;

    private static string Name(string metric) => metric switch
    {
        "svcca" => "SVCCA",
        "procrustes" => "Procrustes",
        "cka" => "CKA",
        "pwcca" => "PWCCA",
        "cca" => "CCA",
        "cca-shape" => "CCA shape",
        _ => metric,
    };

    private static string F(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    private static string P(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}

using System.Globalization;
using RnnAtlas.Numerics;
using RnnAtlas.Similarity;
using RnnAtlas.Statistics;
using RnnAtlas.Studies.Stages;
using RnnAtlas.Training;

namespace RnnAtlas.Studies.Analyses;

/// <summary>Builds a task's <see cref="DissociationReport"/> from its geometry and function distance matrices.</summary>
public static class DissociationAnalysis
{
    /// <summary>The function distances, by name, in report order.</summary>
    public static IReadOnlyList<string> FunctionNames { get; } = ["behaviour", "performance", TopologyStage.DistanceName];

    /// <summary>Compares every geometry matrix with every function matrix of <paramref name="networks"/>; <paramref name="cancellation"/> stops between pairs of matrices.</summary>
    public static DissociationReport Analyze(
        string task,
        IReadOnlyList<NetworkConfig> networks,
        IReadOnlyDictionary<string, DistanceMatrix> geometry,
        IReadOnlyDictionary<string, DistanceMatrix> function,
        Dissociation dissociation,
        CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(networks);
        ArgumentNullException.ThrowIfNull(geometry);
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(dissociation);
        var correlations = new List<DissociationEntry>();
        foreach (var (g, f) in from g in geometry from f in FunctionNames.Where(function.ContainsKey) select (g, f))
        {
            cancellation.ThrowIfCancellationRequested();
            var r = dissociation.Measure(g.Value, function[f]);
            correlations.Add(new DissociationEntry(g.Key, f, r.Spearman, r.Low, r.High, r.Pairs, r.DiscordantShare));
        }
        var metric = geometry.ContainsKey("svcca") ? "svcca" : geometry.Keys.FirstOrDefault();
        var initialization = metric is null ? null : Initialization(metric, networks, geometry[metric]);
        var stages = networks.GroupBy(c => c.Stage).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count());
        return new DissociationReport(DissociationReport.CurrentSchema, task, networks.Count, stages, correlations, initialization, Finding(correlations, initialization));
    }

    private static InitializationComparison? Initialization(string metric, IReadOnlyList<NetworkConfig> networks, DistanceMatrix distances)
    {
        var index = networks.Select((c, i) => (c.Id.Value, i)).ToDictionary(x => x.Value, x => x.i);
        var trained = Enumerable.Range(0, networks.Count).Where(i => networks[i].Snapshot is null).ToList();
        var own = trained
            .Select(i => (i, init: index.GetValueOrDefault((networks[i] with { Snapshot = 0 }).Id.Value, -1)))
            .Where(x => x.init >= 0)
            .ToList();
        var otherCells = (from a in trained from b in trained where a < b && networks[a].Cell != networks[b].Cell select distances[a, b]).ToList();
        if (own.Count == 0 || otherCells.Count == 0)
        {
            return null;
        }
        var closer = own.Count(x =>
        {
            var others = trained.Where(j => networks[j].Cell != networks[x.i].Cell).Select(j => distances[x.i, j]).ToList();
            return others.Count > 0 && distances[x.i, x.init] < Median.Of(others);
        });
        return new InitializationComparison(metric, own.Count, Median.Of(own.Select(x => distances[x.i, x.init])), Median.Of(otherCells), closer / (double)own.Count);
    }

    private static string Finding(List<DissociationEntry> correlations, InitializationComparison? initialization)
    {
        var sentences = new List<string>();
        var behaviour = correlations.FirstOrDefault(c => c.Geometry == "svcca" && c.Function == "behaviour");
        if (behaviour is not null && !double.IsFinite(behaviour.Spearman))
        {
            sentences.Add($"Not enough networks to relate geometry to function: {behaviour.Pairs} pairs (at least three pairs, from three networks, are needed).");
        }
        else if (behaviour is not null)
        {
            var strength = Math.Abs(behaviour.Spearman) switch
            {
                >= 0.7 => "closely",
                >= 0.4 => "moderately",
                >= 0.2 => "weakly",
                _ => "hardly at all",
            };
            sentences.Add(string.Create(CultureInfo.InvariantCulture,
                $"SVCCA distance tracks behavioural distance {strength}: Spearman {behaviour.Spearman:0.00} (95% CI {behaviour.Low:0.00} to {behaviour.High:0.00}), and in {behaviour.DiscordantShare * 100:0}% of comparisons a pair that behaves differently is geometrically closer than a pair that behaves alike."));
        }
        if (initialization is not null)
        {
            sentences.Add(string.Create(CultureInfo.InvariantCulture,
                $"A trained network's {initialization.Metric.ToUpperInvariant()} distance to its own untrained initialization (median {initialization.MedianToOwnInitialization:0.000}) is {(initialization.MedianToOwnInitialization < initialization.MedianToOtherCells ? "smaller" : "larger")} than between trained networks of different cells (median {initialization.MedianToOtherCells:0.000}); {initialization.ShareCloserToOwnInitialization * 100:0}% of trained networks are closer to their untrained selves than to a typical trained network of another cell."));
        }
        return string.Join(' ', sentences);
    }
}

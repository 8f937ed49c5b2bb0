using System.Globalization;
using System.Text;
using RnnAtlas.Similarity;
using RnnAtlas.Statistics;
using RnnAtlas.Storage;
using RnnAtlas.Training;

namespace RnnAtlas.Studies.Analyses;

/// <summary>
/// One point of a conclusion over training: at one population stage (untrained, a checkpoint, trained), either how well
/// one distance separates one label among that stage's networks, or the share of them with the task's expected scaffold.
/// </summary>
/// <param name="Stage">The stage (<c>untrained</c>, <c>checkpoint-&lt;k&gt;</c>, <c>trained</c>).</param>
/// <param name="Iteration">The stage's training iteration (0, k); for <c>trained</c>, the median iteration its networks stopped at.</param>
/// <param name="Measure">A distance name (a metric, <c>topology</c>), or <c>expected_scaffold</c>.</param>
/// <param name="Label">The label separated (<c>cell</c>, <c>activation</c>); empty for the scaffold share.</param>
/// <param name="Networks">Networks of the stage the value covers.</param>
/// <param name="Value">Leave-one-out k-NN accuracy, or the share with the expected scaffold.</param>
/// <param name="Low">Lower end of the 95% bootstrap interval.</param>
/// <param name="High">Upper end of the 95% bootstrap interval.</param>
/// <param name="Chance">The most common label's share (NaN for the scaffold share).</param>
public sealed record OverTrainingPoint(string Stage, int Iteration, string Measure, string Label, int Networks, double Value, double Low, double High, double Chance);

/// <summary>
/// How a task's conclusions change over training (<c>analysis/&lt;task&gt;/over_training.csv</c>): for every population
/// stage with at least three networks — the untrained initializations, each checkpoint, the trained networks — the
/// cell and activation separability of every distance (k-NN accuracy with a bootstrap interval, from the rows and
/// columns of that stage only) and the share of networks with the task's expected scaffold. When does individuality
/// emerge, and does universality hold throughout?
/// </summary>
public static class OverTrainingAnalysis
{
    /// <summary>The file's name in the task's analysis folder.</summary>
    public const string FileName = "over_training.csv";

    /// <summary>The measure name of the expected-scaffold share.</summary>
    public const string ScaffoldMeasure = "expected_scaffold";

    private const int Resamples = 2000;

    private const string Header = "stage,iteration,measure,label,networks,value,low,high,chance";

    private static readonly string[] Labels = ["cell", "activation"];

    /// <summary>Every point, stages in training order; empty when the networks hold a single stage.</summary>
    /// <param name="networks">The task's networks, in matrix order.</param>
    /// <param name="iterations">Each network's training iterations (its stopping point), same order.</param>
    /// <param name="distances">Distance matrices over <paramref name="networks"/>, by name.</param>
    /// <param name="expected">Whether each network has the task's expected scaffold (null when its fixed points are not known).</param>
    /// <param name="statistics">The k-NN settings and the seed of the bootstrap.</param>
    public static IReadOnlyList<OverTrainingPoint> Analyze(
        IReadOnlyList<NetworkConfig> networks,
        IReadOnlyList<int> iterations,
        IReadOnlyDictionary<string, DistanceMatrix> distances,
        IReadOnlyList<bool?> expected,
        ClusterStatistics statistics)
    {
        ArgumentNullException.ThrowIfNull(networks);
        ArgumentNullException.ThrowIfNull(iterations);
        ArgumentNullException.ThrowIfNull(distances);
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(statistics);
        var stages = Enumerable.Range(0, networks.Count).GroupBy(i => networks[i].Stage)
            .Select(g => (Stage: g.Key, Members: g.ToList(), Iteration: networks[g.First()].Snapshot ?? (int)Numerics.Median.Of(g.Select(i => (double)iterations[i]))))
            .OrderBy(s => networks[s.Members[0]].Snapshot is null).ThenBy(s => s.Iteration)
            .ToList();
        if (stages.Count < 2)
        {
            return [];
        }
        var points = new List<OverTrainingPoint>();
        foreach (var (stage, members, iteration) in stages.Where(s => s.Members.Count >= 3))
        {
            foreach (var (name, matrix) in distances)
            {
                var sub = new DistanceMatrix([.. from i in members from j in members select matrix[i, j]], members.Count, $"{name} at {stage}");
                foreach (var label in Labels)
                {
                    var values = members.Select(i => AnalysisFolder.Label(networks[i], label)).ToArray();
                    if (values.Distinct().Count() < 2)
                    {
                        continue;
                    }
                    var (accuracy, low, high) = statistics.AccuracyInterval(sub, values, Resamples);
                    var chance = values.GroupBy(v => v).Max(g => g.Count()) / (double)values.Length;
                    points.Add(new OverTrainingPoint(stage, iteration, name, label, members.Count, accuracy, low, high, chance));
                }
            }
            var known = members.Where(i => expected[i] is not null).Select(i => expected[i]!.Value ? 1.0 : 0.0).ToArray();
            if (known.Length > 0)
            {
                var (share, low, high) = BootstrapMean.Interval(known, Resamples, statistics.Seed);
                points.Add(new OverTrainingPoint(stage, iteration, ScaffoldMeasure, "", known.Length, share, low, high, double.NaN));
            }
        }
        return points;
    }

    /// <summary>Writes <paramref name="points"/> as <see cref="FileName"/> in <paramref name="folder"/>, or removes a stale one when there are none.</summary>
    public static void Write(string folder, IReadOnlyList<OverTrainingPoint> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        var path = Path.Combine(folder, FileName);
        if (points.Count == 0)
        {
            File.Delete(path);
            return;
        }
        var text = new StringBuilder(Header).Append('\n');
        foreach (var p in points)
        {
            text.Append(CultureInfo.InvariantCulture, $"{p.Stage},{p.Iteration},{p.Measure},{p.Label},{p.Networks},{p.Value:R},{p.Low:R},{p.High:R},{p.Chance:R}\n");
        }
        AtomicFile.WriteText(path, text.ToString());
    }

    /// <summary>The points of <paramref name="folder"/>'s <see cref="FileName"/>, or none when it is absent or of another layout.</summary>
    public static IReadOnlyList<OverTrainingPoint> Read(string folder)
    {
        var path = Path.Combine(folder, FileName);
        if (!File.Exists(path))
        {
            return [];
        }
        var lines = InputFile.ReadAllText(path).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (lines.Length == 0 || lines[0] != Header)
        {
            return [];
        }
        var points = new List<OverTrainingPoint>();
        foreach (var line in lines.Skip(1))
        {
            var f = line.Split(',');
            if (f.Length != 9 || !int.TryParse(f[1], CultureInfo.InvariantCulture, out var iteration) || !int.TryParse(f[4], CultureInfo.InvariantCulture, out var count)
                || !double.TryParse(f[5], CultureInfo.InvariantCulture, out var value) || !double.TryParse(f[6], CultureInfo.InvariantCulture, out var low)
                || !double.TryParse(f[7], CultureInfo.InvariantCulture, out var high) || !double.TryParse(f[8], CultureInfo.InvariantCulture, out var chance))
            {
                throw new InvalidDataException($"{path}: line '{line}' is not {Header}");
            }
            points.Add(new OverTrainingPoint(f[0], iteration, f[2], f[3], count, value, low, high, chance));
        }
        return points;
    }
}

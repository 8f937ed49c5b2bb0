using RnnAtlas.Cells;
using RnnAtlas.Populations;
using RnnAtlas.Similarity;
using RnnAtlas.Statistics;
using RnnAtlas.Studies;
using RnnAtlas.Studies.Analyses;
using RnnAtlas.Studies.Stages;
using RnnAtlas.Tasks;
using RnnAtlas.Training;

namespace RnnAtlas.Tests.Studies;

/// <summary>Conclusions over training: each stage's own separability and scaffold share, written, read and drawn.</summary>
public sealed class OverTrainingTests
{
    [Fact]
    public void EachStageIsJudgedOnItsOwnNetworks()
    {
        var task = new FlipFlopTask();
        NetworkConfig Net(CellKind cell, int seed, int? snapshot) => new NetworkConfig(task, cell, Activation.Tanh, 8, 0, 0.01, seed, new TrainingOptions()) { Snapshot = snapshot };
        var networks = (from snapshot in new int?[] { null, 0 } from cell in new[] { CellKind.Gru, CellKind.Vanilla } from seed in new[] { 0, 1, 2 } select Net(cell, seed, snapshot)).ToList();
        var n = networks.Count;
        var values = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                var sameCell = networks[i].Cell == networks[j].Cell;
                // Trained networks cluster by cell; untrained ones are nearer to the other cell than to their own.
                values[i * n + j] = i == j ? 0 : networks[i].Snapshot is null && networks[j].Snapshot is null ? (sameCell ? 0.1 : 1) : (sameCell ? 1 : 0.1);
            }
        }
        var distances = new Dictionary<string, DistanceMatrix> { ["svcca"] = new(values, n, "test") };
        var iterations = networks.Select(c => c.Snapshot ?? 200 + c.Seed * 50).ToList();
        var expected = networks.Select(c => (bool?)(c.Snapshot is null)).ToList();

        var points = OverTrainingAnalysis.Analyze(networks, iterations, distances, expected, new ClusterStatistics());

        Assert.Equal(
            [("untrained", 0, "svcca", "cell", 6, 0.0, 0.0, 0.0), ("untrained", 0, OverTrainingAnalysis.ScaffoldMeasure, "", 6, 0.0, 0.0, 0.0), ("trained", 250, "svcca", "cell", 6, 1.0, 1.0, 1.0), ("trained", 250, OverTrainingAnalysis.ScaffoldMeasure, "", 6, 1.0, 1.0, 1.0)],
            points.Select(p => (p.Stage, p.Iteration, p.Measure, p.Label, p.Networks, p.Value, p.Low, p.High)));
        Assert.Equal(0.5, points[0].Chance);
        Assert.Empty(OverTrainingAnalysis.Analyze([.. networks.Take(6)], [.. iterations.Take(6)], new Dictionary<string, DistanceMatrix>(), [.. expected.Take(6)], new ClusterStatistics()));

        using var folder = new TempFolder();
        OverTrainingAnalysis.Write(folder.Path, points);
        Assert.Equal(points.Select(p => p with { Chance = double.IsNaN(p.Chance) ? 0 : p.Chance }), OverTrainingAnalysis.Read(folder.Path).Select(p => p with { Chance = double.IsNaN(p.Chance) ? 0 : p.Chance }));
        OverTrainingAnalysis.Write(folder.Path, []);
        Assert.Empty(OverTrainingAnalysis.Read(folder.Path));
    }

    [Fact]
    public void TheAccuracyIntervalIsABootstrapAroundTheLeaveOneOutAccuracy()
    {
        var labels = new[] { "a", "a", "a", "b", "b", "b", "b" };
        var points = new double[] { 0, 0.125, 0.875, 1, 1.25, 0.25, 1.5 };
        var n = points.Length;
        var matrix = new DistanceMatrix([.. from i in Enumerable.Range(0, n) from j in Enumerable.Range(0, n) select Math.Abs(points[i] - points[j])], n, "line");
        var statistics = new ClusterStatistics(Neighbours: 1, Permutations: 9);

        var (accuracy, low, high) = statistics.AccuracyInterval(matrix, labels);

        Assert.Equal(statistics.Separation(matrix, labels, "x").NearestNeighbourAccuracy, accuracy);
        Assert.InRange(low, 0, accuracy);
        Assert.InRange(high, accuracy, 1);
        Assert.True(high - low > 0.3, $"interval {low}–{high} for 7 items");
        Assert.Equal((accuracy, low, high), statistics.AccuracyInterval(matrix, labels));
    }

    [Fact]
    public void AStudyWithUntrainedSnapshotsWritesAndDrawsItsConclusionsOverTraining()
    {
        using var folder = new TempFolder();
        var sweep = TinyStudies.Sweep(0, 1, 2) with { Snapshots = [0] };
        var study = StudyFolder.CreateOrOpen(folder.Path, sweep);

        var outcomes = StudyPipeline.Study(study, sweep, 2, null, RnnAtlas.Reporting.StudyReport.Build).Run(new Unobserved(), default);

        var task = Assert.Single(Assert.IsType<ComparisonOutcome>(outcomes[3]).Tasks);
        var points = OverTrainingAnalysis.Read(task.Folder);
        Assert.Equal(["untrained", "trained"], points.Select(p => p.Stage).Distinct());
        Assert.Contains(points, p => p.Measure == "topology" && p.Label == "cell");
        Assert.All(points.Where(p => p.Measure == OverTrainingAnalysis.ScaffoldMeasure), p => Assert.Equal(6, p.Networks));
        Assert.Contains("Cell separability over training", File.ReadAllText(Assert.IsType<ReportOutcome>(outcomes[4]).Index), StringComparison.Ordinal);
    }
}

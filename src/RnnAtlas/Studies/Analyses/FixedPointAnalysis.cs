using System.Text.Json;
using RnnAtlas.FixedPoints;
using RnnAtlas.Networks;
using RnnAtlas.Numerics;
using RnnAtlas.Storage;
using RnnAtlas.Training;
using Lin = RnnAtlas.Linearization.Linearization;

namespace RnnAtlas.Studies.Analyses;

/// <summary>
/// The fixed-point stage of a study for one network: run it (float64) on its task's probe trials, search every
/// analysis condition from those trajectories, linearize every kept point, and write
/// <c>fixedpoints/*.npy</c> then <c>fixedpoints.json</c> (last, so its presence marks the network as done).
/// </summary>
public sealed class FixedPointAnalysis
{
    private const int SummaryModes = 10;
    private static readonly string[] ArrayFiles = ["states.npy", "jacobians.npy", "eigenvalues.npy", "right_eigenvectors.npy", "left_eigenvectors.npy"];
    private readonly StudyFolder _study;
    private readonly FixedPointOptions _options;

    /// <summary>Analyses networks of <paramref name="study"/> with <paramref name="options"/>.</summary>
    public FixedPointAnalysis(StudyFolder study, FixedPointOptions options)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _study = study;
        _options = options;
    }

    /// <summary>The stored report of <paramref name="config"/>'s network when its analysis finished with these options (as used for its task), else null.</summary>
    public FixedPointReport? Finished(NetworkConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        // Damaged bulk arrays (fixedpoints/*.npy) mean the analysis is redone, never read back.
        return Stored(_study, config.Id) is { } report && report.Options == TaskRegistry.Scaffold(config.Task).SearchOptions(_options)
            && ArrayFiles.All(f => NpyFile.IsComplete(Path.Combine(_study.NetworkFolder(config.Id), "fixedpoints", f)))
            ? report : null;
    }

    /// <summary>The stored report of <paramref name="id"/> (with any options), or null when missing, unreadable or of another schema.</summary>
    public static FixedPointReport? Stored(StudyFolder study, NetworkId id)
    {
        ArgumentNullException.ThrowIfNull(study);
        var path = ReportPath(study, id);
        return StudyJson.ReadOrNull<FixedPointReport>(path, r => r.Schema == FixedPointReport.CurrentSchema);
    }

    /// <summary>Analyses <paramref name="config"/>'s network on <paramref name="threads"/> threads and stores the result.</summary>
    /// <remarks>The result does not depend on <paramref name="threads"/>.</remarks>
    public FixedPointReport Analyze(NetworkConfig config, int threads = 1)
    {
        ArgumentNullException.ThrowIfNull(config);
        var network = new RecurrentNetwork<double>(_study.ReadParameters(config).Convert<double>());
        var (trajectories, _) = network.Run(config.Task.ProbeTrials());
        var options = TaskRegistry.Scaffold(config.Task).SearchOptions(_options);
        var search = new FixedPointSearch(network, options, threads);
        var s = network.Shape.StateSize;
        var states = new List<double>();
        var jacobians = new List<double>();
        var spectra = new List<double>();
        var rightVectors = new List<float>();
        var leftVectors = new List<float>();
        var conditions = new List<ConditionReport>();
        var index = 0;
        foreach (var condition in config.Task.AnalysisConditions())
        {
            FixedPointSet set;
            try
            {
                set = search.Find(condition, trajectories);
            }
            catch (Exception e) when (IsNumericalFailure(e))
            {
                // A numerical failure is a status of this network's condition, never the end of the stage.
                conditions.Add(new ConditionReport(condition.Name, [.. condition.Input.Select(v => (double)v)], 0, new Dictionary<FixedPointStatus, int>(), 0, 0, [],
                    new SearchSaturation(0, [], [], false)) { Failure = $"search failed: {e.GetType().Name}: {e.Message}" });
                continue;
            }
            var records = new List<FixedPointRecord>();
            var rejected = new Dictionary<FixedPointStatus, int>(set.Rejected);
            foreach (var (point, linearized) in set.Points.Zip(Linearize(network, set.Points, _options.StabilityTolerance, threads)))
            {
                if (linearized is not { } linearization)
                {
                    rejected[FixedPointStatus.LinearizationFailed] = rejected.GetValueOrDefault(FixedPointStatus.LinearizationFailed) + 1;
                    continue;
                }
                var readout = new double[network.Shape.OutputSize];
                network.Readout(point.State, readout, 1);
                var top = linearization.Modes.Take(SummaryModes).ToArray();
                records.Add(new FixedPointRecord(
                    index++, point.State, point.Speed, point.Iterations, point.Status, point.InitialStateIndex,
                    linearization.UnstableDimensions,
                    [.. top.Select(m => new[] { m.Value.Real, m.Value.Imaginary })],
                    [.. top.Select(m => m.TimeConstant)],
                    [.. top.Select(m => m.Frequency)],
                    readout));
                states.AddRange(point.State);
                jacobians.AddRange(linearization.Recurrent);
                foreach (var mode in linearization.Modes)
                {
                    spectra.Add(mode.Value.Real);
                    spectra.Add(mode.Value.Imaginary);
                    rightVectors.AddRange(mode.Right.SelectMany(c => new[] { (float)c.Real, (float)c.Imaginary }));
                    leftVectors.AddRange(mode.Left.SelectMany(c => new[] { (float)c.Real, (float)c.Imaginary }));
                }
            }
            conditions.Add(new ConditionReport(set.Condition, set.Input, set.Candidates, rejected, set.Duplicates, set.Outliers, records, set.Saturation));
        }
        var folder = Path.Combine(_study.NetworkFolder(config.Id), "fixedpoints");
        NpyFile.Write(Path.Combine(folder, "states.npy"), states.ToArray(), index, s);
        NpyFile.Write(Path.Combine(folder, "jacobians.npy"), jacobians.ToArray(), index, s, s);
        NpyFile.Write(Path.Combine(folder, "eigenvalues.npy"), spectra.ToArray(), index, s, 2);
        NpyFile.Write(Path.Combine(folder, "right_eigenvectors.npy"), rightVectors.ToArray(), index, s, s, 2);
        NpyFile.Write(Path.Combine(folder, "left_eigenvectors.npy"), leftVectors.ToArray(), index, s, s, 2);
        var report = new FixedPointReport { NetworkId = config.Id.Value, Options = options, Conditions = conditions };
        AtomicFile.WriteText(ReportPath(_study, config.Id), JsonSerializer.Serialize(report, StudyJson.Indented));
        return report;
    }

    /// <summary>
    /// The linearization at each of <paramref name="points"/>, on <paramref name="threads"/> workers that each run their
    /// own copy of <paramref name="network"/>'s workspaces; null where it failed numerically (a status of that point,
    /// never the end of the network's analysis). The result does not depend on <paramref name="threads"/>.
    /// </summary>
    public static Lin?[] Linearize(RecurrentNetwork<double> network, IReadOnlyList<FixedPoint> points, double stabilityTolerance, int threads)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(points);
        var linearizations = new Lin?[points.Count];
        WorkQueue.Run(Enumerable.Range(0, points.Count), threads, () => new RecurrentNetwork<double>(network.Parameters), (worker, i) =>
        {
            try
            {
                linearizations[i] = Lin.At(worker, points[i].State, points[i].Input, stabilityTolerance);
            }
            catch (Exception e) when (IsNumericalFailure(e))
            {
                linearizations[i] = null;
            }
        }, default);
        return linearizations;
    }

    /// <summary>
    /// Failures of the numerics on one network's values (no convergence, a singular or non-finite matrix, an argument a
    /// degenerate network makes out of range), as opposed to failures of the machine (I/O, memory, cancellation).
    /// </summary>
    private static bool IsNumericalFailure(Exception e) =>
        e is MathNet.Numerics.NonConvergenceException or ArithmeticException or ArgumentException or InvalidOperationException or IndexOutOfRangeException;

    /// <summary>Where <paramref name="id"/>'s report lives.</summary>
    public static string ReportPath(StudyFolder study, NetworkId id) => Path.Combine(study!.NetworkFolder(id), "fixedpoints.json");
}

using System.Security.Cryptography;
using System.Text.Json;
using RnnAtlas.FixedPoints;
using RnnAtlas.Networks;
using RnnAtlas.Storage;
using RnnAtlas.Tasks;
using RnnAtlas.Topology;
using RnnAtlas.Training;
using Lin = RnnAtlas.Linearization.Linearization;

namespace RnnAtlas.Studies;

/// <summary>
/// The topology stage for one network, by task: the flip-flop's fixed-point graph (with its ±1 pulses on every
/// channel), the sine wave's limit cycles over the input grid, the integration task's line attractors per context.
/// Reads the network's fixedpoints.json; writes its scaffold report atomically.
/// </summary>
public sealed class ScaffoldAnalysis
{
    private readonly StudyFolder _study;
    private readonly TopologyOptions _options;

    /// <summary>Analyses networks of <paramref name="study"/>.</summary>
    public ScaffoldAnalysis(StudyFolder study, TopologyOptions options)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _study = study;
        _options = options;
    }

    /// <summary>The stored report of <paramref name="config"/>'s network when it is current (same options, same fixed points), else null.</summary>
    public ScaffoldReport? Finished(NetworkConfig config) =>
        Stored(_study, config) is { } report && report.Options == _options && report.FixedPointsDigest == Digest(config.Id) ? report : null;

    /// <summary>The stored report of <paramref name="config"/>'s network (with any options), or null when missing, unreadable or of another schema.</summary>
    public static ScaffoldReport? Stored(StudyFolder study, NetworkConfig config)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(config);
        var path = Path.Combine(study.NetworkFolder(config.Id), FileName(config.Task));
        return StudyJson.ReadOrNull<ScaffoldReport>(path, r => r.Schema == ScaffoldReport.CurrentSchema);
    }

    /// <summary>Analyses <paramref name="config"/>'s network from its stored fixed points and writes the report.</summary>
    /// <exception cref="InvalidDataException">The network has no readable fixedpoints.json (run <c>rnnatlas fixedpoints</c> first).</exception>
    public ScaffoldReport Analyze(NetworkConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var digest = Digest(config.Id);
        var fixedPoints = FixedPointAnalysis.Stored(_study, config.Id)
            ?? throw new InvalidDataException($"{FixedPointAnalysis.ReportPath(_study, config.Id)}: missing or unreadable; run 'rnnatlas fixedpoints' first");
        var network = new RecurrentNetwork<double>(_study.ReadParameters(config).Convert<double>());
        var (trajectories, _) = network.Run(config.Task.ProbeTrials());
        var region = StateRegion.Of(trajectories, network.Shape.StateSize, 0);
        var tolerance = fixedPoints.Options.StabilityTolerance;
        var report = new ScaffoldReport { NetworkId = config.Id.Value, FixedPointsDigest = digest, Options = _options };
        report = config.Task switch
        {
            FlipFlopTask flipFlop => WithGraph(report, network, region, fixedPoints.Conditions[0], flipFlop, tolerance),
            SineWaveTask sine => report with { Oscillations = [.. fixedPoints.Conditions.Select(c => Oscillation(network, region, c, sine, tolerance))] },
            ContextIntegrationTask integration => report with
            {
                LineAttractors = [.. fixedPoints.Conditions.Select((c, k) => LineAttractor.Fit(network, c.Name, c.Input, Points(c, includeSlow: true), k, integration.TimeSteps, _options.ResponseModes, tolerance))],
            },
            _ => throw new InvalidDataException($"{config.Id.Value}: no scaffold analysis for task {config.Task.Name}"),
        };
        AtomicFile.WriteText(Path.Combine(_study.NetworkFolder(config.Id), report.FileName), JsonSerializer.Serialize(report, StudyJson.Indented));
        return report;
    }

    /// <summary>The report file's name for networks of <paramref name="task"/>.</summary>
    public static string FileName(ITask task) => task switch
    {
        FlipFlopTask => "graph.json",
        SineWaveTask => "limitcycles.json",
        _ => "lineattractors.json",
    };

    private ScaffoldReport WithGraph(ScaffoldReport report, RecurrentNetwork<double> network, StateRegion region, ConditionReport condition, FlipFlopTask task, double tolerance)
    {
        var pulses = Enumerable.Range(0, task.Bits).SelectMany(c => new[] { '+', '-' }.Select(sign =>
        {
            var input = new double[task.InputSize];
            input[c] = sign == '+' ? 1 : -1;
            return new InputPulse(FixedPointGraph.FlipFlopPulseName(c, sign), input);
        })).ToList();
        var graph = new FixedPointGraphBuilder(network, region, _options, tolerance).Build(Points(condition, includeSlow: false), condition.Input, pulses);
        return report with { Graph = graph, Automaton = graph.IsFlipFlopAutomaton(task.Bits) };
    }

    private OscillationSignature Oscillation(RecurrentNetwork<double> network, StateRegion region, ConditionReport condition, SineWaveTask task, double tolerance)
    {
        var points = Points(condition, includeSlow: false);
        var oscillating = points
            .Select(p => (Point: p, Mode: Lin.At(network, p.State, condition.Input, tolerance).Modes.FirstOrDefault(m => m.Unstable && m.Value.Imaginary != 0)))
            .Where(x => x.Mode is not null)
            .OrderByDescending(x => x.Mode!.Magnitude)
            .FirstOrDefault();
        var cycle = new LimitCycle(false, double.NaN, double.NaN, double.NaN, double.NaN);
        var start = oscillating.Point ?? points.FirstOrDefault();
        if (start is not null)
        {
            var direction = oscillating.Mode?.Right.Select(c => c.Real).ToArray()
                ?? Lin.At(network, start.State, condition.Input, tolerance).Modes[0].Right.Select(c => c.Real).ToArray();
            var norm = Math.Sqrt(direction.Sum(v => v * v));
            var from = start.State.Select((h, i) => h + _options.Perturbation * region.Radius * direction[i] / norm).ToArray();
            cycle = LimitCycle.Measure(network, from, condition.Input, oscillating.Mode?.Frequency ?? double.NaN, region, _options);
        }
        return new OscillationSignature(condition.Name, task.Frequency(condition.Input[0]), points.Count, points.Select(p => p.UnstableDimensions).DefaultIfEmpty(0).Max(), oscillating.Mode is not null, cycle);
    }

    private static List<ScaffoldPoint> Points(ConditionReport condition, bool includeSlow) =>
        [.. condition.Points
            .Where(p => p.Status == FixedPointStatus.Converged || (includeSlow && p.Status == FixedPointStatus.Slow))
            .Select(p => new ScaffoldPoint(p.Index, p.State, p.UnstableDimensions, p.Readout))];

    private string Digest(NetworkId id)
    {
        var path = FixedPointAnalysis.ReportPath(_study, id);
        return File.Exists(path) ? Convert.ToHexStringLower(SHA256.HashData(InputFile.ReadAllBytes(path, InputFile.MaxTextBytes)))[..16] : "";
    }
}

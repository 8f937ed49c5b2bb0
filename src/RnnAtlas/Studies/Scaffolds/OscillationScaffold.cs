using System.Globalization;
using RnnAtlas.Numerics;
using RnnAtlas.Storage;
using RnnAtlas.Studies.Analyses;
using RnnAtlas.Tasks;
using RnnAtlas.Topology;
using RnnAtlas.Training;
using Lin = RnnAtlas.Linearization.Linearization;

namespace RnnAtlas.Studies.Scaffolds;

/// <summary>
/// The frequency-cued sine wave's scaffold: at every grid input, a fixed point with an unstable oscillatory mode whose
/// linearized frequency predicts the target, and the limit cycle around it (<c>limitcycles.json</c>).
/// </summary>
public sealed class OscillationScaffold(SineWaveTask task) : ITaskScaffold
{
    /// <inheritdoc />
    public string FileName => "limitcycles.json";

    /// <inheritdoc />
    public string Expectation => "an unstable oscillatory pair at every grid input";

    /// <inheritdoc />
    public string DistanceDescription => "mean over the input grid of fixed-point count, index, oscillatory mode and predicted / measured frequency differences";

    /// <inheritdoc />
    public bool DistanceIsMetric => false;

    /// <inheritdoc />
    public FixedPoints.FixedPointOptions SearchOptions(FixedPoints.FixedPointOptions options) => options;

    /// <inheritdoc />
    public bool Holds(FixedPointReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return report.Conditions.All(c => c.Points.Any(p => p.UnstableDimensions >= 2 && p.Eigenvalues.Length > 0 && p.Eigenvalues[0][1] != 0));
    }

    /// <inheritdoc />
    public ScaffoldReport Analyze(ScaffoldContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new OscillationReport
        {
            NetworkId = context.NetworkId,
            FixedPointsDigest = context.FixedPointsDigest,
            Options = context.Options,
            Oscillations = [.. context.FixedPoints.Conditions.Select(c => Oscillation(context, c))],
        };
    }

    /// <inheritdoc />
    public ScaffoldReport? Read(string path) => StudyJson.ReadOrNull<OscillationReport>(path, r => r.Schema == ScaffoldReport.CurrentSchema);

    /// <inheritdoc />
    public string Summarize(IReadOnlyList<(NetworkConfig Config, ScaffoldReport Report)> networks)
    {
        ArgumentNullException.ThrowIfNull(networks);
        var reports = networks.Select(x => (OscillationReport)x.Report).ToList();
        var everywhere = reports.Count(r => r.Oscillations.All(o => o.Oscillatory));
        var measured = Median.Of(reports.SelectMany(r => r.Oscillations.Where(o => o.Cycle.Found).Select(o => Math.Abs(o.Cycle.MeasuredFrequency - o.TargetFrequency) / o.TargetFrequency)));
        var predicted = Median.Of(reports.SelectMany(r => r.Oscillations.Where(o => o.Oscillatory).Select(o => Math.Abs(o.Cycle.PredictedFrequency - o.TargetFrequency) / o.TargetFrequency)));
        return string.Create(CultureInfo.InvariantCulture, $"{task.Name}: {everywhere}/{reports.Count} networks have an oscillatory mode at every grid input; median relative frequency error: measured limit cycle {measured:0.000}, linearization {predicted:0.000}");
    }

    private OscillationSignature Oscillation(ScaffoldContext context, ConditionReport condition)
    {
        var (network, region, options, tolerance) = (context.Network, context.Region, context.Options, context.StabilityTolerance);
        var points = ScaffoldContext.Points(condition, includeSlow: false);
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
            var from = start.State.Select((h, i) => h + options.Perturbation * region.Radius * direction[i] / norm).ToArray();
            cycle = LimitCycle.Measure(network, from, condition.Input, oscillating.Mode?.Frequency ?? double.NaN, region, options);
        }
        return new OscillationSignature(condition.Name, task.Frequency(condition.Input[0]), points.Count, points.Select(p => p.UnstableDimensions).DefaultIfEmpty(0).Max(), oscillating.Mode is not null, cycle);
    }
}

/// <summary>A sine-wave network's scaffold: one oscillation signature per grid input (<c>limitcycles.json</c>).</summary>
public sealed record OscillationReport : ScaffoldReport
{
    /// <summary>One signature per grid input.</summary>
    public required IReadOnlyList<OscillationSignature> Oscillations { get; init; }

    /// <inheritdoc />
    public override double Distance(ScaffoldReport other) => OscillationSignature.Distance(Oscillations, Same<OscillationReport>(other).Oscillations);

    /// <inheritdoc />
    public override string Describe() =>
        $"oscillatory mode at {Oscillations.Count(o => o.Oscillatory)}/{Oscillations.Count} inputs, limit cycle at {Oscillations.Count(o => o.Cycle.Found)}/{Oscillations.Count}";

    /// <inheritdoc />
    public override IEnumerable<string> Details() => Oscillations.Select(o => string.Create(CultureInfo.InvariantCulture,
        $"  {o.Condition}: target f {o.TargetFrequency:0.0000}, {o.FixedPoints} points (max index {o.MaxUnstableDimensions}), linearized f {o.Cycle.PredictedFrequency:0.0000}, limit cycle {(o.Cycle.Found ? $"f {o.Cycle.MeasuredFrequency:0.0000}, amplitude {o.Cycle.Amplitude:0.000}, return error {o.Cycle.ReturnError:0.000}" : "none")}"));
}

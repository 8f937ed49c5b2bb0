using System.Globalization;
using RnnAtlas.FixedPoints;
using RnnAtlas.Numerics;
using RnnAtlas.Storage;
using RnnAtlas.Studies.Analyses;
using RnnAtlas.Tasks;
using RnnAtlas.Topology;
using RnnAtlas.Training;

namespace RnnAtlas.Studies.Scaffolds;

/// <summary>
/// The context-dependent integration task's scaffold: in every context, a line attractor (a family of fixed and slow
/// points along one direction with a mode of |λ| ≈ 1) that integrates the cued channel (<c>lineattractors.json</c>).
/// </summary>
public sealed class LineAttractorScaffold(ContextIntegrationTask task) : ITaskScaffold
{
    /// <summary>The slow-point spacing the search uses when the study sets none: the line's slow points are its substance.</summary>
    public const double SlowPointSpacing = 0.05;

    /// <inheritdoc />
    public string FileName => "lineattractors.json";

    /// <inheritdoc />
    public string Expectation => "a point with leading |λ| within 0.05 of 1 in every context";

    /// <inheritdoc />
    public string DistanceDescription => "mean over contexts of line variance share, leading |λ| and mode-truncation response differences";

    /// <inheritdoc />
    public bool DistanceIsMetric => false;

    /// <inheritdoc />
    public FixedPointOptions SearchOptions(FixedPointOptions options) => WithSlowPoints(options);

    /// <summary><paramref name="options"/> with slow points kept at <see cref="SlowPointSpacing"/> unless the study set a spacing.</summary>
    public static FixedPointOptions WithSlowPoints(FixedPointOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.SlowPointSpacing is null ? options with { SlowPointSpacing = SlowPointSpacing } : options;
    }

    /// <inheritdoc />
    public bool Holds(FixedPointReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return report.Conditions.All(HasSlowMode);
    }

    /// <summary>Whether a point of <paramref name="condition"/> has a leading |λ| within 0.05 of 1 (a direction the state is held along).</summary>
    public static bool HasSlowMode(ConditionReport condition)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return condition.Points.Any(p => p.Eigenvalues.Length > 0 && Math.Abs(Math.Sqrt(p.Eigenvalues[0][0] * p.Eigenvalues[0][0] + p.Eigenvalues[0][1] * p.Eigenvalues[0][1]) - 1) <= 0.05);
    }

    /// <inheritdoc />
    public ScaffoldReport Analyze(ScaffoldContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new LineAttractorReport
        {
            NetworkId = context.NetworkId,
            FixedPointsDigest = context.FixedPointsDigest,
            Options = context.Options,
            LineAttractors = [.. context.FixedPoints.Conditions.Select((c, k) => LineAttractor.Fit(
                context.Network, c.Name, c.Input, ScaffoldContext.Points(c, includeSlow: true), k, task.TimeSteps, context.Options.ResponseModes, context.StabilityTolerance))],
        };
    }

    /// <inheritdoc />
    public ScaffoldReport? Read(string path) => StudyJson.ReadOrNull<LineAttractorReport>(path, r => r.Schema == ScaffoldReport.CurrentSchema);

    /// <inheritdoc />
    public string Summarize(IReadOnlyList<(NetworkConfig Config, ScaffoldReport Report)> networks)
    {
        ArgumentNullException.ThrowIfNull(networks);
        var reports = networks.Select(x => (LineAttractorReport)x.Report).ToList();
        var share = Median.Of(reports.SelectMany(r => r.LineAttractors.Select(l => l.VarianceShare)).Where(double.IsFinite));
        var slow = reports.Count(r => r.LineAttractors.All(l => l.Spectrum.Length > 0 && Math.Abs(l.Spectrum[0] - 1) <= 0.05));
        return string.Create(CultureInfo.InvariantCulture, $"{task.Name}: median share of the points' variance on one line {share:0.00}; {slow}/{reports.Count} networks have a mode with |λ| within 0.05 of 1 in every context");
    }
}

/// <summary>An integration network's scaffold: one line attractor per context (<c>lineattractors.json</c>).</summary>
public sealed record LineAttractorReport : ScaffoldReport
{
    /// <summary>One line attractor per context.</summary>
    public required IReadOnlyList<LineAttractor> LineAttractors { get; init; }

    /// <inheritdoc />
    public override double Distance(ScaffoldReport other) => LineAttractor.Distance(LineAttractors, Same<LineAttractorReport>(other).LineAttractors);

    /// <inheritdoc />
    public override string Describe() =>
        string.Join("; ", LineAttractors.Select(l => string.Create(CultureInfo.InvariantCulture, $"{l.Condition}: {l.Points} points, {l.VarianceShare:0.00} on the line, top |λ| {l.Spectrum.FirstOrDefault(double.NaN):0.000}")));

    /// <inheritdoc />
    public override IEnumerable<string> Details() => LineAttractors.Select(l => string.Create(CultureInfo.InvariantCulture,
        $"  {l.Condition}: {l.Points} points, {l.VarianceShare:0.000} of their variance on one line of length {l.Length:0.000}; |λ| {string.Join(' ', l.Spectrum.Take(5).Select(v => v.ToString("0.000", CultureInfo.InvariantCulture)))}; response kept by k modes {string.Join(' ', l.Response.Take(5).Select(v => v.ToString("0.00", CultureInfo.InvariantCulture)))}"));
}

using System.Globalization;
using MathNet.Numerics.LinearAlgebra;
using RnnAtlas.FixedPoints;
using RnnAtlas.Numerics;
using RnnAtlas.Statistics;
using RnnAtlas.Storage;
using RnnAtlas.Studies.Analyses;
using RnnAtlas.Tasks;
using RnnAtlas.Topology;
using RnnAtlas.Training;

namespace RnnAtlas.Studies.Scaffolds;

/// <summary>
/// The delayed-discrimination scaffold: during the delay (no input) a line attractor that stores f1 — fixed and slow
/// points along one direction with a mode of |λ| ≈ 1, whose linear response to a pulse on the stimulus channel lasts
/// through the longest delay — and in the response period (go cue on) two decision attractors, stable points whose
/// readouts have opposite signs (<c>discrimination.json</c>).
/// </summary>
public sealed class DelayedDiscriminationScaffold(DelayedDiscriminationTask task) : ITaskScaffold
{
    /// <inheritdoc />
    public string FileName => "discrimination.json";

    /// <inheritdoc />
    public string Expectation => "a point with leading |λ| within 0.05 of 1 in the delay, and stable points of both readout signs in the response period";

    /// <inheritdoc />
    public string DistanceDescription => "line-attractor distance of the delay memory, plus 1 when only one of the two networks has decision attractors of both signs, plus the difference of their held-stimulus orders (1 when known for one only)";

    /// <inheritdoc />
    public bool DistanceIsMetric => false;

    /// <inheritdoc />
    public FixedPointOptions SearchOptions(FixedPointOptions options) => LineAttractorScaffold.WithSlowPoints(options);

    /// <inheritdoc />
    public bool Holds(FixedPointReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var (delay, response) = DelayAndResponse(report);
        var slow = LineAttractorScaffold.HasSlowMode(delay);
        var stable = response.Points.Where(p => p.IsStable).Select(p => Math.Sign(p.Readout[0])).ToHashSet();
        return slow && stable.Contains(1) && stable.Contains(-1);
    }

    /// <inheritdoc />
    public ScaffoldReport Analyze(ScaffoldContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var conditions = task.AnalysisConditions();
        var (delay, response) = DelayAndResponse(context.FixedPoints);
        var held = ScaffoldContext.Points(delay, includeSlow: true);
        var memory = LineAttractor.Fit(context.Network, delay.Name, delay.Input, held,
            DelayedDiscriminationTask.StimulusChannel, task.MaxDelay, context.Options.ResponseModes, context.StabilityTolerance);
        var positions = StimulusPositions(held, [.. conditions.Skip(1).SkipLast(1).Select(c => context.FixedPoints.Conditions.Single(r => r.Name == c.Name))]);
        var finite = Enumerable.Range(0, positions.Length).Where(i => double.IsFinite(positions[i])).ToArray();
        return new DelayedDiscriminationReport
        {
            NetworkId = context.NetworkId,
            FixedPointsDigest = context.FixedPointsDigest,
            Options = context.Options,
            Memory = memory,
            Decisions = [.. response.Points.Where(p => p.IsStable).Select(p => p.Readout[0])],
            StimulusPositions = positions,
            StimulusOrder = Math.Abs(RankCorrelation.Spearman([.. finite.Select(i => DelayedDiscriminationTask.StimulusGrid[i])], [.. finite.Select(i => positions[i])])),
        };
    }

    /// <summary>The report's delay condition (the first of the task's) and response condition (the last).</summary>
    private (ConditionReport Delay, ConditionReport Response) DelayAndResponse(FixedPointReport report)
    {
        var conditions = task.AnalysisConditions();
        return (report.Conditions.Single(c => c.Name == conditions[0].Name), report.Conditions.Single(c => c.Name == conditions[^1].Name));
    }

    /// <summary>
    /// Where each held stimulus leaves the state on the memory line: the mean projection of the condition's stable
    /// points onto the first principal direction of the delay's points (from their centroid); NaN for a stimulus with no
    /// stable point, all NaN when the delay has fewer than 2 points (no line).
    /// </summary>
    internal static double[] StimulusPositions(IReadOnlyList<ScaffoldPoint> line, IReadOnlyList<ConditionReport> stimuli)
    {
        var positions = new double[stimuli.Count];
        Array.Fill(positions, double.NaN);
        if (line.Count < 2)
        {
            return positions;
        }
        var n = line[0].State.Length;
        var centroid = Enumerable.Range(0, n).Select(j => line.Average(p => p.State[j])).ToArray();
        var direction = Matrix<double>.Build.Dense(line.Count, n, (i, j) => line[i].State[j] - centroid[j]).Svd(computeVectors: true).VT.Row(0);
        for (var k = 0; k < stimuli.Count; k++)
        {
            var stable = stimuli[k].Points.Where(p => p.IsStable).ToList();
            if (stable.Count > 0)
            {
                positions[k] = stable.Average(p => Enumerable.Range(0, n).Sum(j => direction[j] * (p.State[j] - centroid[j])));
            }
        }
        return positions;
    }

    /// <inheritdoc />
    public ScaffoldReport? Read(string path) => StudyJson.ReadOrNull<DelayedDiscriminationReport>(path, r => r.Schema == ScaffoldReport.CurrentSchema);

    /// <inheritdoc />
    public string Summarize(IReadOnlyList<(NetworkConfig Config, ScaffoldReport Report)> networks)
    {
        ArgumentNullException.ThrowIfNull(networks);
        var reports = networks.Select(x => (DelayedDiscriminationReport)x.Report).ToList();
        var lines = reports.Count(r => r.Memory.Spectrum.Length > 0 && Math.Abs(r.Memory.Spectrum[0] - 1) <= 0.05);
        var share = Median.Of(reports.Select(r => r.Memory.VarianceShare).Where(double.IsFinite));
        var decisions = reports.Count(r => r.HasBothDecisions);
        var ordered = reports.Count(r => r.StimulusOrder >= 1 - 1e-9);
        return string.Create(CultureInfo.InvariantCulture, $"{task.Name}: {lines}/{reports.Count} networks hold f1 on a slow line during the delay (leading |λ| within 0.05 of 1; median share of the points' variance on the line {share:0.00}); {ordered}/{reports.Count} leave each held stimulus at a stable point ordered by f along that line; {decisions}/{reports.Count} have decision attractors of both signs in the response period");
    }
}

/// <summary>A delayed-discrimination network's scaffold: the delay's memory line and the response period's decision attractors.</summary>
public sealed record DelayedDiscriminationReport : ScaffoldReport
{
    /// <summary>The line attractor of the delay condition (response to a pulse on the stimulus channel after the longest delay).</summary>
    public required LineAttractor Memory { get; init; }

    /// <summary>Readouts of the stable fixed points of the response condition (go cue on).</summary>
    public required IReadOnlyList<double> Decisions { get; init; }

    /// <summary>For each stimulus of the grid held, where its stable points lie along the memory line (NaN: none, or no line).</summary>
    public required IReadOnlyList<double> StimulusPositions { get; init; }

    /// <summary>|Spearman ρ| between the held stimuli and <see cref="StimulusPositions"/> (1: ordered by f; NaN with fewer than 3).</summary>
    public required double StimulusOrder { get; init; }

    /// <summary>Whether the response period has stable points of both readout signs.</summary>
    public bool HasBothDecisions => Decisions.Any(r => r > 0) && Decisions.Any(r => r < 0);

    /// <inheritdoc />
    public override double Distance(ScaffoldReport other)
    {
        var that = Same<DelayedDiscriminationReport>(other);
        var order = double.IsNaN(StimulusOrder) && double.IsNaN(that.StimulusOrder) ? 0
            : double.IsNaN(StimulusOrder) || double.IsNaN(that.StimulusOrder) ? 1
            : Math.Abs(StimulusOrder - that.StimulusOrder);
        return LineAttractor.Distance([Memory], [that.Memory]) + (HasBothDecisions == that.HasBothDecisions ? 0 : 1) + order;
    }

    /// <inheritdoc />
    public override string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"delay: {Memory.Points} points, {Memory.VarianceShare:0.00} on the line, top |λ| {Memory.Spectrum.FirstOrDefault(double.NaN):0.000}; held stimuli ordered |ρ| {StimulusOrder:0.00}; response: {Decisions.Count(r => r > 0)} + and {Decisions.Count(r => r < 0)} − decision attractors");

    /// <inheritdoc />
    public override IEnumerable<string> Details()
    {
        yield return string.Create(CultureInfo.InvariantCulture,
            $"  delay: {Memory.Points} points, {Memory.VarianceShare:0.000} of their variance on one line of length {Memory.Length:0.000}; |λ| {string.Join(' ', Memory.Spectrum.Take(5).Select(v => v.ToString("0.000", CultureInfo.InvariantCulture)))}; pulse response kept by k modes {string.Join(' ', Memory.Response.Take(5).Select(v => v.ToString("0.00", CultureInfo.InvariantCulture)))}");
        yield return string.Create(CultureInfo.InvariantCulture, $"  held stimuli {string.Join(' ', DelayedDiscriminationTask.StimulusGrid)}: positions on the line {string.Join(' ', StimulusPositions.Select(v => v.ToString("0.000", CultureInfo.InvariantCulture)))} (|ρ| {StimulusOrder:0.00})");
        yield return string.Create(CultureInfo.InvariantCulture, $"  response: stable points with readouts {string.Join(' ', Decisions.Select(r => r.ToString("+0.000;-0.000", CultureInfo.InvariantCulture)))}");
    }
}

using RnnAtlas.Cells;
using RnnAtlas.FixedPoints;
using RnnAtlas.Tests.FixedPoints;
using RnnAtlas.Topology;

namespace RnnAtlas.Tests.Topology;

public sealed class ScaffoldSignatureTests
{
    [Fact]
    public void ASaturatedRotationHasALimitCycleNearTheLinearizedFrequency()
    {
        // h' = tanh(1.3 R(θ) h), θ = 2π · 0.05: the origin is an unstable focus with frequency 0.05; tanh bounds the spiral.
        var theta = 2 * Math.PI * 0.05;
        var network = HandBuiltNetworks.Vanilla(Activation.Tanh, new double[,] { { 1.3 * Math.Cos(theta), -1.3 * Math.Sin(theta) }, { 1.3 * Math.Sin(theta), 1.3 * Math.Cos(theta) } }, [0, 0]);
        var region = StateRegion.Of(HandBuiltNetworks.Grid(2, 5), 2, 0);

        var cycle = LimitCycle.Measure(network, [0.01, 0], [0.0], 0.05, region, new TopologyOptions());

        Assert.True(cycle.Found);
        Assert.InRange(cycle.MeasuredFrequency, 0.8 * 0.05, 1.05 * 0.05);
        Assert.True(cycle.Amplitude > 0.1);
        Assert.True(cycle.ReturnError < 0.15, $"return error {cycle.ReturnError}");
    }

    [Fact]
    public void ADampedRotationHasNoLimitCycle()
    {
        var theta = 2 * Math.PI * 0.05;
        var network = HandBuiltNetworks.Vanilla(Activation.Tanh, new double[,] { { 0.9 * Math.Cos(theta), -0.9 * Math.Sin(theta) }, { 0.9 * Math.Sin(theta), 0.9 * Math.Cos(theta) } }, [0, 0]);
        var cycle = LimitCycle.Measure(network, [0.5, 0], [0.0], double.NaN, StateRegion.Of(HandBuiltNetworks.Grid(2, 5), 2, 0), new TopologyOptions());
        Assert.False(cycle.Found);
    }

    [Fact]
    public void ALineOfFixedPointsHasTheAnalyticVarianceSpectrumAndModeTruncation()
    {
        // h' = relu(W h + u x + b), W = [[0.5, 0.25], [0, 1]], b = (0.5, 0), u = (1, 1): every h = (0.5 s + 1, s), s ≥ 0,
        // is a fixed point. Modes: λ = 1, v = (0.5, 1), left (0, 1); λ = 0.5, v = (1, 0), left (1, −0.5). Readout
        // C = (1, 0). One step after a unit input: full C J u = 0.75; the λ = 1 mode alone gives 0.5 → 2/3.
        var network = HandBuiltNetworks.Vanilla(Activation.Relu, new double[,] { { 0.5, 0.25 }, { 0, 1 } }, [0.5, 0], new double[,] { { 1 }, { 1 } });
        ScaffoldPoint[] points = [.. new[] { 0.5, 1, 2 }.Select((s, i) => new ScaffoldPoint(i, [0.5 * s + 1, s], 0, [0.5 * s + 1]))];

        var line = LineAttractor.Fit(network, "context-1", [0.0], points, cuedChannel: 0, horizon: 1, modes: 2, stabilityTolerance: 1e-3);

        Assert.Equal(1, line.VarianceShare, 1e-12);
        Assert.Equal(1.5 * Math.Sqrt(1.25), line.Length, 1e-12);
        Assert.Equal(1, line.Spectrum[0], 1e-12);
        Assert.Equal(0.5, line.Spectrum[1], 1e-12);
        Assert.Equal(2.0 / 3, line.Response[0], 1e-12);
        Assert.Equal(1, line.Response[1], 1e-12);
        Assert.Equal(0, LineAttractor.Distance([line], [line]));
    }

    [Fact]
    public void OscillationSignaturesDifferByTheirTerms()
    {
        var cycle = new LimitCycle(true, 0.02, 1, 0.01, 0.021);
        OscillationSignature[] a = [new("x=0", 0.02, 1, 2, true, cycle)];
        OscillationSignature[] b = [new("x=0", 0.02, 1, 2, false, new LimitCycle(false, double.NaN, 0.001, double.NaN, double.NaN))];
        Assert.Equal(0, OscillationSignature.Distance(a, a));
        // Oscillatory differs (1), both frequencies known for one only (1 + 1): 3 of 5 terms.
        Assert.Equal(0.6, OscillationSignature.Distance(a, b), 1e-15);
    }
}

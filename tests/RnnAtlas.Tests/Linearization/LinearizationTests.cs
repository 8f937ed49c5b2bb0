using System.Numerics;
using RnnAtlas.Cells;
using RnnAtlas.FixedPoints;
using RnnAtlas.Numerics;
using RnnAtlas.Tasks;
using RnnAtlas.Tests.FixedPoints;
using Lin = RnnAtlas.Linearization.Linearization;

namespace RnnAtlas.Tests.Linearization;

public sealed class LinearizationTests
{
    [Theory]
    [InlineData(new int[0])]
    [InlineData(new[] { 1, 4 })]
    [InlineData(new[] { 0, 2, 3, 5, 6 })]
    public void EigendecompositionReconstructsTheJacobian(int[] deadUnits)
    {
        // Dead units (zero rows, as a ReLU network's Jacobian has) are deflated before the decomposition; the modes must
        // still reconstruct J exactly, with |dead| zero eigenvalues.
        const int n = 7;
        var rng = new SeededRandom(5);
        var matrix = Enumerable.Range(0, n * n).Select(k => deadUnits.Contains(k / n) ? 0 : rng.NextGaussian()).ToArray();
        var modes = Lin.Eigenmodes(matrix, n, 1e-3);
        Assert.True(modes.Count(m => m.Magnitude < 1e-12) >= deadUnits.Length);
        Assert.Contains(modes, m => m.Value.Imaginary != 0);
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                var sum = modes.Aggregate(Complex.Zero, (acc, m) => acc + m.Value * m.Right[i] * m.Left[j]);
                Assert.Equal(matrix[i * n + j], sum.Real, 1e-10);
                Assert.Equal(0, sum.Imaginary, 1e-10);
            }
        }
        foreach (var mode in modes)
        {
            for (var i = 0; i < n; i++)
            {
                var jv = Enumerable.Range(0, n).Aggregate(Complex.Zero, (acc, k) => acc + matrix[i * n + k] * mode.Right[k]);
                Assert.True((jv - mode.Value * mode.Right[i]).Magnitude < 1e-10);
            }
            var biorthogonal = Enumerable.Range(0, n).Aggregate(Complex.Zero, (acc, k) => acc + mode.Left[k] * mode.Right[k]);
            Assert.Equal(1, biorthogonal.Real, 1e-10);
        }
        Assert.True(modes.Zip(modes.Skip(1)).All(p => p.First.Magnitude >= p.Second.Magnitude));
    }

    [Fact]
    public void ARotationGivesItsFrequencyTimeConstantAndTwoUnstableDimensions()
    {
        const double theta = 2 * Math.PI * 0.05;
        var network = HandBuiltNetworks.Vanilla(Activation.Tanh,
            new double[,] { { 1.2 * Math.Cos(theta), -1.2 * Math.Sin(theta) }, { 1.2 * Math.Sin(theta), 1.2 * Math.Cos(theta) } }, [0, 0]);
        var linearization = Lin.At(network, [0, 0], [0], 1e-3);
        Assert.Equal(2, linearization.UnstableDimensions);
        Assert.All(linearization.Modes, m => Assert.Equal(0.05, m.Frequency, 1e-12));
        Assert.All(linearization.Modes, m => Assert.Equal(-1 / Math.Log(1.2), m.TimeConstant, 1e-9));
    }

    [Fact]
    public void StabilityAgreesWithSimulatedPerturbations()
    {
        var network = HandBuiltNetworks.Vanilla(Activation.Tanh, new double[,] { { 2, 0.05 }, { 0.05, 2 } }, [0, 0]);
        var found = new FixedPointSearch(network, new FixedPointOptions { InitialStates = 256 }).Find(new AnalysisCondition("zero", [0f]), HandBuiltNetworks.Grid(2, 9));
        Assert.Equal([0, 0, 0, 0, 1, 1, 1, 1, 2], found.Points.Select(p => Lin.At(network, p.State, p.Input, 1e-3).UnstableDimensions).Order());
        var next = new double[2];
        foreach (var point in found.Points)
        {
            var linearization = Lin.At(network, point.State, point.Input, 1e-3);
            foreach (var mode in linearization.Modes)
            {
                double[] state = [point.State[0] + 1e-7 * mode.Right[0].Real, point.State[1] + 1e-7 * mode.Right[1].Real];
                for (var t = 0; t < 10; t++)
                {
                    network.Step(state, [0], next, 1);
                    (state[0], state[1]) = (next[0], next[1]);
                }
                var distance = Math.Sqrt(Math.Pow(state[0] - point.State[0], 2) + Math.Pow(state[1] - point.State[1], 2));
                if (mode.Unstable)
                {
                    Assert.True(distance > 1e-7, $"unstable mode λ={mode.Value} did not grow: {distance}");
                }
                else
                {
                    Assert.True(distance < 1e-7, $"stable mode λ={mode.Value} did not shrink: {distance}");
                }
            }
        }
    }
}

using RnnAtlas.Cells;
using RnnAtlas.Networks;
using RnnAtlas.Similarity;
using RnnAtlas.Tasks;
using RnnAtlas.Tests.FixedPoints;

namespace RnnAtlas.Tests.Studies;

/// <summary>Constructed pairs whose geometry and function distances are known in advance.</summary>
public sealed class FunctionVersusGeometryTests
{
    private static readonly FlipFlopTask Task = new(Bits: 1, ProbeTrialCount: 8, TimeSteps: 40);

    [Fact]
    public void AnInvertibleMapOfTheStateDynamicsKeepsFunctionAndCcaButNotProcrustes()
    {
        // h' = relu(W h + U x + b). With h̃ = D h for a positive diagonal D, h̃' = relu(D W D⁻¹ h̃ + D U x + D b) and the
        // readout C D⁻¹ gives the same outputs: same function, activity mapped by an invertible non-orthogonal D.
        double[,] w = { { 0.5, -0.3, 0.2 }, { 0.4, 0.6, -0.1 }, { -0.2, 0.3, 0.7 } };
        double[] b = [0.1, 0.2, 0.05];
        double[,] u = { { 1 }, { -0.5 }, { 0.8 } };
        double[] d = [0.5, 2, 4];
        var original = HandBuiltNetworks.Vanilla(Activation.Relu, w, b, u);
        var mapped = HandBuiltNetworks.Vanilla(Activation.Relu,
            new double[,] { { w[0, 0], w[0, 1] * d[0] / d[1], w[0, 2] * d[0] / d[2] }, { w[1, 0] * d[1] / d[0], w[1, 1], w[1, 2] * d[1] / d[2] }, { w[2, 0] * d[2] / d[0], w[2, 1] * d[2] / d[1], w[2, 2] } },
            [b[0] * d[0], b[1] * d[1], b[2] * d[2]],
            new double[,] { { u[0, 0] * d[0] }, { u[1, 0] * d[1] }, { u[2, 0] * d[2] } });
        mapped.Parameters.Tensor(ParameterLayout.ReadoutWeightsName)[0] = 1 / d[0];

        var (a, outputsA) = Run(original);
        var (m, outputsM) = Run(mapped);
        var pair = new SubspacePair(Subspace.Prepare(a), Subspace.Prepare(m));

        Assert.Equal(0, TaskMetrics.OutputDistance(Task.ProbeTrials(), outputsA, outputsM), 1e-20);
        Assert.Equal(0, new Cca().Compare(pair).Distance, 1e-9);
        Assert.True(new ProcrustesDistance().Compare(pair).Distance > 0.05);
    }

    [Fact]
    public void IdenticalActivityWithAnotherReadoutHasNoGeometryDistanceButDifferentBehaviour()
    {
        double[,] w = { { 0.5, -0.3 }, { 0.4, 0.6 } };
        var first = HandBuiltNetworks.Vanilla(Activation.Tanh, w, [0.1, -0.2], new double[,] { { 1 }, { 0.5 } });
        var second = HandBuiltNetworks.Vanilla(Activation.Tanh, w, [0.1, -0.2], new double[,] { { 1 }, { 0.5 } });
        second.Parameters.Tensor(ParameterLayout.ReadoutWeightsName)[0] = -0.7;

        var (a, outputsA) = Run(first);
        var (s, outputsS) = Run(second);
        var pair = new SubspacePair(Subspace.Prepare(a), Subspace.Prepare(s));

        Assert.Equal(0, new Svcca().Compare(pair).Distance, 1e-9);
        Assert.Equal(0, new ProcrustesDistance().Compare(pair).Distance, 1e-7);
        Assert.True(TaskMetrics.OutputDistance(Task.ProbeTrials(), outputsA, outputsS) > 0.01);
    }

    private static (ActivityMatrix Activity, double[] Outputs) Run(RecurrentNetwork<double> network)
    {
        var probe = Task.ProbeTrials();
        var (states, outputs) = network.Run(probe);
        return (ActivityMatrix.FromStates<double>(states, probe.BatchSize, probe.TimeSteps, network.Shape.StateSize, 1, "network"), outputs);
    }
}

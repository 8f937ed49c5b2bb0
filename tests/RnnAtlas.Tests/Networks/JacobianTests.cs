using RnnAtlas.Cells;
using RnnAtlas.Networks;
using RnnAtlas.Numerics;
using RnnAtlas.Tests.Cells;

namespace RnnAtlas.Tests.Networks;

/// <summary>Recurrent and input Jacobians against central finite differences of the step F(h, x).</summary>
public sealed class JacobianTests
{
    private const int Input = 3, Hidden = 6;

    [Theory]
    [MemberData(nameof(CellGradientTests.AllCellsAndWidths), MemberType = typeof(CellGradientTests))]
    public void JacobiansMatchFiniteDifferences(CellKind cell, Activation activation, int hidden)
    {
        var shape = new NetworkShape(cell, activation, Input, hidden, 2);
        var parameters = NetworkParameters<double>.Initialize(shape, 21);
        var rng = new SeededRandom(4);
        for (var i = 0; i < parameters.Values.Length; i++)
        {
            parameters.Values[i] += 0.4 * rng.NextGaussian();
        }
        var network = new RecurrentNetwork<double>(parameters);
        var s = shape.StateSize;
        var state = Enumerable.Range(0, s).Select(_ => 0.7 * rng.NextGaussian()).ToArray();
        var input = Enumerable.Range(0, Input).Select(_ => rng.NextGaussian()).ToArray();
        var recurrent = new double[s * s];
        var inputJacobian = new double[s * Input];
        network.Jacobians(state, input, recurrent, inputJacobian);

        const double step = 1e-6;
        var plus = new double[s];
        var minus = new double[s];
        for (var j = 0; j < s; j++)
        {
            var hp = (double[])state.Clone();
            var hm = (double[])state.Clone();
            hp[j] += step;
            hm[j] -= step;
            network.Step(hp, input, plus, 1);
            network.Step(hm, input, minus, 1);
            for (var i = 0; i < s; i++)
            {
                Assert.Equal((plus[i] - minus[i]) / (2 * step), recurrent[i * s + j], 1e-7);
            }
        }
        for (var k = 0; k < Input; k++)
        {
            var xp = (double[])input.Clone();
            var xm = (double[])input.Clone();
            xp[k] += step;
            xm[k] -= step;
            network.Step(state, xp, plus, 1);
            network.Step(state, xm, minus, 1);
            for (var i = 0; i < s; i++)
            {
                Assert.Equal((plus[i] - minus[i]) / (2 * step), inputJacobian[i * Input + k], 1e-7);
            }
        }
    }

    [Fact]
    public void LinearizedVanillaTanhAtTheOriginIsItsRecurrentWeightMatrix()
    {
        var shape = new NetworkShape(CellKind.Vanilla, Activation.Tanh, Input, Hidden, 1);
        var parameters = NetworkParameters<double>.Initialize(shape, 2);
        var network = new RecurrentNetwork<double>(parameters);
        var recurrent = new double[Hidden * Hidden];
        var inputJacobian = new double[Hidden * Input];
        network.Jacobians(new double[Hidden], new double[Input], recurrent, inputJacobian);
        Assert.Equal(parameters.Tensor(ParameterLayout.RecurrentWeightsName).ToArray(), recurrent);
        Assert.Equal(parameters.Tensor(ParameterLayout.InputWeightsName).ToArray(), inputJacobian);
    }
}

using RnnAtlas.Cells;
using RnnAtlas.FixedPoints;
using RnnAtlas.Networks;
using RnnAtlas.Numerics;

namespace RnnAtlas.Tests.FixedPoints;

/// <summary>
/// An LSTM's fixed points in h alone: the settled cell state is left unchanged by a step, and the reduced Newton matrix
/// is the derivative of h'(h, c*(h)) − h, checked against central finite differences of that map.
/// </summary>
public sealed class LstmReductionTests
{
    private const int Hidden = 7;

    [Theory]
    [InlineData(Activation.Tanh)]
    [InlineData(Activation.Relu)]
    public void TheSettledCellStateIsFixedAndTheReducedMatrixIsTheDerivativeOfTheReducedMap(Activation activation)
    {
        var network = new RecurrentNetwork<double>(NetworkParameters<double>.Initialize(new NetworkShape(CellKind.Lstm, activation, 2, Hidden, 1), 11));
        var rng = new SeededRandom(4);
        double[] input = [0.3, -0.7];
        var state = Enumerable.Range(0, 2 * Hidden).Select(_ => rng.NextUniform(-0.8, 0.8)).ToArray();
        var next = new double[2 * Hidden];
        var drive = new double[Hidden];

        LstmReduction.Settle(network, state, input, next, drive);
        network.Step(state, input, next, 1);
        for (var k = Hidden; k < 2 * Hidden; k++)
        {
            Assert.Equal(state[k], next[k], 1e-14);
        }

        var jacobian = new double[4 * Hidden * Hidden];
        network.Jacobians(state, input, jacobian, default);
        var reduced = new double[Hidden * Hidden];
        LstmReduction.Reduce(jacobian, Hidden, reduced);

        double[] Map(double[] h)
        {
            var s = h.Concat(new double[Hidden]).ToArray();
            LstmReduction.Settle(network, s, input, new double[2 * Hidden], new double[Hidden]);
            var n = new double[2 * Hidden];
            network.Step(s, input, n, 1);
            return [.. Enumerable.Range(0, Hidden).Select(i => n[i] - h[i])];
        }
        const double epsilon = 1e-6;
        for (var j = 0; j < Hidden; j++)
        {
            var plus = state[..Hidden];
            var minus = state[..Hidden];
            plus[j] += epsilon;
            minus[j] -= epsilon;
            var (up, down) = (Map(plus), Map(minus));
            for (var i = 0; i < Hidden; i++)
            {
                Assert.Equal((up[i] - down[i]) / (2 * epsilon), reduced[i * Hidden + j], 1e-8);
            }
        }
    }
}

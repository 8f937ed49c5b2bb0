using RnnAtlas.Cells;
using RnnAtlas.Networks;
using RnnAtlas.Numerics;

namespace RnnAtlas.Tests.Cells;

/// <summary>
/// One step of each cell against a naive transcription of its equations (docs/training.md, PyTorch gate order), plus analytic
/// micro-cases whose answer is known without any code.
/// </summary>
public sealed class CellEquationTests
{
    private const int Input = 2, Hidden = 4;

    [Theory]
    [MemberData(nameof(CellGradientTests.AllCellsAndWidths), MemberType = typeof(CellGradientTests))]
    public void StepMatchesTheWrittenEquations(CellKind cell, Activation activation, int hidden)
    {
        var shape = new NetworkShape(cell, activation, Input, hidden, 1);
        var parameters = NetworkParameters<double>.Initialize(shape, 3);
        var rng = new SeededRandom(9);
        for (var i = 0; i < parameters.Values.Length; i++)
        {
            parameters.Values[i] += 0.5 * rng.NextGaussian();
        }
        var state = Enumerable.Range(0, shape.StateSize).Select(_ => rng.NextGaussian()).ToArray();
        var input = Enumerable.Range(0, Input).Select(_ => rng.NextGaussian()).ToArray();
        var next = new double[shape.StateSize];
        new RecurrentNetwork<double>(parameters).Step(state, input, next, 1);
        var expected = Reference(parameters, state, input);
        for (var i = 0; i < next.Length; i++)
        {
            Assert.Equal(expected[i], next[i], 1e-12);
        }
    }

    [Fact]
    public void ReluVanillaWithIdentityWeightsKeepsANonNegativeState()
    {
        var shape = new NetworkShape(CellKind.Vanilla, Activation.Relu, Input, Hidden, 1);
        var parameters = new NetworkParameters<double>(shape, new double[shape.Layout.Count]);
        var w = parameters.Tensor(ParameterLayout.RecurrentWeightsName);
        for (var i = 0; i < Hidden; i++)
        {
            w[i * Hidden + i] = 1;
        }
        double[] state = [0.3, 0, 2.5, 1e-3];
        var next = new double[Hidden];
        new RecurrentNetwork<double>(parameters).Step(state, [0.7, -4], next, 1);
        Assert.Equal(state, next);
    }

    [Fact]
    public void GruWithClosedUpdateGateHoldsItsState()
    {
        var shape = new NetworkShape(CellKind.Gru, Activation.Tanh, Input, Hidden, 1);
        var parameters = NetworkParameters<double>.Initialize(shape, 1);
        parameters.Tensor(ParameterLayout.InputBiasName).Slice(Hidden, Hidden).Fill(60);
        double[] state = [0.3, -0.2, 0.9, 0.1];
        var next = new double[Hidden];
        new RecurrentNetwork<double>(parameters).Step(state, [1, -1], next, 1);
        for (var i = 0; i < Hidden; i++)
        {
            Assert.Equal(state[i], next[i], 1e-15);
        }
    }

    [Fact]
    public void LstmWithOpenForgetAndClosedInputGateKeepsItsCell()
    {
        var shape = new NetworkShape(CellKind.Lstm, Activation.Tanh, Input, Hidden, 1);
        var parameters = NetworkParameters<double>.Initialize(shape, 1);
        var bias = parameters.Tensor(ParameterLayout.InputBiasName);
        bias[..Hidden].Fill(-60);
        bias.Slice(Hidden, Hidden).Fill(60);
        bias.Slice(3 * Hidden, Hidden).Fill(60);
        double[] state = [0.1, 0.2, 0.3, 0.4, 0.5, -0.25, 1.5, 0];
        var next = new double[2 * Hidden];
        new RecurrentNetwork<double>(parameters).Step(state, [1, -1], next, 1);
        for (var i = 0; i < Hidden; i++)
        {
            Assert.Equal(state[Hidden + i], next[Hidden + i], 1e-20);
            Assert.Equal(Math.Tanh(state[Hidden + i]), next[i], 1e-15);
        }
    }

    private static double[] Reference(NetworkParameters<double> p, double[] state, double[] x)
    {
        var shape = p.Shape;
        var hiddenSize = shape.HiddenSize;
        var wi = p.Tensor(ParameterLayout.InputWeightsName).ToArray();
        var wh = p.Tensor(ParameterLayout.RecurrentWeightsName).ToArray();
        var bi = p.Tensor(ParameterLayout.InputBiasName).ToArray();
        var bh = p.Tensor(ParameterLayout.RecurrentBiasName).ToArray();
        double Phi(double v) => shape.Activation == Activation.Tanh ? Math.Tanh(v) : Math.Max(0, v);
        static double Sigma(double v) => 1 / (1 + Math.Exp(-v));
        double InputDrive(int row) => bi[row] + Enumerable.Range(0, Input).Sum(k => wi[row * Input + k] * x[k]);
        double RecurrentDrive(int row) => bh[row] + Enumerable.Range(0, hiddenSize).Sum(k => wh[row * hiddenSize + k] * state[k]);
        double Both(int gate, int j) => InputDrive(gate * hiddenSize + j) + RecurrentDrive(gate * hiddenSize + j);
        var next = new double[shape.StateSize];
        for (var j = 0; j < hiddenSize; j++)
        {
            var h = state[j];
            switch (shape.Cell)
            {
                case CellKind.Vanilla:
                    next[j] = Phi(Both(0, j));
                    break;
                case CellKind.Ugrnn:
                    var g = Sigma(Both(0, j));
                    next[j] = g * h + (1 - g) * Phi(Both(1, j));
                    break;
                case CellKind.Gru:
                    var r = Sigma(Both(0, j));
                    var z = Sigma(Both(1, j));
                    var n = Phi(InputDrive(2 * hiddenSize + j) + r * RecurrentDrive(2 * hiddenSize + j));
                    next[j] = (1 - z) * n + z * h;
                    break;
                case CellKind.Lstm:
                    var i = Sigma(Both(0, j));
                    var f = Sigma(Both(1, j));
                    var gg = Phi(Both(2, j));
                    var o = Sigma(Both(3, j));
                    var c = f * state[hiddenSize + j] + i * gg;
                    next[hiddenSize + j] = c;
                    next[j] = o * Phi(c);
                    break;
            }
        }
        return next;
    }
}

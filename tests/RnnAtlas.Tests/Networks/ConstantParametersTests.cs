using RnnAtlas.Cells;
using RnnAtlas.Networks;
using RnnAtlas.Numerics;

namespace RnnAtlas.Tests.Networks;

/// <summary>
/// An unroll bound to constant parameters (analysis: weights transposed once) runs exactly as one that transposes them at
/// every pass, and refuses other parameters.
/// </summary>
public sealed class ConstantParametersTests
{
    [Theory]
    [InlineData(CellKind.Vanilla)]
    [InlineData(CellKind.Gru)]
    [InlineData(CellKind.Lstm)]
    public void ABoundUnrollRunsAsAnUnboundOne(CellKind cell)
    {
        var shape = new NetworkShape(cell, Activation.Tanh, 3, 9, 2);
        var parameters = NetworkParameters<double>.Initialize(shape, 5);
        var rng = new SeededRandom(6);
        const int batch = 4, time = 5;
        var inputs = Enumerable.Range(0, time * batch * 3).Select(_ => rng.NextGaussian()).ToArray();
        var initial = Enumerable.Range(0, batch * shape.StateSize).Select(_ => 0.5 * rng.NextGaussian()).ToArray();
        var bound = new NetworkUnroll<double>(parameters, batch, time);
        var unbound = new NetworkUnroll<double>(shape, batch, time);
        for (var pass = 0; pass < 2; pass++)
        {
            bound.Forward(parameters, inputs, batch, initial);
            unbound.Forward(parameters, inputs, batch, initial);
            Assert.Equal(unbound.States.ToArray(), bound.States.ToArray());
            Assert.Equal(unbound.Outputs.ToArray(), bound.Outputs.ToArray());
        }
        var other = NetworkParameters<double>.Initialize(shape, 5);
        Assert.Throws<ArgumentException>(() => bound.Forward(other, inputs, batch, initial));
    }
}

using RnnAtlas.Cells;
using RnnAtlas.Networks;
using RnnAtlas.Tasks;

namespace RnnAtlas.Tests.Networks;

/// <summary>Trials that carry an initial state start from it; without one, from zero.</summary>
public sealed class InitialStateTests
{
    [Fact]
    public void TheFirstStepStartsFromTheGivenStateWrittenOutByHand()
    {
        var shape = new NetworkShape(CellKind.Vanilla, Activation.Tanh, 2, 3, 1);
        var parameters = NetworkParameters<double>.Initialize(shape, 11);
        var network = new RecurrentNetwork<double>(parameters);
        float[] inputs = [0.5f, -1f, 0.25f, 0f, -0.5f, 1f, 1f, 0.75f];
        float[] start = [0.3f, -0.6f, 0.9f];
        TrialBatch Trials(float[]? initial) => new(2, 2, 2, 1, inputs, new float[4], new float[4]) { InitialState = initial };

        var (states, _) = network.Run(Trials(start));
        var (zero, _) = network.Run(Trials(null));
        var (explicitZero, _) = network.Run(Trials([0, 0, 0]));

        var t = parameters.Tensors;
        for (var trial = 0; trial < 2; trial++)
        {
            for (var unit = 0; unit < 3; unit++)
            {
                var drive = t.InputBias[unit] + t.RecurrentBias[unit];
                for (var i = 0; i < 2; i++)
                {
                    drive += t.InputWeights[unit * 2 + i] * inputs[trial * 4 + i];
                }
                for (var j = 0; j < 3; j++)
                {
                    drive += t.RecurrentWeights[unit * 3 + j] * start[j];
                }
                Assert.Equal(Math.Tanh(drive), states[trial * 6 + unit], 1e-12);
            }
        }
        Assert.Equal(zero, explicitZero);
        Assert.NotEqual(zero, states);
        Assert.Throws<ArgumentException>(() => network.Run(Trials([1, 2])));
    }
}

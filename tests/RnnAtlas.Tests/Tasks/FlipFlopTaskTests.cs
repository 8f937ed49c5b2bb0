using RnnAtlas.Tasks;

namespace RnnAtlas.Tests.Tasks;

public sealed class FlipFlopTaskTests
{
    private readonly FlipFlopTask _task = new();
    private readonly TrialBatch _batch = new FlipFlopTask().Generate(400, 7);

    [Fact]
    public void EveryChannelIsPulsedAtTheFirstStep()
    {
        for (var b = 0; b < _batch.BatchSize; b++)
        {
            for (var c = 0; c < _task.Bits; c++)
            {
                Assert.Equal(1f, Math.Abs(_batch.Inputs[_batch.Index(b, 0, c, _task.Bits)]));
            }
        }
    }

    [Fact]
    public void LaterPulsesArriveAtTheConfiguredRateWithBalancedSigns()
    {
        int pulses = 0, positive = 0, slots = 0;
        for (var b = 0; b < _batch.BatchSize; b++)
        {
            for (var t = 1; t < _task.TimeSteps; t++)
            {
                for (var c = 0; c < _task.Bits; c++)
                {
                    var x = _batch.Inputs[_batch.Index(b, t, c, _task.Bits)];
                    Assert.Contains(x, new[] { -1f, 0f, 1f });
                    slots++;
                    if (x != 0)
                    {
                        pulses++;
                        positive += x > 0 ? 1 : 0;
                    }
                }
            }
        }
        var p = _task.PulseProbability;
        var rate = (double)pulses / slots;
        Assert.InRange(rate, p - 4 * Math.Sqrt(p * (1 - p) / slots), p + 4 * Math.Sqrt(p * (1 - p) / slots));
        Assert.InRange((double)positive / pulses, 0.5 - 4 * Math.Sqrt(0.25 / pulses), 0.5 + 4 * Math.Sqrt(0.25 / pulses));
    }

    [Fact]
    public void EachOutputHoldsTheSignOfItsChannelsLastPulse()
    {
        for (var b = 0; b < _batch.BatchSize; b++)
        {
            for (var c = 0; c < _task.Bits; c++)
            {
                var held = 0f;
                for (var t = 0; t < _task.TimeSteps; t++)
                {
                    var x = _batch.Inputs[_batch.Index(b, t, c, _task.Bits)];
                    held = x != 0 ? x : held;
                    Assert.Equal(held, _batch.Targets[_batch.Index(b, t, c, _task.Bits)]);
                    Assert.Equal(1f, _batch.Mask[_batch.Index(b, t, c, _task.Bits)]);
                }
            }
        }
    }

    [Fact]
    public void BatchesAreAPureFunctionOfTheSeed()
    {
        Assert.Equal(_batch.Inputs, _task.Generate(400, 7).Inputs);
        Assert.NotEqual(_batch.Inputs, _task.Generate(400, 8).Inputs);
        Assert.Equal(_task.ProbeTrials().Inputs, _task.ProbeTrials().Inputs);
        Assert.Equal(_task.ProbeTrialCount * _task.TimeSteps * _task.Bits, _task.ProbeTrials().Inputs.Length);
    }

    [Fact]
    public void AnalysisConditionIsZeroInputAndPerfectOutputsScoreOne()
    {
        var condition = Assert.Single(_task.AnalysisConditions());
        Assert.All(condition.Input, x => Assert.Equal(0f, x));
        Assert.Equal(3, condition.Input.Length);
        Assert.Equal(1.0, _task.Accuracy(_batch, _batch.Targets));
        Assert.Equal(0.0, TaskMetrics.NormalizedMse(_batch, _batch.Targets));
        Assert.Equal(0.0, _task.Accuracy(_batch, [.. _batch.Targets.Select(v => -v)]));
    }

    [Fact]
    public void NBitGeneralizes()
    {
        var five = new FlipFlopTask(Bits: 5, TimeSteps: 20);
        var batch = five.Generate(3, 1);
        Assert.Equal(5, batch.InputSize);
        Assert.Equal(3 * 20 * 5, batch.Targets.Length);
    }
}

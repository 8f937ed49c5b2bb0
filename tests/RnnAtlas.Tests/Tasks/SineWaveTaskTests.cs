using RnnAtlas.Tasks;

namespace RnnAtlas.Tests.Tasks;

public sealed class SineWaveTaskTests
{
    private readonly SineWaveTask _task = new();

    [Fact]
    public void TargetIsASineAtTheCuedFrequency()
    {
        var batch = _task.Generate(50, 3);
        for (var b = 0; b < batch.BatchSize; b++)
        {
            var x = batch.Inputs[b * _task.TimeSteps];
            Assert.InRange(x, 0f, 1f);
            var f = 0.01 + 0.04 * x;
            for (var t = 0; t < _task.TimeSteps; t++)
            {
                Assert.Equal(x, batch.Inputs[b * _task.TimeSteps + t]);
                Assert.Equal(Math.Sin(2 * Math.PI * f * t), batch.Targets[b * _task.TimeSteps + t], 1e-6);
            }
        }
    }

    [Fact]
    public void ZeroCrossingsMatchTheFrequency()
    {
        var batch = _task.ProbeTrials();
        for (var b = 0; b < batch.BatchSize; b++)
        {
            var f = _task.Frequency(batch.Inputs[b * _task.TimeSteps]);
            var crossings = 0;
            for (var t = 2; t < _task.TimeSteps; t++)
            {
                if (Math.Sign(batch.Targets[b * _task.TimeSteps + t]) != Math.Sign(batch.Targets[b * _task.TimeSteps + t - 1]))
                {
                    crossings++;
                }
            }
            Assert.InRange(crossings, 2 * f * _task.TimeSteps - 2, 2 * f * _task.TimeSteps + 2);
        }
    }

    [Fact]
    public void CuesAreUniformOnTheUnitInterval()
    {
        var batch = _task.Generate(4000, 11);
        var cues = Enumerable.Range(0, batch.BatchSize).Select(b => (double)batch.Inputs[b * _task.TimeSteps]).ToArray();
        Assert.InRange(cues.Average(), 0.5 - 4 * Math.Sqrt(1 / 12.0 / cues.Length), 0.5 + 4 * Math.Sqrt(1 / 12.0 / cues.Length));
        Assert.InRange(cues.Count(c => c < 0.25) / (double)cues.Length, 0.22, 0.28);
    }

    [Fact]
    public void AnalysisConditionsAreAnEvenGridOverTheUnitInterval()
    {
        var conditions = _task.AnalysisConditions();
        Assert.Equal(11, conditions.Count);
        for (var i = 0; i < 11; i++)
        {
            Assert.Equal(i / 10.0, conditions[i].Input[0], 1e-7);
        }
        Assert.Equal("x=0.3", conditions[3].Name);
    }

    [Fact]
    public void PerfectOutputsScoreOneAndSilenceScoresZero()
    {
        var batch = _task.Generate(10, 1);
        Assert.Equal(1.0, _task.Accuracy(batch, batch.Targets));
        Assert.Equal(0.0, _task.Accuracy(batch, new float[batch.Targets.Length]));
        Assert.Equal(1.0, TaskMetrics.NormalizedMse(batch, new float[batch.Targets.Length]), 0.05);
    }
}

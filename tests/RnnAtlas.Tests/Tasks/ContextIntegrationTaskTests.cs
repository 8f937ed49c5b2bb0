using RnnAtlas.Tasks;

namespace RnnAtlas.Tests.Tasks;

public sealed class ContextIntegrationTaskTests
{
    private readonly ContextIntegrationTask _task = new();

    [Fact]
    public void TargetIsTheScaledRunningSumOfTheCuedStream()
    {
        var batch = _task.Generate(200, 5);
        for (var b = 0; b < batch.BatchSize; b++)
        {
            var first = batch.Index(b, 0, 0, 4);
            var context = batch.Inputs[first + 2] == 1f ? 0 : 1;
            double sum = 0;
            for (var t = 0; t < _task.TimeSteps; t++)
            {
                var row = batch.Index(b, t, 0, 4);
                Assert.Equal(context == 0 ? 1f : 0f, batch.Inputs[row + 2]);
                Assert.Equal(context == 1 ? 1f : 0f, batch.Inputs[row + 3]);
                sum += batch.Inputs[row + context];
                Assert.Equal(sum / _task.TimeSteps, batch.Targets[b * _task.TimeSteps + t], 1e-5);
                Assert.Equal(1f, batch.Mask[b * _task.TimeSteps + t]);
            }
        }
    }

    [Fact]
    public void StreamsHaveUniformMeansAndUnitNoise()
    {
        var batch = _task.Generate(2000, 9);
        var means = new List<double>();
        var residuals = new List<double>();
        for (var b = 0; b < batch.BatchSize; b++)
        {
            var values = Enumerable.Range(0, _task.TimeSteps).Select(t => (double)batch.Inputs[batch.Index(b, t, 0, 4)]).ToArray();
            var mean = values.Average();
            means.Add(mean);
            residuals.AddRange(values.Select(v => v - mean));
        }
        var noiseVariance = residuals.Sum(r => r * r) / (residuals.Count - batch.BatchSize);
        Assert.InRange(noiseVariance, 0.95, 1.05);
        // Trial means are μ ~ U(−1, 1) plus the mean of T unit-variance samples: variance 1/3 + 1/T.
        var spread = means.Sum(m => m * m) / means.Count;
        Assert.InRange(means.Average(), -0.06, 0.06);
        Assert.InRange(spread, 1 / 3.0 + 1.0 / _task.TimeSteps - 0.03, 1 / 3.0 + 1.0 / _task.TimeSteps + 0.03);
    }

    [Fact]
    public void AnalysisConditionsAreEachContextWithSilentStreams()
    {
        var conditions = _task.AnalysisConditions();
        Assert.Equal(2, conditions.Count);
        Assert.Equal([0f, 0f, 1f, 0f], conditions[0].Input);
        Assert.Equal([0f, 0f, 0f, 1f], conditions[1].Input);
    }

    [Fact]
    public void AccuracyScoresTheSignOfTheFinalIntegral()
    {
        var batch = _task.Generate(100, 2);
        Assert.Equal(1.0, _task.Accuracy(batch, batch.Targets));
        Assert.Equal(0.0, _task.Accuracy(batch, [.. batch.Targets.Select(v => -v)]));
    }
}

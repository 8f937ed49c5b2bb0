using RnnAtlas.Studies;
using RnnAtlas.Studies.Scaffolds;
using RnnAtlas.Tasks;

namespace RnnAtlas.Tests.Tasks;

public sealed class DelayedDiscriminationTaskTests
{
    private readonly DelayedDiscriminationTask _task = new();

    [Fact]
    public void EveryTrialHasTwoStimuliADelayInRangeAndTheSignOfTheirDifferenceInTheResponse()
    {
        var batch = _task.Generate(500, 3);
        var delays = new HashSet<int>();
        for (var b = 0; b < batch.BatchSize; b++)
        {
            var stimulus = Enumerable.Range(0, _task.TimeSteps).Select(t => batch.Inputs[batch.Index(b, t, DelayedDiscriminationTask.StimulusChannel, 2)]).ToArray();
            var go = Enumerable.Range(0, _task.TimeSteps).Select(t => batch.Inputs[batch.Index(b, t, DelayedDiscriminationTask.GoChannel, 2)]).ToArray();
            var on = Enumerable.Range(0, _task.TimeSteps).Where(t => stimulus[t] != 0).ToArray();
            Assert.Equal(2 * _task.StimulusSteps, on.Length);
            var (f1, f2) = (stimulus[on[0]], stimulus[on[^1]]);
            Assert.All(on.Take(_task.StimulusSteps), t => Assert.Equal(f1, stimulus[t]));
            Assert.All(on.Skip(_task.StimulusSteps), t => Assert.Equal(f2, stimulus[t]));
            Assert.Equal(_task.StimulusSteps - 1, on[_task.StimulusSteps - 1] - on[0]);
            Assert.Equal(_task.ResponseStart - 1, on[^1]);
            var delay = on[_task.StimulusSteps] - on[_task.StimulusSteps - 1] - 1;
            Assert.InRange(delay, _task.MinDelay, _task.MaxDelay);
            delays.Add(delay);
            Assert.True(Math.Abs(f1 - f2) >= _task.MinDifference - 1e-6, $"|{f1} − {f2}|");
            for (var t = 0; t < _task.TimeSteps; t++)
            {
                var responding = t >= _task.ResponseStart;
                Assert.Equal(responding ? 1f : 0f, go[t]);
                Assert.Equal(responding ? (f1 > f2 ? 1f : -1f) : 0f, batch.Targets[b * _task.TimeSteps + t]);
                Assert.Equal(1f, batch.Mask[b * _task.TimeSteps + t]);
            }
        }
        Assert.Equal(_task.MaxDelay - _task.MinDelay + 1, delays.Count);
    }

    [Fact]
    public void TrialsAreAPureFunctionOfTheSeed()
    {
        Assert.Equal(_task.Generate(16, 7).Inputs, _task.Generate(16, 7).Inputs);
        Assert.NotEqual(_task.Generate(16, 7).Inputs, _task.Generate(16, 8).Inputs);
    }

    [Fact]
    public void AccuracyScoresTheSignOfTheMeanResponse()
    {
        var batch = _task.Generate(64, 1);
        Assert.Equal(1.0, _task.Accuracy(batch, batch.Targets));
        Assert.Equal(0.0, _task.Accuracy(batch, [.. batch.Targets.Select(v => -v)]));
    }

    [Fact]
    public void ConditionsAreTheDelayEachHeldStimulusAndTheResponse()
    {
        var conditions = _task.AnalysisConditions();
        Assert.Equal(2 + DelayedDiscriminationTask.StimulusGrid.Count, conditions.Count);
        Assert.Equal("delay", conditions[0].Name);
        Assert.Equal([0f, 0f], conditions[0].Input);
        Assert.Equal("response", conditions[^1].Name);
        Assert.Equal([0f, 1f], conditions[^1].Input);
        Assert.Equal(DelayedDiscriminationTask.StimulusGrid.Select(f => (float)f), conditions.Skip(1).SkipLast(1).Select(c => c.Input[0]));
        Assert.Equal(conditions.Count, conditions.Select(c => c.Name).Distinct().Count());
    }

    [Fact]
    public void TheRegistryReadsItsKeysAndGivesItTheDiscriminationScaffold()
    {
        var task = TaskRegistry.Read(DelayedDiscriminationTask.TaskName, new Section(new() { ["max_delay"] = 20, ["min_difference"] = 0.3 }), "task.name");
        Assert.Equal(new DelayedDiscriminationTask(MaxDelay: 20, MinDifference: 0.3), task);
        Assert.IsType<DelayedDiscriminationScaffold>(TaskRegistry.Scaffold(task));
        Assert.Throws<InvalidConfigurationException>(() => new DelayedDiscriminationTask(MinDelay: 10, MaxDelay: 5).Validate());
    }

    private sealed class Section(Dictionary<string, double> values) : IConfigSection
    {
        public bool Has(string key) => values.ContainsKey(key);

        public int Int(string key, int fallback) => values.TryGetValue(key, out var v) ? (int)v : fallback;

        public double Double(string key, double fallback) => values.GetValueOrDefault(key, fallback);
    }
}

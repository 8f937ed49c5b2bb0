using RnnAtlas.Studies;
using RnnAtlas.Studies.Configuration;
using RnnAtlas.Tasks;

namespace RnnAtlas.Tests.Tasks;

/// <summary>A task of your own: your probe inputs and conditions, no targets, no training.</summary>
public sealed class CustomTaskTests
{
    private static readonly CustomTask Task = new("probe.npy", 2, 3, 2, 1, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], [[0, 0], [1, 0]]);

    [Fact]
    public void ItsProbeTrialsAreTheGivenInputsAndItsConditionsTheGivenRows()
    {
        var probe = Task.ProbeTrials();

        Assert.Equal((2, 3, 2, 1), (probe.BatchSize, probe.TimeSteps, probe.InputSize, probe.OutputSize));
        Assert.Equal(Task.ProbeInputs, probe.Inputs);
        Assert.All(probe.Mask, m => Assert.Equal(1f, m));
        Assert.Equal(["condition-0", "condition-1"], Task.AnalysisConditions().Select(c => c.Name));
        Assert.Equal([1f, 0f], Task.AnalysisConditions()[1].Input);
        Assert.Throws<NotSupportedException>(() => Task.Generate(4, 1));
    }

    [Fact]
    public void WithoutTargetsTheBehaviouralDistanceIsTheMeanSquaredDifferenceOfTheOutputs()
    {
        var probe = Task.ProbeTrials();
        double[] a = [1, 2, 3, 4, 5, 6];
        double[] b = [1, 2, 3, 4, 5, 9];

        Assert.Equal(9.0 / 6, TaskMetrics.OutputDistance(probe, a, b), 1e-15);
        Assert.Equal(0, TaskMetrics.OutputDistance(probe, a, a));
    }

    [Fact]
    public void ASweepCannotTrainIt()
    {
        var error = Assert.Throws<InvalidConfigurationException>(() => SweepToml.Parse("[task]\nname = \"custom\"\n", "sweep.toml"));

        Assert.Contains("a custom task comes with imported networks", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("custom", TaskRegistry.Names);
    }

    [Theory]
    [InlineData(true, "task.probe_inputs")]
    [InlineData(false, "task.conditions[1]")]
    public void BadArraysAreRefusedNamingTheField(bool probe, string field)
    {
        var bad = probe ? Task with { ProbeInputs = [.. Task.ProbeInputs[..^1]] } : Task with { Conditions = [[0, 0], [float.NaN, 0]] };

        Assert.Equal(field, Assert.Throws<InvalidConfigurationException>(bad.Validate).Field);
    }
}

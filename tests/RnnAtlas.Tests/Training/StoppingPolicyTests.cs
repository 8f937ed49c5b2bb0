using RnnAtlas.Cells;
using RnnAtlas.Networks;
using RnnAtlas.Studies.Configuration;
using RnnAtlas.Tasks;
using RnnAtlas.Training;

namespace RnnAtlas.Tests.Training;

/// <summary>When training stops: at the criterion (after one or several passing checks) or after the whole budget, judged at the end or at the best check.</summary>
public sealed class StoppingPolicyTests
{
    private static readonly FlipFlopTask Lenient = new(Criterion: 10.0, TimeSteps: 40);

    private static TrainingResult Train(TrainingOptions options, ITask? task = null)
    {
        var config = new NetworkConfig(task ?? Lenient, CellKind.Gru, Activation.Tanh, 8, 0, 0.01, 0, options with { BatchSize = 8, HeldOutTrials = 16, EvaluateEvery = 5 });
        return new NetworkTrainer(config, new NetworkUnroll<float>(config.Shape, 8, config.Task.TimeSteps)).Train(default);
    }

    [Fact]
    public void AtTheCriterionANetworkStopsAtItsFirstPassingCheckOrAfterTheRequiredRun()
    {
        var first = Train(new TrainingOptions { MaxIterations = 40 });
        var third = Train(new TrainingOptions { MaxIterations = 40, CriterionChecks = 3 });

        Assert.Equal((TrainingStatus.Passed, 5), (first.Metrics.Status, first.Metrics.Iterations));
        Assert.Equal((TrainingStatus.Passed, 15), (third.Metrics.Status, third.Metrics.Iterations));
        Assert.EndsWith("at iteration 15 (3 consecutive checks)", third.Metrics.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ABudgetTrainsEveryIterationAndIsJudgedAtTheEnd()
    {
        var result = Train(new TrainingOptions { MaxIterations = 40, Stopping = StoppingPolicy.Budget });

        Assert.Equal(40, result.Metrics.Iterations);
        Assert.Equal(8, result.Curve.Count(p => p.HeldOutNmse is not null));
        Assert.Equal(result.Curve[^1].HeldOutNmse, result.Metrics.HeldOutNmse);
        Assert.StartsWith("budget of 40 iterations: held-out NMSE ", result.Metrics.Reason, StringComparison.Ordinal);
        Assert.EndsWith(" at the end", result.Metrics.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void KeepBestReturnsTheParametersOfTheLowestHeldOutCheck()
    {
        var options = new TrainingOptions { MaxIterations = 60, Stopping = StoppingPolicy.Budget, KeepBest = true, Optimizer = OptimizerKind.Sgd, DecaySteps = 1 };
        var last = Train(options with { KeepBest = false });
        var best = Train(options);

        var checks = best.Curve.Where(p => p.HeldOutNmse is not null).ToList();
        var lowest = checks.MinBy(p => p.HeldOutNmse)!;
        Assert.Equal(lowest.HeldOutNmse, best.Metrics.HeldOutNmse);
        Assert.Equal(last.Curve.Select(p => p.HeldOutNmse), best.Curve.Select(p => p.HeldOutNmse));
        var heldOut = NetworkTrainer.HeldOutTrials(Lenient, 16);
        var (_, outputs) = new RecurrentNetwork<float>(best.Parameters).Run(heldOut);
        Assert.Equal(lowest.HeldOutNmse!.Value, TaskMetrics.NormalizedMse(heldOut, outputs), 1e-6);
        Assert.True(lowest.Iteration < 60, $"the lowest check should come before the end in this setup: {string.Join(", ", checks.Select(p => p.HeldOutNmse))}");
        Assert.Contains($"at the best check (iteration {lowest.Iteration})", best.Metrics.Reason, StringComparison.Ordinal);
        Assert.NotEqual(last.Parameters.Values, best.Parameters.Values);
    }

    [Fact]
    public void TheNewKeysStayOutOfTheIdsOfNetworksThatDoNotUseThem()
    {
        var json = System.Text.Json.JsonSerializer.Serialize(new TrainingOptions(), RnnAtlas.Storage.StudyJson.Canonical);

        Assert.DoesNotContain("stopping", json, StringComparison.Ordinal);
        Assert.DoesNotContain("criterion_checks", json, StringComparison.Ordinal);
        Assert.DoesNotContain("keep_best", json, StringComparison.Ordinal);
        Assert.Contains("\"stopping\":\"budget\"", System.Text.Json.JsonSerializer.Serialize(new TrainingOptions { Stopping = StoppingPolicy.Budget }, RnnAtlas.Storage.StudyJson.Canonical), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("stopping = \"budget\"\ncriterion_checks = 2", "training.criterion_checks = 2: applies to stopping = \"criterion\" only")]
    [InlineData("keep_best = true", "training.keep_best = true: applies to stopping = \"budget\" only")]
    [InlineData("stopping = \"never\"", "training.stopping = \"never\": must be one of criterion, budget")]
    [InlineData("keep_best = 1", "training.keep_best = 1: must be true or false")]
    public void ContradictoryOrWrongSettingsAreRefused(string keys, string expected)
    {
        var error = Assert.Throws<InvalidConfigurationException>(() => SweepToml.Parse($"[training]\n{keys}\n", "s.toml"));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheKeysAreReadFromTheTrainingSection()
    {
        var sweep = SweepToml.Parse("[training]\nstopping = \"budget\"\nkeep_best = true\nmax_iterations = 3000\n", "s.toml");

        Assert.Equal((StoppingPolicy.Budget, true, 3000), (sweep.Training.Stopping, sweep.Training.KeepBest, sweep.Training.MaxIterations));
        Assert.Equal(4, SweepToml.Parse("[training]\ncriterion_checks = 4\n", "s.toml").Training.ChecksToPass);
    }
}

using RnnAtlas.Studies;
using RnnAtlas.Studies.Configuration;
using RnnAtlas.Training;

namespace RnnAtlas.Tests.Cli;

public sealed class StudyCommandTests
{
    [Fact]
    public void AnUnknownPresetIsRejectedWithTheChoices()
    {
        using var folder = new TempFolder();
        var (code, _, error) = CliProcess.Run("study", "--preset", "huge", "--out", Path.Combine(folder.Path, "s"));
        Assert.Equal(2, code);
        Assert.Equal("rnnatlas: error: --preset = huge: must be one of default, paper-small, paper", error.Trim());
        Assert.False(Directory.Exists(Path.Combine(folder.Path, "s")));
    }

    [Fact]
    public void AConfigFileAndAPresetAreExclusive()
    {
        using var folder = new TempFolder();
        var config = Path.Combine(folder.Path, "sweep.toml");
        File.WriteAllText(config, "");
        var (code, _, error) = CliProcess.Run("study", config, "--preset", "default");
        Assert.Equal(2, code);
        Assert.Contains("give either a CONFIG file or a --preset, not both", error, StringComparison.Ordinal);
    }

    [Fact]
    public void ThePresetsAreTheBriefsGrids()
    {
        Assert.Equal(32, StudyPresets.Sweep("default").Expand().Count);
        // paper-small: 24 networks, each with snapshots at 0, 300 and 1,000 iterations; 12 configurations × 8 samples.
        var small = StudyPresets.Sweep("paper-small");
        Assert.Equal(24 * 4, small.Expand().Count);
        Assert.Equal(24, small.Expand().Count(c => c.Snapshot is null));
        Assert.Equal(3, small.Expand().Select(c => c.Task.Name).Distinct().Count());
        Assert.Equal(12 * 8, small.SearchSamples().Count);
        Assert.All(small.Expand(), c => Assert.Equal((OptimizerKind.Sgd, StoppingPolicy.Budget, 3000), (c.Training.Optimizer, c.Training.Stopping, c.Training.MaxIterations)));
        Assert.All([small, StudyPresets.Sweep("paper")], s => Assert.Equal((SearchDesign.Stratified, MomentumSampling.Log), (s.Search!.Design, s.Search.MomentumSampling)));
        Assert.Equal(OptimizerKind.Sgd, StudyPresets.Sweep("paper").Training.Optimizer);
        Assert.Equal(3 * 4 * 2 * 3 * 4 * 4 * 5, StudyPresets.Sweep("paper").Expand().Count);
        Assert.Equal(20_000, StudyPresets.Sweep("paper").Training.MaxIterations);
    }
}

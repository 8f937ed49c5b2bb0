using RnnAtlas.Studies;
using RnnAtlas.Studies.Configuration;

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
        Assert.Equal(24, StudyPresets.Sweep("paper-small").Expand().Count);
        Assert.Equal(3, StudyPresets.Sweep("paper-small").Expand().Select(c => c.Task.Name).Distinct().Count());
        Assert.Equal(3 * 4 * 2 * 3 * 4 * 4, StudyPresets.Sweep("paper").Expand().Count);
    }
}

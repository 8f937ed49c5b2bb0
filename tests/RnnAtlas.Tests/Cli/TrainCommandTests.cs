namespace RnnAtlas.Tests.Cli;

public sealed class TrainCommandTests
{
    internal const string TinySweep = """
        [task]
        name = "flipflop"
        time_steps = 20

        [sweep]
        cells = ["gru", "vanilla"]
        activations = ["tanh"]
        hidden_sizes = [8]
        seeds = 1

        [training]
        max_iterations = 5
        evaluate_every = 5
        batch_size = 4
        held_out_trials = 8
        """;

    [Fact]
    public void TrainsAStudyAndPrintsPlainProgressAndASummaryWithoutATerminal()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder["sweep.toml"], TinySweep);
        var (code, output, error) = CliProcess.Run("train", "--config", folder["sweep.toml"], "--out", folder["study"]);
        Assert.True(code == 0, error);
        Assert.Contains("2/2 flipflop-", output);
        Assert.Contains("train: 2/2 (0 already done, ", output);
        Assert.Contains("│ flipflop │ gru ", output);
        Assert.Equal(2, Directory.GetDirectories(folder["study/networks"]).Length);
        Assert.True(File.Exists(folder["study/study.json"]));
    }

    [Theory]
    [InlineData("--task=maze", "--task = maze: must be one of flipflop, sine, integration")]
    [InlineData("--cells=gru,bogus", "--cells = bogus: must be one of vanilla, ugrnn, gru, lstm")]
    [InlineData("--seeds=0", "--seeds = 0: must be an integer in [1, 1000000]")]
    [InlineData("--hidden=abc", "--hidden = abc: must be an integer")]
    [InlineData("--l2=-1", "sweep.l2 = -1: must be in [0, 10]")]
    [InlineData("--iterations=0", "--iterations = 0: must be an integer in [1, 100000000]")]
    [InlineData("--bogus", "bogus")]
    public void BadInputExitsWithCodeTwoAndOneLineAndTouchesNothing(string flag, string expected)
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder["sweep.toml"], TinySweep);
        Assert.Equal(0, CliProcess.Run("train", "--config", folder["sweep.toml"], "--out", folder["study"]).ExitCode);
        var before = Snapshot(folder["study"]);

        var (code, _, error) = CliProcess.Run("train", "--config", folder["sweep.toml"], "--out", folder["study"], flag);

        Assert.Equal(2, code);
        Assert.Contains(expected, error);
        Assert.Single(error.Trim().Split('\n'));
        Assert.Equal(before, Snapshot(folder["study"]));
    }

    [Fact]
    public void AnUnknownConfigKeyNamesTheFileAndTheKey()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder["bad.toml"], "[training]\nlearning_rate = 0.1\n");
        var (code, _, error) = CliProcess.Run("train", "--config", folder["bad.toml"], "--out", folder["study"]);
        Assert.Equal(2, code);
        Assert.Contains($"{folder["bad.toml"]}: training.learning_rate = 0.1: is not a known key", error);
        Assert.False(Directory.Exists(folder["study"]));
    }

    [Fact]
    public void AnUnwritableOutputFolderIsBadInput()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder["file"], "not a folder");
        var (code, _, error) = CliProcess.Run("train", "--out", folder["file/study"], "--cells", "gru", "--seeds", "1");
        Assert.Equal(2, code);
        Assert.Contains($"--out {folder["file/study"]}: cannot create or write the study folder", error);
    }

    [Fact]
    public void AnImpossibleShardIsRefusedBeforeTheStudyIsCreatedOrExtended()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder["sweep.toml"], TinySweep);
        var (code, _, error) = CliProcess.Run("train", "--config", folder["sweep.toml"], "--out", folder["study"], "--shard", "5/3");
        Assert.Equal(2, code);
        Assert.Contains("--shard = 5/3: must be i/n with 0 ≤ i < n", error);
        Assert.False(Directory.Exists(folder["study"]));

        Assert.Equal(0, CliProcess.Run("train", "--config", folder["sweep.toml"], "--out", folder["study"]).ExitCode);
        var before = Snapshot(folder["study"]);
        File.WriteAllText(folder["other.toml"], TinySweep.Replace("seeds = 1", "seeds = 2", StringComparison.Ordinal));
        (code, _, _) = CliProcess.Run("train", "--config", folder["other.toml"], "--out", folder["study"], "--shard", "3/3");
        Assert.Equal(2, code);
        Assert.Equal(before, Snapshot(folder["study"]));
    }

    [Fact]
    public void MergeRefusesUnfinishedShardsUnlessToldPartialAndTheReportSaysWhatIsMissing()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder["sweep.toml"], TinySweep);
        Assert.Equal(0, CliProcess.Run("train", "--config", folder["sweep.toml"], "--out", folder["study"], "--shard", "0/2").ExitCode);

        var (code, _, error) = CliProcess.Run("merge", folder["study"]);
        Assert.Equal(3, code);
        Assert.Contains("1 of 2 planned networks have not finished training", error);
        Assert.False(Directory.Exists(folder["study/report"]));

        (code, var output, error) = CliProcess.Run("merge", folder["study"], "--partial");
        Assert.True(code == 0, error);
        Assert.Contains("partial merge: 1 of 2 planned networks", output);
        Assert.Contains("Incomplete: 1 of 2 planned networks have not finished training", File.ReadAllText(folder["study/report/index.html"]));
    }

    [Fact]
    public void AnalysisSettingsOfTheConfigAreRecordedAndUsedByEveryLaterCommand()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder["sweep.toml"], TinySweep.Replace("time_steps = 20", "time_steps = 20\ncriterion = 10.0", StringComparison.Ordinal) + """

            [fixed_points]
            initial_states = 32

            [compare]
            metrics = ["cka"]
            """);
        var (code, _, error) = CliProcess.Run("study", folder["sweep.toml"], "--out", folder["study"]);
        Assert.True(code == 0, error);
        Assert.Contains("\"initial_states\": 32", File.ReadAllText(folder["study/study.json"]), StringComparison.Ordinal);
        var reports = Directory.GetFiles(folder["study/networks"], "fixedpoints.json", SearchOption.AllDirectories);
        Assert.All(reports, r => Assert.Contains("\"initial_states\": 32", File.ReadAllText(r), StringComparison.Ordinal));
        Assert.Equal(["distances_cka.npy"], Directory.GetFiles(folder["study/analysis/flipflop"], "distances_c*.npy").Select(Path.GetFileName));
        var before = Snapshot(folder["study/networks"]);

        (code, _, error) = CliProcess.Run("merge", folder["study"]);

        Assert.True(code == 0, error);
        Assert.Equal(before, Snapshot(folder["study/networks"]));
        Assert.Equal(["distances_cka.npy"], Directory.GetFiles(folder["study/analysis/flipflop"], "distances_c*.npy").Select(Path.GetFileName));
    }

    private static Dictionary<string, string> Snapshot(string root) =>
        Directory.GetFiles(root, "*", SearchOption.AllDirectories)
            .ToDictionary(f => f, f => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f))) + File.GetLastWriteTimeUtc(f).Ticks);
}

namespace RnnAtlas.Tests.Studies;

/// <summary>
/// The shipped Slurm example on a real one-node Slurm (Debian's slurm-wlm + munge, started by
/// examples/slurm/one-node.sh): a 4-task array of shards plus the merge job ends byte-identical to a single-process
/// run. CI installs Slurm and sets RNNATLAS_REQUIRE_SLURM=1; elsewhere the test is skipped when sbatch is missing.
/// </summary>
[Collection(TimingSensitive.Name)]
public sealed class SlurmTests
{
    [SkippableFact]
    public void AJobArrayOfFourShardsAndTheMergeEqualASingleRun()
    {
        if (!File.Exists("/usr/bin/sbatch"))
        {
            Assert.True(Environment.GetEnvironmentVariable("RNNATLAS_REQUIRE_SLURM") != "1", "RNNATLAS_REQUIRE_SLURM=1 but Slurm is not installed");
            Skip.If(true, "Slurm is not installed (CI installs Debian's slurm-wlm)");
        }
        using var folder = new TempFolder();
        var config = Path.Combine(folder.Path, "small.toml");
        File.WriteAllText(config, CrashResumeTests.Config);
        var repository = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../.."));
        var script = Path.Combine(repository, "examples", "slurm", "one-node.sh");
        var cli = Path.Combine(AppContext.BaseDirectory, "RnnAtlas.Cli.dll");
        var sharded = Path.Combine(folder.Path, "slurm");

        var (code, output, error) = ChildProcess.Run("/usr/bin/env", $"RNNATLAS_CLI={cli}", "timeout", "600", script, config, sharded, "4", Path.Combine(folder.Path, "cluster"));
        Assert.True(code == 0, $"{output}\n{error}");
        Assert.Contains("merge job finished", output, StringComparison.Ordinal);

        var single = Path.Combine(folder.Path, "single");
        (code, _, error) = Cli.CliProcess.Run("study", config, "--out", single);
        Assert.True(code == 0, error);
        CrashResumeTests.AssertSameArtifacts(single, sharded);
    }
}

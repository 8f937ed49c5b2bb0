using System.Diagnostics;

namespace RnnAtlas.Tests.Studies;

/// <summary>Ctrl-C stops a study quickly and resumably; a full disk is a clear error and loses nothing already finished.</summary>
[Collection(TimingSensitive.Name)]
public sealed class InterruptionTests
{
    [Fact]
    public async Task CtrlCStopsWithinASecondAndSaysHowToResume()
    {
        using var folder = new TempFolder();
        var config = Path.Combine(folder.Path, "small.toml");
        File.WriteAllText(config, CrashResumeTests.Config.Replace("max_iterations = 300", "max_iterations = 100000", StringComparison.Ordinal).Replace("criterion = 10.0", "criterion = 1e-9", StringComparison.Ordinal));
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "RnnAtlas.Cli.dll"), "study", config, "--out", Path.Combine(folder.Path, "s") })
        {
            start.ArgumentList.Add(a);
        }
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        await Task.Delay(TimeSpan.FromSeconds(4));
        Assert.False(process.HasExited);
        var clock = Stopwatch.StartNew();
        using (var interrupt = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            interrupt.WaitForExit();
        }
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(5)), "still running 5 s after Ctrl-C");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"took {clock.Elapsed.TotalSeconds:0.00} s to stop");
        Assert.Equal(130, process.ExitCode);
        Assert.Contains("run the same command again to resume", await error, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void AFullDiskIsAClearErrorAndARerunAfterwardsCompletesTheStudy()
    {
        using var folder = new TempFolder();
        var disk = Path.Combine(folder.Path, "disk");
        Directory.CreateDirectory(disk);
        var (mounted, _, _) = ChildProcess.Run("mount", "-t", "tmpfs", "-o", "size=300k", "tmpfs", disk);
        Skip.If(mounted != 0, "cannot mount a small file system here (needs root)");
        try
        {
            var config = Path.Combine(folder.Path, "small.toml");
            File.WriteAllText(config, CrashResumeTests.Config);
            var study = Path.Combine(disk, "study");
            var (code, _, error) = Cli.CliProcess.Run("study", config, "--out", study);
            Assert.Equal(4, code);
            Assert.Contains("No space left on device", error, StringComparison.Ordinal);
            Assert.Contains("finished work is kept; fix the cause and run the same command again", error, StringComparison.Ordinal);
            Assert.Single(error.Trim().Split('\n'));

            Assert.Equal(0, ChildProcess.Run("mount", "-o", "remount,size=50m", disk).ExitCode);
            (code, _, error) = Cli.CliProcess.Run("study", config, "--out", study);
            Assert.True(code == 0, error);
            var reference = Path.Combine(folder.Path, "reference");
            (code, _, error) = Cli.CliProcess.Run("study", config, "--out", reference);
            Assert.True(code == 0, error);
            CrashResumeTests.AssertSameArtifacts(reference, study);
        }
        finally
        {
            ChildProcess.Run("umount", disk);
        }
    }
}

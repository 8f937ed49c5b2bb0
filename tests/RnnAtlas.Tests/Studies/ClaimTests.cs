using System.Diagnostics;
using RnnAtlas.Studies;

namespace RnnAtlas.Tests.Studies;

public sealed class ClaimTests
{
    [Fact]
    public void AClaimIsExclusiveUntilReleased()
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "n", ".train.claim");
        using (var first = ClaimFile.TryTake(path))
        {
            Assert.NotNull(first);
            Assert.Null(ClaimFile.TryTake(path));
        }
        Assert.False(File.Exists(path));
        using var again = ClaimFile.TryTake(path);
        Assert.NotNull(again);
    }

    [Fact]
    public void AClaimOfAProcessThatIsGoneOrThatExpiredIsTakenOver()
    {
        using var folder = new TempFolder();
        var dead = Path.Combine(folder.Path, "dead.claim");
        using (var exited = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!)
        {
            exited.WaitForExit();
            File.WriteAllText(dead, $"{Environment.MachineName} {exited.Id} x now");
        }
        using (var taken = ClaimFile.TryTake(dead))
        {
            Assert.NotNull(taken);
        }

    }

    [Theory]
    [InlineData(10)]
    [InlineData(-10)]
    public void AnotherHostsClaimExpiresByThisHostsClockWhateverItsTimestampSays(int skewYears)
    {
        using var folder = new TempFolder();
        var expiry = TimeSpan.FromMilliseconds(400);
        var claim = Path.Combine(folder.Path, "skewed.claim");
        File.WriteAllText(claim, "another-host 1 x then");
        File.SetLastWriteTimeUtc(claim, DateTime.UtcNow.AddYears(skewYears));
        Assert.Null(ClaimFile.TryTake(claim, expiry));

        Thread.Sleep(expiry / 2);
        File.SetLastWriteTimeUtc(claim, DateTime.UtcNow.AddYears(skewYears).AddSeconds(5));
        Thread.Sleep(expiry * 3 / 4);
        Assert.Null(ClaimFile.TryTake(claim, expiry));

        Thread.Sleep(expiry);
        using var over = ClaimFile.TryTake(claim, expiry);
        Assert.NotNull(over);
    }

    [Fact]
    public async Task TwoWorkersOnTheSameStudyNeverTrainTheSameNetwork()
    {
        using var folder = new TempFolder();
        var config = Path.Combine(folder.Path, "small.toml");
        File.WriteAllText(config, CrashResumeTests.Config);
        var study = Path.Combine(folder.Path, "study");
        var workers = Enumerable.Range(0, 2).Select(_ => Task.Run(() => Cli.CliProcess.Run("train", "--config", config, "--out", study, "--threads", "1"))).ToArray();
        var results = await Task.WhenAll(workers);
        var trained = results.Select(r =>
        {
            Assert.True(r.ExitCode == 0, r.Error);
            return r.Output.Split('\n')
                .Where(l => l.Contains(": passed (", StringComparison.Ordinal) || l.Contains(": failed (", StringComparison.Ordinal))
                .Select(l => l.Split(' ')[2].TrimEnd(':'))
                .ToHashSet();
        }).ToList();
        Assert.Empty(trained[0].Intersect(trained[1]));
        Assert.Equal(16, trained[0].Count + trained[1].Count);
        Assert.Empty(Directory.GetFiles(study, "*.claim*", SearchOption.AllDirectories));
    }
}

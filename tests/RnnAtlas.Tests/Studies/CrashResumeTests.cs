using System.Diagnostics;

namespace RnnAtlas.Tests.Studies;

/// <summary>
/// A study killed with SIGKILL at several points of its run and restarted ends byte-identical to an uninterrupted run
/// in every artifact that does not record wall-clock time (weights, fixed points, scaffolds, distance matrices,
/// dissociation); and the same study on 1 or 2 threads gives the same bytes.
/// </summary>
[Collection(TimingSensitive.Name)]
public sealed class CrashResumeTests
{
    internal const string Config = """
        [task]
        name = "flipflop"
        bits = 2
        time_steps = 40
        probe_trials = 8
        criterion = 10.0

        [sweep]
        cells = ["gru", "lstm"]
        activations = ["tanh", "relu"]
        hidden_sizes = [8]
        seeds = 2
        snapshots = [0]

        [training]
        max_iterations = 300
        batch_size = 16
        evaluate_every = 100
        held_out_trials = 16
        """;

    [Fact]
    public void KilledAndRestartedAtManyPointsTheStudyEndsByteIdentical()
    {
        using var folder = new TempFolder();
        var config = Path.Combine(folder.Path, "small.toml");
        File.WriteAllText(config, Config);
        var reference = Path.Combine(folder.Path, "reference");
        var clock = Stopwatch.StartNew();
        var (code, _, error) = Cli.CliProcess.Run("study", config, "--out", reference, "--threads", "2");
        Assert.True(code == 0, error);
        var full = clock.Elapsed;

        var interrupted = Path.Combine(folder.Path, "interrupted");
        var killedIn = new List<string>();
        // Each kill lands a share of the full run's duration after a given stage's heading appears, so that every stage
        // is hit however long each stage takes on this machine (a restart skips finished work, so times from the start
        // of a restarted run would land ever earlier in the study).
        foreach (var (stage, share) in new[] { ("1/5", 0.05), ("1/5", 0.15), ("2/5", 0.02), ("2/5", 0.1), ("3/5", 0.0), ("4/5", 0.0), ("5/5", 0.0) })
        {
            var output = new List<string>();
            using var process = Start(output, "study", config, "--out", interrupted, "--threads", "2");
            while (!process.HasExited && !Heading(output, stage))
            {
                Thread.Sleep(5);
            }
            if (!process.WaitForExit(full * share))
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
                lock (output)
                {
                    // The stage running when the kill came: the last "── k/5 name ──" heading printed.
                    killedIn.Add(output.LastOrDefault(l => l.StartsWith("── ", StringComparison.Ordinal)) ?? "(startup)");
                }
            }
        }
        (code, _, error) = Cli.CliProcess.Run("study", config, "--out", interrupted, "--threads", "2");
        Assert.True(code == 0, error);
        Assert.True(killedIn.Distinct().Count() >= 3, $"kills landed in: {string.Join("; ", killedIn)}");
        AssertSameArtifacts(reference, interrupted);
    }

    [Fact]
    public void OneAndTwoThreadsGiveTheSameBytes()
    {
        using var folder = new TempFolder();
        var config = Path.Combine(folder.Path, "small.toml");
        File.WriteAllText(config, Config);
        foreach (var threads in new[] { "1", "2" })
        {
            var (code, _, error) = Cli.CliProcess.Run("study", config, "--out", Path.Combine(folder.Path, threads), "--threads", threads);
            Assert.True(code == 0, error);
        }
        AssertSameArtifacts(Path.Combine(folder.Path, "1"), Path.Combine(folder.Path, "2"));
    }

    [Fact]
    public void FourConcurrentShardsThenAMergeEqualASingleRun()
    {
        using var folder = new TempFolder();
        var config = Path.Combine(folder.Path, "small.toml");
        File.WriteAllText(config, Config);
        var single = Path.Combine(folder.Path, "single");
        var (code, _, error) = Cli.CliProcess.Run("study", config, "--out", single);
        Assert.True(code == 0, error);

        var sharded = Path.Combine(folder.Path, "sharded");
        var workers = Enumerable.Range(0, 4).Select(i => Start([], "study", config, "--out", sharded, "--shard", $"{i}/4", "--threads", "1")).ToList();
        foreach (var worker in workers)
        {
            worker.WaitForExit();
            Assert.Equal(0, worker.ExitCode);
            worker.Dispose();
        }
        Assert.False(Directory.Exists(Path.Combine(sharded, "analysis")));
        (code, _, error) = Cli.CliProcess.Run("merge", sharded);
        Assert.True(code == 0, error);
        AssertSameArtifacts(single, sharded);
    }

    /// <summary>Every artifact without wall-clock content is present in both studies with the same bytes.</summary>
    internal static void AssertSameArtifacts(string expected, string actual)
    {
        var files = Artifacts(expected);
        Assert.True(files.Count > 50, $"only {files.Count} artifacts");
        Assert.Equal(files, Artifacts(actual));
        foreach (var file in files)
        {
            Assert.True(File.ReadAllBytes(Path.Combine(expected, file)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(actual, file))), $"{file} differs");
        }
    }

    private static List<string> Artifacts(string root) =>
        [.. Directory.GetFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f))
            .Where(f => f.EndsWith(".safetensors", StringComparison.Ordinal) || f.EndsWith(".npy", StringComparison.Ordinal)
                || f.EndsWith("fixedpoints.json", StringComparison.Ordinal) || f.EndsWith("graph.json", StringComparison.Ordinal)
                || f.EndsWith("dissociation.json", StringComparison.Ordinal) || f.EndsWith("stats.json", StringComparison.Ordinal)
                || f.EndsWith("networks.csv", StringComparison.Ordinal) || f.EndsWith("config.json", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)];

    private static bool Heading(List<string> output, string stage)
    {
        lock (output)
        {
            return output.Any(l => l.StartsWith($"── {stage} ", StringComparison.Ordinal));
        }
    }

    private static Process Start(List<string> output, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "RnnAtlas.Cli.dll"));
        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                lock (output)
                {
                    output.Add(line);
                }
            }
        };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }
}

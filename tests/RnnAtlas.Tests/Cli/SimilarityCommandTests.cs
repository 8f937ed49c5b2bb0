using System.Globalization;
using System.Text.Json;
using RnnAtlas.Storage;

namespace RnnAtlas.Tests.Cli;

public sealed class SimilarityCommandTests
{
    [Fact]
    public void TwoFilesGiveEveryMetricAsJsonAndARotatedCopyIsAtProcrustesDistanceZero()
    {
        using var folder = new TempFolder();
        const int samples = 50;
        var a = new double[samples * 2];
        var csv = new System.Text.StringBuilder("u0,u1\n");
        for (var i = 0; i < samples; i++)
        {
            a[2 * i] = Math.Sin(i * 0.3);
            a[2 * i + 1] = Math.Cos(i * 0.7) + 0.1 * i;
            // b = a rotated by 90°: (x, y) → (−y, x).
            csv.Append(CultureInfo.InvariantCulture, $"{-a[2 * i + 1]:R},{a[2 * i]:R}\n");
        }
        NpyFile.Write(Path.Combine(folder.Path, "a.npy"), a, samples, 2);
        File.WriteAllText(Path.Combine(folder.Path, "b.csv"), csv.ToString());

        var (code, output, error) = CliProcess.Run("similarity", Path.Combine(folder.Path, "a.npy"), Path.Combine(folder.Path, "b.csv"), "--json");

        Assert.True(code == 0, error);
        var report = JsonDocument.Parse(output).RootElement;
        Assert.Equal(samples, report.GetProperty("samples").GetInt32());
        var metrics = report.GetProperty("metrics").EnumerateArray().ToDictionary(m => m.GetProperty("name").GetString()!, m => m.GetProperty("distance").GetDouble());
        Assert.Equal(["svcca", "pwcca", "cka", "procrustes", "cca", "cca-shape", "dsa", "dsa-spectrum"], metrics.Keys);
        Assert.Equal(0, metrics["procrustes"], 1e-7);
        Assert.Equal(0, metrics["cca"], 1e-12);
        // A rotation of the units is an orthogonal change of basis: the same dynamics.
        Assert.Equal(0, metrics["dsa"], 1e-6);
        Assert.Equal(0, metrics["dsa-spectrum"], 1e-6);
    }

    [Fact]
    public void ANonFiniteValueIsRejectedNamingTheFileAndThePlace()
    {
        using var folder = new TempFolder();
        var good = Path.Combine(folder.Path, "good.csv");
        var bad = Path.Combine(folder.Path, "bad.csv");
        File.WriteAllText(good, "1,2\n3,5\n4,4\n");
        File.WriteAllText(bad, "1,2\n3,NaN\n4,4\n");

        var (code, _, error) = CliProcess.Run("similarity", good, bad);

        Assert.Equal(2, code);
        Assert.Equal($"rnnatlas: error: <B>: {bad}: activity[1, 1] = NaN; every value must be finite", error.Trim());
    }

    [Fact]
    public void DifferentSampleCountsAreRejected()
    {
        using var folder = new TempFolder();
        var a = Path.Combine(folder.Path, "a.csv");
        var b = Path.Combine(folder.Path, "b.csv");
        File.WriteAllText(a, "1,2\n3,5\n4,4\n");
        File.WriteAllText(b, "1,2\n3,5\n");

        var (code, _, error) = CliProcess.Run("similarity", a, b);

        Assert.Equal(2, code);
        Assert.Contains($"{b} has 2 samples but {a} has 3", error, StringComparison.Ordinal);
    }

    [Fact]
    public void CompareRejectsAnActivityFileThatDoesNotExist()
    {
        using var folder = new TempFolder();
        File.WriteAllText(Path.Combine(folder.Path, "study.json"), """{"schema": "rnnatlas.study/1", "sweeps": []}""");
        var missing = Path.Combine(folder.Path, "missing.npy");

        var (code, _, error) = CliProcess.Run("compare", folder.Path, "--activity", missing);

        Assert.Equal(2, code);
        Assert.Contains($"--activity: {missing}: no such file", error, StringComparison.Ordinal);
    }

    [Fact]
    public void AFileNameWithConsoleMarkupIsPrintedAsItIs()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder["sweep.toml"], TrainCommandTests.TinySweep.Replace("time_steps = 20", "time_steps = 20\nprobe_trials = 4\ncriterion = 10.0", StringComparison.Ordinal));
        Assert.Equal(0, CliProcess.Run("train", "--config", folder["sweep.toml"], "--out", folder["study"]).ExitCode);
        var recording = folder["rec[1].npy"];
        NpyFile.Write(recording, [.. Enumerable.Range(0, 80 * 3).Select(i => Math.Sin(i * 0.37))], 80, 3);

        var (code, output, error) = CliProcess.Run("compare", folder["study"], "--activity", recording);

        Assert.True(code == 0, error);
        Assert.Contains("rec[1].npy", output, StringComparison.Ordinal);
        // 4 probe trials of 20 steps are too short for DSA's default 10 delays of 8 units: left out, with the reason.
        Assert.Contains("skipped dsa: 44 delay-embedded samples are fewer than the embedding's width 80", output, StringComparison.Ordinal);
        Assert.False(File.Exists(folder["study/analysis/flipflop/distances_dsa.npy"]));
        Assert.True(File.Exists(folder["study/analysis/flipflop/external_rec[1].csv"]));
    }
}

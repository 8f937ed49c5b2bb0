using System.Text.Json.Nodes;
using RnnAtlas.Populations;
using RnnAtlas.Storage;
using RnnAtlas.Studies;
using RnnAtlas.Studies.Analyses;
using RnnAtlas.Studies.Configuration;
using RnnAtlas.Studies.Stages;
using RnnAtlas.Training;

namespace RnnAtlas.Tests.Studies;

/// <summary>
/// Damaged, edited, copied and concurrently written study files (docs/bad-input.md): an error naming the file, or a
/// recomputation, never a network silently left out or a lost update.
/// </summary>
public sealed class DamagedStudyTests
{
    private static readonly Sweep Tiny = TinyStudies.Sweep(0);

    [Theory]
    [InlineData("time_steps", -5, "task.time_steps = -5")]
    [InlineData("probe_trial_count", 0, "task.probe_trials = 0")]
    [InlineData("time_steps", 100_000_000, "task.time_steps = 100000000")]
    public void AnEditedConfigOutsideTheDocumentedRangesIsAnErrorNamingTheFile(string field, int value, string expected)
    {
        using var folder = new TempFolder();
        var study = Train(folder.Path);
        var id = study.NetworkIds()[0];
        var path = Path.Combine(study.NetworkFolder(id), "config.json");
        var config = JsonNode.Parse(File.ReadAllText(path))!;
        config["task"]![field] = value;
        File.WriteAllText(path, config.ToJsonString());

        var error = Assert.Throws<InvalidDataException>(() => AnalysisFolder.MembersByTask(study));
        Assert.StartsWith($"{path}: {expected}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ACopiedNetworkFolderIsAnErrorNamingItNotAnExtraNetwork()
    {
        using var folder = new TempFolder();
        var study = Train(folder.Path);
        var original = study.NetworkFolder(study.NetworkIds()[0]);
        var copy = original + ".bak";
        Directory.CreateDirectory(copy);
        foreach (var file in Directory.GetFiles(original))
        {
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        }

        var error = Assert.Throws<InvalidDataException>(() => AnalysisFolder.MembersByTask(study));
        Assert.StartsWith(Path.Combine(copy, "metrics.json") + $": id {Path.GetFileName(original)} is not the folder's {Path.GetFileName(copy)}", error.Message, StringComparison.Ordinal);
        File.Delete(Path.Combine(copy, "metrics.json"));
        error = Assert.Throws<InvalidDataException>(() => study.ReadConfig(new NetworkId(Path.GetFileName(copy))));
        Assert.StartsWith(Path.Combine(copy, "config.json") + ": the config's content address is", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(100)]
    [InlineData(0)]
    public void DamagedWeightsOfAFinishedNetworkStopTheAnalysisAndAreRetrainedByTrain(int keep)
    {
        using var folder = new TempFolder();
        var study = Train(folder.Path);
        var id = study.NetworkIds()[0];
        var weights = Path.Combine(study.NetworkFolder(id), "weights.safetensors");
        File.WriteAllBytes(weights, File.ReadAllBytes(weights)[..keep]);

        var error = Assert.Throws<InvalidDataException>(() => AnalysisFolder.MembersByTask(study));
        Assert.StartsWith($"{weights}: ", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("to train it again", error.Message, StringComparison.Ordinal);

        var retrained = new PopulationTrainer(study, 1).Train(Tiny.Expand(), null, default);
        Assert.Equal(2, retrained.Count);
        Assert.True(SafeTensorsFile.IsComplete(weights));
        Assert.Equal(2, AnalysisFolder.MembersByTask(study).Single().Count);
    }

    [Fact]
    public void ProcessesAddingSweepsAtOnceLoseNone()
    {
        using var folder = new TempFolder();
        var sweeps = Enumerable.Range(0, 8).Select(seed => Tiny with { Seeds = [seed] }).ToList();
        Parallel.ForEach(sweeps, new ParallelOptions { MaxDegreeOfParallelism = 8 }, sweep => StudyFolder.CreateOrOpen(folder.Path, sweep));
        var description = StudyJson.Read<StudyDescription>(Path.Combine(folder.Path, "study.json"));
        Assert.Equal(8, description.Sweeps.Count);
    }

    [Fact]
    public void AStudyDescriptionWithAnOutOfRangeSweepIsAnError()
    {
        using var folder = new TempFolder();
        StudyFolder.CreateOrOpen(folder.Path, Tiny);
        var path = Path.Combine(folder.Path, "study.json");
        var description = JsonNode.Parse(File.ReadAllText(path))!;
        description["sweeps"]![0]!["hidden_sizes"]![0] = -8;
        File.WriteAllText(path, description.ToJsonString());
        var error = Assert.Throws<InvalidDataException>(() => StudyFolder.Open(folder.Path));
        Assert.Equal($"{path}: sweep.hidden_sizes = -8 must be an integer in [1, 4096]", error.Message);
    }

    [Fact]
    public void ACompareRecordListingANetworkTwiceIsRecomputedNotTrusted()
    {
        using var folder = new TempFolder();
        var study = Train(folder.Path);
        var options = new ComparisonOptions { Metrics = ["cka"] };
        new ComparisonStage(study, options, 1).Run(null, null, default);
        var record = Path.Combine(folder.Path, "analysis", "flipflop", "compare.json");
        var json = JsonNode.Parse(File.ReadAllText(record))!;
        var networks = json["networks"]!.AsArray();
        networks[1] = networks[0]!.GetValue<string>();
        File.WriteAllText(record, json.ToJsonString());

        var again = Assert.Single(new ComparisonStage(study, options, 1).Run(null, null, default));
        Assert.Equal(1, again.ComputedPairs);
    }

    private static StudyFolder Train(string path)
    {
        var study = StudyFolder.CreateOrOpen(path, Tiny);
        new PopulationTrainer(study, 2).Train(Tiny.Expand(), null, default);
        return study;
    }
}

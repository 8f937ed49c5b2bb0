using RnnAtlas.Cli;
using RnnAtlas.Populations;
using RnnAtlas.Studies;
using RnnAtlas.Studies.Stages;
using Spectre.Console.Testing;

namespace RnnAtlas.Tests.Cli;

/// <summary>The commands' summaries as a console shows them, through Spectre.Console's own test console (no process).</summary>
public sealed class ConsoleOutputTests
{
    private static readonly Sweep Tiny = TinyStudies.Sweep(0, 1);

    [Fact]
    public void TrainingAndFixedPointSummariesListEveryCellWithItsCounts()
    {
        using var folder = new TempFolder();
        var study = StudyFolder.CreateOrOpen(folder.Path, Tiny);
        var console = new TestConsole().Width(160);

        var outcomes = new StageView(console, study).Show(new StudyPipeline([StudyPipeline.Train(study, Tiny, 2, null), StudyPipeline.FixedPoints(study, study.Analysis.FixedPoints, 2, null, null)]), default);
        var results = Assert.IsType<FixedPointOutcome>(outcomes[1]).Networks;

        var lines = console.Lines;
        Assert.Contains(lines, l => l.Contains("│ flipflop │ gru ", StringComparison.Ordinal) && l.Contains("│ 2      │ 0      │", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("│ flipflop │ vanilla ", StringComparison.Ordinal));
        Assert.Contains("4/4 networks passed their criterion; study in " + study.Root, console.Output, StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith("── 1/2 train ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("── 2/2 fixed points ", StringComparison.Ordinal));
        Assert.Equal(4, results.Count);
        foreach (var cell in new[] { "gru", "vanilla" })
        {
            var mine = results.Where(r => r.Config.Cell.ToString().Equals(cell, StringComparison.OrdinalIgnoreCase)).ToList();
            var median = mine.Select(r => r.Report.Conditions.Sum(c => c.Points.Count)).Order().ElementAt(mine.Count / 2);
            Assert.Contains(lines, l => l.Contains($"│ flipflop │ {cell} ", StringComparison.Ordinal) && l.Contains($"│ {median} ", StringComparison.Ordinal));
        }
        Assert.Contains("scaffold expected for flipflop: 8 stable points with distinct readout sign patterns", console.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void AMergeOfAnUnfinishedStudyIsRefusedBeforeAnythingIsPrinted()
    {
        using var folder = new TempFolder();
        var study = StudyFolder.CreateOrOpen(folder.Path, Tiny);
        var console = new TestConsole().Width(160);
        new StageView(console, study).Show(new StudyPipeline([StudyPipeline.Train(study, Tiny, 2, new Shard(0, 2))]), default);
        console = new TestConsole().Width(160);

        var error = Assert.Throws<InvalidDataException>(() => new MergeCommand(console).Execute(null!, new MergeSettings { Study = folder.Path }, default));

        Assert.Equal($"{study.Root}: 2 of 4 planned networks have not finished training (first: {study.Unfinished()[0].Value}); run the unfinished shards (or 'rnnatlas train' with the study's config) first, or pass --partial to merge what is there", error.Message);
        Assert.Empty(console.Output);
    }
}

using System.Text.RegularExpressions;
using RnnAtlas.Studies.Analyses;

namespace RnnAtlas.Tests;

/// <summary>
/// The core library's folders depend on each other in one direction only (docs/architecture.md), and the core never
/// prints: progress goes through IProgress and the CLI renders it. The stages run only through StudyPipeline (a
/// stage's Run is internal to the core, so the compiler already keeps the CLI from calling it); the CLI does not
/// reach past the pipeline to the analyses behind a stage.
/// </summary>
public sealed partial class ArchitectureTests
{
    private static readonly Dictionary<string, string[]> Allowed = new()
    {
        ["Numerics"] = [],
        ["Storage"] = [],
        ["Tasks"] = ["Numerics"],
        ["Cells"] = ["Numerics"],
        ["Networks"] = ["Cells", "Numerics", "Tasks"],
        ["Training"] = ["Networks", "Cells", "Numerics", "Tasks", "Storage"],
        ["Populations"] = ["Training", "Networks", "Cells", "Numerics", "Tasks", "Storage"],
        ["FixedPoints"] = ["Networks", "Cells", "Numerics", "Tasks"],
        ["Linearization"] = ["FixedPoints", "Networks", "Cells", "Numerics", "Tasks"],
        ["Topology"] = ["Linearization", "FixedPoints", "Networks", "Cells", "Numerics", "Tasks"],
        ["Similarity"] = ["Numerics", "Storage"],
        ["Embedding"] = ["Similarity", "Numerics", "Storage"],
        ["Statistics"] = ["Embedding", "Similarity", "Numerics", "Storage"],
        ["Studies"] = ["Topology", "Statistics", "Embedding", "Similarity", "Linearization", "FixedPoints", "Populations", "Training", "Networks", "Cells", "Numerics", "Tasks", "Storage"],
    };

    private static string CoreSource => Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../src/RnnAtlas"));

    [Fact]
    public void FoldersDependOnlyOnTheFoldersBeneathThem()
    {
        var violations = new List<string>();
        foreach (var folder in Directory.GetDirectories(CoreSource).Select(Path.GetFileName).Where(f => f is not ("bin" or "obj")))
        {
            Assert.True(Allowed.ContainsKey(folder!), $"folder {folder} has no place in the dependency order; add it to the test and docs/architecture.md");
            foreach (var file in Directory.GetFiles(Path.Combine(CoreSource, folder!), "*.cs", SearchOption.AllDirectories))
            {
                foreach (Match use in UsingPattern().Matches(File.ReadAllText(file)))
                {
                    var target = use.Groups[1].Value;
                    if (target != folder && !Allowed[folder!].Contains(target))
                    {
                        violations.Add($"{Path.GetRelativePath(CoreSource, file)} uses RnnAtlas.{target}");
                    }
                }
            }
        }
        Assert.Empty(violations);
    }

    [Fact]
    public void TheCoreLibraryNeverWritesToTheConsole()
    {
        var offenders = Directory.GetFiles(CoreSource, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/obj/", StringComparison.Ordinal) && File.ReadAllText(f).Contains("Console.", StringComparison.Ordinal))
            .ToList();
        Assert.Empty(offenders);
    }

    [Fact]
    public void TheCliNeverSequencesStagesOrRunsTheAnalysesBehindThem()
    {
        string[] engines = ["PopulationTrainer", "FixedPointStage", "TopologyStage", "ComparisonStage", "PerNetworkStage", "FixedPointAnalysis", "ScaffoldAnalysis", "StudyReport.Build("];
        var cli = Path.GetFullPath(Path.Combine(CoreSource, "../RnnAtlas.Cli"));
        var offenders = Directory.GetFiles(cli, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/obj/", StringComparison.Ordinal))
            .SelectMany(f => engines.Where(e => File.ReadAllText(f).Contains(e, StringComparison.Ordinal)).Select(e => $"{Path.GetFileName(f)} uses {e}"))
            .ToList();
        Assert.Empty(offenders);
    }

    [GeneratedRegex(@"\bRnnAtlas\.(\w+)\b(?=\s*[;.])")]
    private static partial Regex UsingPattern();
}

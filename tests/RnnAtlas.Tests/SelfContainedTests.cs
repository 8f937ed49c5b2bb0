using System.Text.RegularExpressions;

namespace RnnAtlas.Tests;

/// <summary>
/// The repository stands alone: no file a reader of the repository opens names a path that leaves it (a sibling folder
/// such as the sibling folder of shared notes, a relative path that climbs above the root, or an absolute path of some machine), so a bare
/// <c>git clone</c> builds, runs and tests with nothing beside it. Climbing paths are resolved in documents, where they
/// are links relative to the document; code resolves its own relative paths from the build output.
/// </summary>
public sealed partial class SelfContainedTests
{
    /// <summary>The folder beside the repository that nothing may name (spelled in parts so this file does not name it).</summary>
    private const string Sibling = "sha" + "red";

    private static readonly string[] Folders = ["src", "tests", "bench", "examples", "docs", ".ci"];
    private static readonly string[] TextExtensions = [".cs", ".md", ".py", ".sh", ".toml", ".json", ".csproj", ".props", ".slnx", ".txt", ""];

    private static string Root => Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../.."));

    [Fact]
    public void NoFileNamesAPathOutsideTheRepository()
    {
        var offenders = new List<string>();
        foreach (var file in RepositoryFiles())
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                foreach (var reason in Escapes(file, lines[i]))
                {
                    offenders.Add($"{Path.GetRelativePath(Root, file)}:{i + 1}: {reason}: {lines[i].Trim()}");
                }
            }
        }
        Assert.True(offenders.Count == 0, string.Join('\n', offenders));
    }

    [Theory]
    [InlineData("see ../" + Sibling + "/notes/engine-findings.md", true)]
    [InlineData("Settings of the search (BRIEF §5)", true)]
    [InlineData("var folder = Path.Combine(root, \"..\", \"shared\", \"reference\");", true)]
    [InlineData("written to /work/main/studies", true)]
    [InlineData("--out /home/alice/s", true)]
    [InlineData("C:\\Users\\alice\\study", true)]
    [InlineData("[decision 0007](../decisions/0007-prototype-measurements.md)", false)]
    [InlineData("a shared latent and shared/unshared units", false)]
    [InlineData("train --out /proc/x", false)]
    public void TheGuardRecognisesEscapingPaths(string line, bool escapes)
    {
        var file = Path.Combine(Root, "docs", "decisions", "example.md");
        Assert.Equal(escapes, Escapes(file, line).Any());
    }

    [Fact]
    public void RelativePathsThatClimbAboveTheRootAreCaught()
    {
        Assert.NotEmpty(Escapes(Path.Combine(Root, "docs", "x.md"), "see ../../elsewhere/notes.md"));
        Assert.Empty(Escapes(Path.Combine(Root, "docs", "x.md"), "see ../README.md"));
    }

    private static IEnumerable<string> RepositoryFiles() =>
        Folders.Select(f => Path.Combine(Root, f)).Where(Directory.Exists)
            .SelectMany(f => Directory.EnumerateFiles(f, "*", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && TextExtensions.Contains(Path.GetExtension(f)))
            .Append(Path.Combine(Root, "README.md"))
            .Where(f => f != Path.Combine(Root, "tests", "RnnAtlas.Tests", "SelfContainedTests.cs"));

    private static IEnumerable<string> Escapes(string file, string line)
    {
        if (SiblingFolder().IsMatch(line))
        {
            yield return "names the folder beside the repository";
        }
        if (OutsideDocument().IsMatch(line))
        {
            yield return "cites a document outside the repository";
        }
        if (MachinePath().IsMatch(line))
        {
            yield return "names an absolute path of a machine";
        }
        var links = Path.GetExtension(file) == ".md" ? Climb().Matches(line) : Enumerable.Empty<Match>();
        foreach (var climb in links)
        {
            var target = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, climb.Value));
            if (!target.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                yield return $"{climb.Value} leaves the repository";
            }
        }
    }

    [GeneratedRegex(@"\.\./shared\b|""\.\.""\s*,\s*""shared""|shared/(notes|reference|hooks)\b")]
    private static partial Regex SiblingFolder();

    [GeneratedRegex(@"\bBRIEF\b|STYLE\.md")]
    private static partial Regex OutsideDocument();

    [GeneratedRegex(@"(?<![\w.~$}-])/(work|home|root|Users|mnt|tmp|opt|srv|media|farm|old_root|shared)/|\b[A-Z]:\\")]
    private static partial Regex MachinePath();

    [GeneratedRegex(@"(\.\./)+")]
    private static partial Regex Climb();
}

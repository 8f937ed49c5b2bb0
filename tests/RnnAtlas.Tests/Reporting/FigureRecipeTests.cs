using RnnAtlas.Reporting;

namespace RnnAtlas.Tests.Reporting;

/// <summary>Every figure recipe runs on a real (small) study and saves a non-empty PNG and SVG.</summary>
public sealed class FigureRecipeTests(ReportFixture fixture) : IClassFixture<ReportFixture>
{
    public static TheoryData<string> Recipes() => [.. StudyReport.Recipes.Select(r => r.GetType().Name)];

    [Theory]
    [MemberData(nameof(Recipes))]
    public void TheRecipeDrawsEveryTaskItHasDataFor(string name)
    {
        var recipe = StudyReport.Recipes.Single(r => r.GetType().Name == name);
        using var folder = new TempFolder();
        var figures = fixture.Tasks.SelectMany(recipe.Render).ToList();
        Assert.NotEmpty(figures);
        foreach (var figure in figures)
        {
            figure.Save(folder.Path);
            Assert.True(new FileInfo(Path.Combine(folder.Path, figure.Name + ".png")).Length > 2_000, figure.Name);
            Assert.Contains("<svg", File.ReadAllText(Path.Combine(folder.Path, figure.Name + ".svg")), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void TheReportLinksEveryFigureItSavedAndStatesTheFindings()
    {
        var html = File.ReadAllText(fixture.Index);
        var figures = Directory.GetFiles(Path.Combine(Path.GetDirectoryName(fixture.Index)!, "figures"), "*.png").Select(Path.GetFileName).ToList();
        Assert.NotEmpty(figures);
        Assert.All(figures, f => Assert.Contains($"src=\"figures/{f}\"", html, StringComparison.Ordinal));
        Assert.Contains("<h2 id=\"flipflop\">", html, StringComparison.Ordinal);
        Assert.Contains("<h2 id=\"sine\">", html, StringComparison.Ordinal);
        Assert.Contains("k-NN accuracy", html, StringComparison.Ordinal);
        Assert.Contains("Shared scaffold", html, StringComparison.Ordinal);
        // DSA next to geometry and topology: its separability, whether it tracks the scaffold better, and the figure.
        Assert.Contains("Dynamics (DSA)", html, StringComparison.Ordinal);
        Assert.Contains("Against the scaffold, dynamics-aware similarity tracks it", html, StringComparison.Ordinal);
        Assert.Contains("flipflop-similarity-vs-scaffold.png", figures);
        Assert.Contains("flipflop-mds-dsa-cell.png", figures);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("http://", html, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
    }
}

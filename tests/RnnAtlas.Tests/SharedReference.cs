using System.Text.Json;

namespace RnnAtlas.Tests;

/// <summary>The field's reference values in ../shared/reference (beside the repository root), with the script that made them.</summary>
internal static class SharedReference
{
    public static string Folder(string name)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "RnnAtlas.slnx")))
        {
            directory = directory.Parent;
        }
        Assert.NotNull(directory);
        var folder = Path.GetFullPath(Path.Combine(directory.FullName, "..", "shared", "reference", name));
        Assert.True(Directory.Exists(folder), $"reference data missing: {folder}");
        return folder;
    }

    public static JsonElement Json(string name, string file) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder(name), file))).RootElement;

    public static double[] Doubles(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetDouble())];
}

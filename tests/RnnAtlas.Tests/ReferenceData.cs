using System.Text.Json;

namespace RnnAtlas.Tests;

/// <summary>
/// The field's reference values, copied into <c>tests/RnnAtlas.Tests/Reference/&lt;name&gt;/</c> with the script that
/// made them and a README giving the source code, versions and tolerances (copied to the test output on build).
/// </summary>
internal static class ReferenceData
{
    public static string Folder(string name)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "Reference", name);
        Assert.True(Directory.Exists(folder), $"reference data missing from the test output: {folder}");
        return folder;
    }

    public static JsonElement Json(string name, string file) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder(name), file))).RootElement;

    public static double[] Doubles(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetDouble())];
}

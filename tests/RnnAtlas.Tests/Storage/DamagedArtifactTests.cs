using RnnAtlas.Storage;

namespace RnnAtlas.Tests.Storage;

/// <summary>A truncated or damaged artifact is recognised without reading its data, so that a stage recomputes it instead of trusting it.</summary>
public sealed class DamagedArtifactTests
{
    [Fact]
    public void ATruncatedSafetensorsFileIsNotComplete()
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "w.safetensors");
        SafeTensorsFile.Write(path, [new NamedTensor("a", [2, 3], [1, 2, 3, 4, 5, 6])]);
        Assert.True(SafeTensorsFile.IsComplete(path));
        var bytes = File.ReadAllBytes(path);
        foreach (var length in new[] { 0, 5, 20, bytes.Length - 1 })
        {
            File.WriteAllBytes(path, bytes[..length]);
            Assert.False(SafeTensorsFile.IsComplete(path), $"{length} bytes");
        }
        File.WriteAllBytes(path, [.. bytes, 0]);
        Assert.False(SafeTensorsFile.IsComplete(path));
        Assert.False(SafeTensorsFile.IsComplete(Path.Combine(folder.Path, "missing.safetensors")));
    }

    [Fact]
    public void ATruncatedNpyFileIsNotCompleteAndReadingItNamesTheFile()
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "a.npy");
        NpyFile.Write(path, [1.0, 2.0, 3.0, 4.0], 2, 2);
        Assert.True(NpyFile.IsComplete(path));
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^3]);
        Assert.False(NpyFile.IsComplete(path));
        var error = Assert.Throws<InvalidDataException>(() => NpyFile.Read(path));
        Assert.Contains($"{path}: shape (2, 2) needs 32 data bytes, the file has 29", error.Message, StringComparison.Ordinal);
    }
}

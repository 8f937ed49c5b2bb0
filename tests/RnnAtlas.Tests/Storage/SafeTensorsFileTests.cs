using RnnAtlas.Storage;

namespace RnnAtlas.Tests.Storage;

public sealed class SafeTensorsFileTests
{
    [Fact]
    public void RoundTripsTensorsAndWritesTheDocumentedHeader()
    {
        using var folder = new TempFolder();
        var path = folder["w.safetensors"];
        NamedTensor[] tensors = [new("a", [2, 3], [1, 2, 3, 4, 5, -6.5f]), new("b.bias", [2], [float.Epsilon, 1e30f])];
        SafeTensorsFile.Write(path, tensors, new Dictionary<string, string> { ["format"] = "pt" });

        var read = SafeTensorsFile.Read(path);
        Assert.Equal(tensors[0].Values, read["a"].Values);
        Assert.Equal([2, 3], read["a"].Shape);
        Assert.Equal(tensors[1].Values, read["b.bias"].Values);

        var bytes = File.ReadAllBytes(path);
        var headerLength = BitConverter.ToInt64(bytes, 0);
        Assert.Equal(0, headerLength % 8);
        var header = System.Text.Encoding.UTF8.GetString(bytes, 8, (int)headerLength);
        Assert.Contains("\"a\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,24]}", header);
        Assert.Contains("\"b.bias\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[24,32]}", header);
        Assert.Equal(8 + headerLength + 32, bytes.Length);
        Assert.Empty(Directory.GetFiles(folder.Path, "*.tmp"));
    }

    [Fact]
    public void ATruncatedFileIsRejectedWithItsName()
    {
        using var folder = new TempFolder();
        var path = folder["w.safetensors"];
        SafeTensorsFile.Write(path, [new NamedTensor("a", [4], [1, 2, 3, 4])]);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^3]);
        var error = Assert.Throws<InvalidDataException>(() => SafeTensorsFile.Read(path));
        Assert.Contains(path, error.Message);
        Assert.Contains("'a'", error.Message);

        File.WriteAllBytes(path, bytes[..5]);
        Assert.Contains(path, Assert.Throws<InvalidDataException>(() => SafeTensorsFile.Read(path)).Message);
    }
}

using RnnAtlas.Storage;

namespace RnnAtlas.Tests.Storage;

public sealed class NpyFileTests
{
    [Fact]
    public void RoundTripsFloat32AndFloat64WithAnAlignedHeader()
    {
        using var folder = new TempFolder();
        NpyFile.Write(folder["a.npy"], new float[] { 1, -2.5f, 3, 4, 5, 6 }, 2, 3);
        NpyFile.Write(folder["b.npy"], new double[] { Math.PI, double.MaxValue }, 2);
        var (a, shapeA) = NpyFile.Read(folder["a.npy"]);
        var (b, shapeB) = NpyFile.Read(folder["b.npy"]);
        Assert.Equal([1, -2.5, 3, 4, 5, 6], a);
        Assert.Equal([2, 3], shapeA);
        Assert.Equal([Math.PI, double.MaxValue], b);
        Assert.Equal([2], shapeB);
        var bytes = File.ReadAllBytes(folder["b.npy"]);
        Assert.Equal(0, (10 + BitConverter.ToUInt16(bytes, 8)) % 64);
        Assert.Contains("'shape': (2,)", System.Text.Encoding.ASCII.GetString(bytes));
    }

    [Fact]
    public void TruncatedAndForeignFilesAreRejectedByName()
    {
        using var folder = new TempFolder();
        NpyFile.Write(folder["a.npy"], new float[] { 1, 2, 3 }, 3);
        File.WriteAllBytes(folder["a.npy"], File.ReadAllBytes(folder["a.npy"])[..^2]);
        Assert.Contains(folder["a.npy"], Assert.Throws<InvalidDataException>(() => NpyFile.Read(folder["a.npy"])).Message);
        File.WriteAllText(folder["b.npy"], "hello, world");
        Assert.Contains("not a .npy file", Assert.Throws<InvalidDataException>(() => NpyFile.Read(folder["b.npy"])).Message);
    }
}

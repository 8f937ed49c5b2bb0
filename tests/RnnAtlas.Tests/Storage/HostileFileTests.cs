using System.Buffers.Binary;
using System.Diagnostics;
using System.Text;
using RnnAtlas.Similarity;
using RnnAtlas.Storage;

namespace RnnAtlas.Tests.Storage;

/// <summary>
/// Hostile and damaged files (docs/bad-input.md): each is refused with one <see cref="InvalidDataException"/> naming the
/// file, before anything large is allocated and without blocking.
/// </summary>
public sealed class HostileFileTests
{
    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    [Theory]
    [InlineData("/dev/zero")]
    [InlineData("/dev/urandom")]
    public void ASymlinkToADeviceIsRefusedWithoutReadingIt(string device)
    {
        using var folder = new TempFolder();
        foreach (var name in new[] { "a.npy", "a.csv", "w.safetensors", "c.json" })
        {
            var link = folder[name];
            File.CreateSymbolicLink(link, device);
            var error = AssertRefused(link, () => Read(link));
            Assert.Contains("not a regular file", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task AFifoAndAFolderAreRefusedWithoutBlocking()
    {
        using var folder = new TempFolder();
        var fifo = folder["pipe.npy"];
        using (var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", [fifo]) { UseShellExecute = false })!)
        {
            await mkfifo.WaitForExitAsync();
        }
        await Task.Run(() => AssertRefused(fifo, () => NpyFile.Read(fifo))).WaitAsync(TimeSpan.FromSeconds(10));
        Directory.CreateDirectory(folder["dir.csv"]);
        AssertRefused(folder["dir.csv"], () => ActivityMatrix.Read(folder["dir.csv"]));
    }

    [Fact]
    public void HugeSparseFilesAreRefusedFromTheirFirstBytes()
    {
        using var folder = new TempFolder();
        var csv = folder["big.csv"];
        using (var stream = File.Create(csv))
        {
            stream.SetLength(2L << 30);
        }
        var npy = folder["big.npy"];
        using (var stream = File.Create(npy))
        {
            stream.SetLength(1900L << 20);
        }
        var before = GC.GetAllocatedBytesForCurrentThread();
        AssertRefused(csv, () => ActivityMatrix.Read(csv));
        Assert.Contains("bad magic", AssertRefused(npy, () => ActivityMatrix.Read(npy)).Message, StringComparison.Ordinal);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 16 << 20, "refusing allocated more than 16 MB");
    }

    [Theory]
    [InlineData("{'descr': '<f8', 'fortran_order': False, 'shape': (99999999999, 3), }", "more than the")]
    [InlineData("{'descr': '<f8', 'fortran_order': False, 'shape': (80L, 3L), }", "dimension '80L'")]
    [InlineData("{'descr': '<f8', 'fortran_order': False, 'shape': (80, x), }", "dimension 'x'")]
    [InlineData("{'descr': '<f8', 'fortran_order': False, 'shape': (-24,), }", "dimension '-24'")]
    [InlineData("{'descr': '<f8', 'fortran_order': False, 'shape': (24), }", "trailing comma")]
    [InlineData("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2), 'shape': (2, 2)}", "appears twice")]
    [InlineData("{'descr': '<f8', 'shape': (2, 2), }", "are not exactly")]
    [InlineData("{'descr': '<f8', 'fortran_order': 0, 'shape': (2, 2), }", "'0' is not")]
    [InlineData("{'descr': [('a', '<f8')], 'fortran_order': False, 'shape': (2, 2), }", "expected a value")]
    [InlineData("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2), } junk", "after the dict")]
    public void AnNpyHeaderNumpyWouldNotWriteIsRefused(string header, string expected)
    {
        using var folder = new TempFolder();
        var path = folder["a.npy"];
        WriteNpy(path, header, 1, 32);
        Assert.Contains(expected, AssertRefused(path, () => NpyFile.Read(path)).Message, StringComparison.Ordinal);
        Assert.False(NpyFile.IsComplete(path));
    }

    [Theory]
    [InlineData("{\"descr\":\"<f8\",\"fortran_order\":False,\"shape\":(2,2)}")]
    [InlineData("{ 'descr' : '<f8' ,\n 'fortran_order' : False , 'shape' : ( 2 , 2 , ) , }")]
    [InlineData("{'shape': (2, 2), 'fortran_order': False, 'descr': '<f8'}")]
    public void AnyHeaderNumpyReadsIsRead(string header)
    {
        using var folder = new TempFolder();
        var path = folder["a.npy"];
        WriteNpy(path, header, 1, 32);
        var (values, shape) = NpyFile.Read(path);
        Assert.Equal([2, 2], shape);
        Assert.Equal(4, values.Length);
    }

    [Fact]
    public void AVersionTwoHeaderLengthOverTwoToThe31IsRefused()
    {
        using var folder = new TempFolder();
        var path = folder["a.npy"];
        var bytes = new byte[64];
        Magic.CopyTo(bytes, 0);
        bytes[6] = 2;
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), 0x8000_0010);
        File.WriteAllBytes(path, bytes);
        Assert.Contains("header length 2147483664", AssertRefused(path, () => NpyFile.Read(path)).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""[1, 2]""", "not an object")]
    [InlineData("""{"a": 3}""", "not an object")]
    [InlineData("""{"a": {"dtype": 7, "shape": [2], "data_offsets": [0, 8]}}""", "no dtype string")]
    [InlineData("""{"a": {"dtype": "F16", "shape": [2], "data_offsets": [0, 8]}}""", "dtype F16")]
    [InlineData("""{"a": {"dtype": "F32", "shape": "2", "data_offsets": [0, 8]}}""", "no shape")]
    [InlineData("""{"a": {"dtype": "F32", "shape": null, "data_offsets": [0, 8]}}""", "no shape")]
    [InlineData("""{"a": {"dtype": "F32", "shape": [-24], "data_offsets": [0, 8]}}""", "no shape")]
    [InlineData("""{"a": {"dtype": "F32", "shape": [99999999999], "data_offsets": [0, 8]}}""", "no shape")]
    [InlineData("""{"a": {"dtype": "F32", "shape": [65536, 65536, 65536], "data_offsets": [0, 8]}}""", "needs")]
    [InlineData("""{"a": {"dtype": "F32", "shape": [2], "data_offsets": ["0", 8]}}""", "not two non-negative integers")]
    [InlineData("""{"a": {"dtype": "F32", "shape": [2], "data_offsets": [8, 0]}}""", "not an ordered pair")]
    [InlineData("""{"a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]}, "a": {"dtype": "F32", "shape": [2], "data_offsets": [8, 16]}}""", "appears twice")]
    [InlineData("""{"a": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}, "b": {"dtype": "F32", "shape": [2], "data_offsets": [8, 16]}}""", "gap or overlap")]
    [InlineData("""{"a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]}, "b": {"dtype": "F32", "shape": [2], "data_offsets": [4, 12]}}""", "gap or overlap")]
    [InlineData("""{"a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]}}""", "the file has 16")]
    public void ASafetensorsHeaderOutsideTheSpecificationIsRefused(string header, string expected)
    {
        using var folder = new TempFolder();
        var path = folder["w.safetensors"];
        WriteSafetensors(path, Encoding.UTF8.GetBytes(header), 16);
        Assert.Contains(expected, AssertRefused(path, () => SafeTensorsFile.Read(path)).Message, StringComparison.Ordinal);
        Assert.False(SafeTensorsFile.IsComplete(path));
    }

    [Theory]
    [InlineData(0x8000_0000_0000_0000UL)]
    [InlineData(ulong.MaxValue)]
    public void AnImpossibleSafetensorsHeaderLengthIsRefused(ulong length)
    {
        using var folder = new TempFolder();
        var path = folder["w.safetensors"];
        var bytes = new byte[200];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, length);
        File.WriteAllBytes(path, bytes);
        Assert.Contains("does not fit", AssertRefused(path, () => SafeTensorsFile.Read(path)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ADeeplyNestedSafetensorsHeaderIsRefused()
    {
        using var folder = new TempFolder();
        var path = folder["w.safetensors"];
        WriteSafetensors(path, Encoding.UTF8.GetBytes(new string('[', 5000) + new string(']', 5000)), 0);
        Assert.Contains("not valid JSON", AssertRefused(path, () => SafeTensorsFile.Read(path)).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2, 100_000)]
    [InlineData(1000, 20_000)]
    [InlineData(70_000, 1000)]
    public void ActivityLargerThanTheDocumentedLimitsIsRefusedBeforeItsValuesAreRead(int samples, int units)
    {
        using var folder = new TempFolder();
        var path = folder["a.npy"];
        WriteNpy(path, $"{{'descr': '<f8', 'fortran_order': False, 'shape': ({samples}, {units}), }}", 1, (long)samples * units * 8);
        var before = GC.GetAllocatedBytesForCurrentThread();
        Assert.Contains("over the limits", AssertRefused(path, () => ActivityMatrix.Read(path)).Message, StringComparison.Ordinal);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20);
    }

    [Fact]
    public void ACsvLineWithoutEndIsRefusedAtItsLimit()
    {
        using var folder = new TempFolder();
        var path = folder["a.csv"];
        File.WriteAllText(path, new string('1', 1 << 20));
        Assert.Contains("line 1 is longer than", AssertRefused(path, () => ActivityMatrix.Read(path)).Message, StringComparison.Ordinal);
    }

    private static object Read(string path) => Path.GetExtension(path) switch
    {
        ".npy" or ".csv" => ActivityMatrix.Read(path),
        ".safetensors" => SafeTensorsFile.Read(path),
        _ => StudyJson.Read<StatisticsFileProbe>(path),
    };

    private static InvalidDataException AssertRefused(string path, Func<object> read)
    {
        var error = Assert.Throws<InvalidDataException>(read);
        Assert.StartsWith(path + ": ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        return error;
    }

    /// <summary>Writes an .npy file of <paramref name="header"/> (padded as numpy pads it) and <paramref name="dataBytes"/> zero bytes, sparse when large.</summary>
    private static void WriteNpy(string path, string header, byte major, long dataBytes)
    {
        var start = major == 1 ? 10 : 12;
        var padded = header + new string(' ', (64 - (start + header.Length + 1) % 64) % 64) + "\n";
        using var stream = File.Create(path);
        stream.Write(Magic);
        stream.WriteByte(major);
        stream.WriteByte(0);
        stream.Write(BitConverter.GetBytes((ushort)padded.Length));
        stream.Write(Encoding.ASCII.GetBytes(padded));
        stream.SetLength(stream.Length + dataBytes);
    }

    private static void WriteSafetensors(string path, byte[] header, int dataBytes)
    {
        using var stream = File.Create(path);
        stream.Write(BitConverter.GetBytes((ulong)header.Length));
        stream.Write(header);
        stream.Write(new byte[dataBytes]);
    }

    private sealed record StatisticsFileProbe(string Schema);
}

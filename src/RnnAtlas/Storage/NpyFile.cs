using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace RnnAtlas.Storage;

/// <summary>
/// Reads and writes NumPy <c>.npy</c> files (format 1.0, little-endian float32 or float64, C order), so a Python user
/// can <c>np.load</c> any array RnnAtlas writes and hand RnnAtlas arrays of their own.
/// </summary>
public static partial class NpyFile
{
    private const int MaxHeaderBytes = 65_536 + 12;

    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>Writes <paramref name="values"/> as a float32 array of <paramref name="shape"/>, atomically.</summary>
    public static void Write(string path, ReadOnlySpan<float> values, params int[] shape) =>
        Write(path, values.ToArray(), shape, "<f4", sizeof(float), (span, v) => BinaryPrimitives.WriteSingleLittleEndian(span, v));

    /// <summary>Writes <paramref name="values"/> as a float64 array of <paramref name="shape"/>, atomically.</summary>
    public static void Write(string path, ReadOnlySpan<double> values, params int[] shape) =>
        Write(path, values.ToArray(), shape, "<f8", sizeof(double), (span, v) => BinaryPrimitives.WriteDoubleLittleEndian(span, v));

    /// <summary>Reads a float32 or float64 array as float64, with its shape.</summary>
    /// <exception cref="InvalidDataException">Not an .npy file, truncated, Fortran order or another dtype; the message names the file.</exception>
    public static (double[] Values, int[] Shape) Read(string path)
    {
        var data = File.ReadAllBytes(path);
        var (start, shape, count, size) = Header(path, data, data.Length);
        var body = data.AsSpan(start);
        var values = new double[count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = size == sizeof(float)
                ? BinaryPrimitives.ReadSingleLittleEndian(body[(i * size)..])
                : BinaryPrimitives.ReadDoubleLittleEndian(body[(i * size)..]);
        }
        return (values, shape);
    }

    /// <summary>True when <paramref name="path"/> exists and is a whole .npy file RnnAtlas can read (header only is read).</summary>
    public static bool IsComplete(string path)
    {
        if (!File.Exists(path))
        {
            return false;
        }
        using var stream = File.OpenRead(path);
        var prefix = new byte[(int)Math.Min(stream.Length, MaxHeaderBytes)];
        stream.ReadExactly(prefix);
        try
        {
            Header(path, prefix, stream.Length);
            return true;
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }

    /// <summary>Parses the header at the start of <paramref name="data"/> and checks it against the file length.</summary>
    private static (int Start, int[] Shape, long Count, int Size) Header(string path, ReadOnlySpan<byte> data, long fileLength)
    {
        if (data.Length < 10 || !data[..6].SequenceEqual(Magic))
        {
            throw new InvalidDataException($"{path}: not a .npy file (bad magic)");
        }
        var major = data[6];
        var headerLength = major == 1 ? BinaryPrimitives.ReadUInt16LittleEndian(data[8..]) : (int)BinaryPrimitives.ReadUInt32LittleEndian(data[8..]);
        var start = major == 1 ? 10 : 12;
        if (start + headerLength > data.Length)
        {
            throw new InvalidDataException($"{path}: header runs past the end of the file (truncated)");
        }
        var header = Encoding.ASCII.GetString(data.Slice(start, headerLength));
        var descr = DescrPattern().Match(header);
        var shapeMatch = ShapePattern().Match(header);
        if (!descr.Success || !shapeMatch.Success)
        {
            throw new InvalidDataException($"{path}: unreadable .npy header {header.Trim()}");
        }
        if (header.Contains("'fortran_order': True", StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{path}: Fortran-order arrays are not supported; save with np.ascontiguousarray");
        }
        var shape = shapeMatch.Groups[1].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(d => int.Parse(d, CultureInfo.InvariantCulture)).ToArray();
        var count = shape.Aggregate(1L, (a, b) => a * b);
        var size = descr.Groups[1].Value switch
        {
            "<f4" => sizeof(float),
            "<f8" => sizeof(double),
            var other => throw new InvalidDataException($"{path}: dtype {other} is not supported; use float32 ('<f4') or float64 ('<f8')"),
        };
        var body = fileLength - start - headerLength;
        if (body != count * size)
        {
            throw new InvalidDataException($"{path}: shape ({string.Join(", ", shape)}) needs {count * size} data bytes, the file has {body} (truncated?)");
        }
        return (start + headerLength, shape, count, size);
    }

    private static void Write<T>(string path, T[] values, int[] shape, string descr, int size, SpanAction<byte, T> write)
    {
        if (shape.Aggregate(1L, (a, b) => a * b) != values.Length)
        {
            throw new ArgumentException($"shape ({string.Join(", ", shape)}) does not hold {values.Length} values", nameof(shape));
        }
        var dims = shape.Length == 1 ? $"{shape[0]}," : string.Join(", ", shape);
        var header = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': ({dims}), }}";
        var padding = 64 - (10 + header.Length + 1) % 64;
        header = header + new string(' ', padding % 64) + "\n";
        AtomicFile.Write(path, stream =>
        {
            stream.Write(Magic);
            stream.WriteByte(1);
            stream.WriteByte(0);
            Span<byte> length = stackalloc byte[2];
            BinaryPrimitives.WriteUInt16LittleEndian(length, (ushort)header.Length);
            stream.Write(length);
            stream.Write(Encoding.ASCII.GetBytes(header));
            var buffer = new byte[size];
            foreach (var value in values)
            {
                write(buffer, value);
                stream.Write(buffer);
            }
        });
    }

    private delegate void SpanAction<TSpan, in TArg>(Span<TSpan> span, TArg arg);

    [GeneratedRegex(@"'descr':\s*'([^']+)'")]
    private static partial Regex DescrPattern();

    [GeneratedRegex(@"'shape':\s*\(([^)]*)\)")]
    private static partial Regex ShapePattern();
}

using System.Buffers.Binary;
using System.Text;

namespace RnnAtlas.Storage;

/// <summary>
/// Reads and writes NumPy <c>.npy</c> files (format 1.0, little-endian float32 or float64, C order), so a Python user
/// can <c>np.load</c> any array RnnAtlas writes and hand RnnAtlas arrays of their own.
/// </summary>
public static class NpyFile
{
    private const long MaxHeaderBytes = 1 << 20;

    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>Writes <paramref name="values"/> as a float32 array of <paramref name="shape"/>, atomically.</summary>
    public static void Write(string path, ReadOnlySpan<float> values, params int[] shape) =>
        Write(path, values.ToArray(), shape, "<f4", sizeof(float), (span, v) => BinaryPrimitives.WriteSingleLittleEndian(span, v));

    /// <summary>Writes <paramref name="values"/> as a float64 array of <paramref name="shape"/>, atomically.</summary>
    public static void Write(string path, ReadOnlySpan<double> values, params int[] shape) =>
        Write(path, values.ToArray(), shape, "<f8", sizeof(double), (span, v) => BinaryPrimitives.WriteDoubleLittleEndian(span, v));

    /// <summary>Largest array read (2²⁸ values: 2 GiB as float64).</summary>
    public const long MaxValues = 1L << 28;

    /// <summary>Reads a float32 or float64 array as float64, with its shape.</summary>
    /// <exception cref="InvalidDataException">
    /// Not a regular .npy file, truncated, over <see cref="MaxValues"/>, Fortran order or another dtype; the message names the file.
    /// </exception>
    public static (double[] Values, int[] Shape) Read(string path)
    {
        using var stream = InputFile.OpenRead(path);
        return Read(stream, path);
    }

    /// <summary>Reads a float32 or float64 array from a seekable <paramref name="stream"/> (e.g. one member of an .npz) as float64.</summary>
    /// <param name="stream">The array's bytes, from its magic to its end.</param>
    /// <param name="name">Names the array in errors (a path, or <c>archive.npz:member.npy</c>).</param>
    /// <exception cref="InvalidDataException">As <see cref="Read(string)"/>.</exception>
    public static (double[] Values, int[] Shape) Read(Stream stream, string name)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var (start, shape, count, size) = Header(name, stream);
        stream.Position = start;
        var values = new double[count];
        var chunk = new byte[1 << 16];
        for (long done = 0; done < count;)
        {
            var n = (int)Math.Min(count - done, chunk.Length / size);
            var bytes = chunk.AsSpan(0, n * size);
            InputFile.ReadExactly(stream, name, bytes);
            for (var i = 0; i < n; i++)
            {
                values[done + i] = size == sizeof(float)
                    ? BinaryPrimitives.ReadSingleLittleEndian(bytes[(i * size)..])
                    : BinaryPrimitives.ReadDoubleLittleEndian(bytes[(i * size)..]);
            }
            done += n;
        }
        return (values, shape);
    }

    /// <summary>The shape of the array in <paramref name="path"/>, after checking its header against the file (the data are not read).</summary>
    /// <exception cref="InvalidDataException">As <see cref="Read(string)"/>.</exception>
    public static int[] Shape(string path)
    {
        using var stream = InputFile.OpenRead(path);
        return Header(path, stream).Shape;
    }

    /// <summary>True when <paramref name="path"/> is a whole .npy file RnnAtlas can read (the header only is read).</summary>
    public static bool IsComplete(string path)
    {
        if (!File.Exists(path))
        {
            return false;
        }
        try
        {
            Shape(path);
            return true;
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }

    /// <summary>
    /// Reads and checks the header: magic, version, the header dict exactly as numpy writes and reads it (a Python dict
    /// literal with the keys descr, fortran_order and shape), and the data length the shape implies against the file's.
    /// </summary>
    private static (long Start, int[] Shape, long Count, int Size) Header(string path, Stream stream)
    {
        var fileLength = stream.Length;
        Span<byte> prefix = stackalloc byte[12];
        if (fileLength < 10)
        {
            throw new InvalidDataException($"{path}: not a .npy file (only {fileLength} bytes)");
        }
        InputFile.ReadExactly(stream, path, prefix[..10]);
        if (!prefix[..6].SequenceEqual(Magic))
        {
            throw new InvalidDataException($"{path}: not a .npy file (bad magic)");
        }
        var major = prefix[6];
        long headerLength;
        long start;
        switch (major)
        {
            case 1:
                headerLength = BinaryPrimitives.ReadUInt16LittleEndian(prefix[8..]);
                start = 10;
                break;
            case 2 or 3 when fileLength >= 12:
                InputFile.ReadExactly(stream, path, prefix[10..12]);
                headerLength = BinaryPrimitives.ReadUInt32LittleEndian(prefix[8..]);
                start = 12;
                break;
            default:
                throw new InvalidDataException($"{path}: .npy format version {major}.{prefix[7]} is not 1, 2 or 3");
        }
        if (headerLength > MaxHeaderBytes || start + headerLength > fileLength)
        {
            throw new InvalidDataException($"{path}: header length {headerLength} does not fit a file of {fileLength} bytes (truncated, or not .npy)");
        }
        var headerBytes = new byte[headerLength];
        InputFile.ReadExactly(stream, path, headerBytes);
        string header;
        try
        {
            header = (major == 3 ? new UTF8Encoding(false, true) : (Encoding)Encoding.Latin1).GetString(headerBytes);
        }
        catch (DecoderFallbackException e)
        {
            throw new InvalidDataException($"{path}: .npy header is not UTF-8 ({e.Message})", e);
        }
        var fields = NpyHeader.Parse(path, header);
        if (fields.FortranOrder)
        {
            throw new InvalidDataException($"{path}: Fortran-order arrays are not supported; save with np.ascontiguousarray");
        }
        var size = fields.Descr switch
        {
            "<f4" => sizeof(float),
            "<f8" => sizeof(double),
            var other => throw new InvalidDataException($"{path}: dtype {other} is not supported; use float32 ('<f4') or float64 ('<f8')"),
        };
        var body = fileLength - start - headerLength;
        var count = 1L;
        foreach (var dimension in fields.Shape)
        {
            count = dimension == 0 ? 0 : count > MaxValues / dimension ? MaxValues + 1 : count * dimension;
        }
        var shapeText = string.Join(", ", fields.Shape);
        if (count > MaxValues || fields.Shape.Any(d => d > int.MaxValue))
        {
            throw new InvalidDataException($"{path}: shape ({shapeText}) holds more than the {MaxValues} values RnnAtlas reads");
        }
        if (body != count * size)
        {
            throw new InvalidDataException($"{path}: shape ({shapeText}) needs {count * size} data bytes, the file has {body} (truncated?)");
        }
        return (start + headerLength, [.. fields.Shape.Select(d => (int)d)], count, size);
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
}

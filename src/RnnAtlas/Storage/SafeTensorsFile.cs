using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RnnAtlas.Storage;

/// <summary>
/// Reads and writes float32 tensors in the safetensors format (an 8-byte little-endian header length, a JSON header of
/// name → dtype, shape, data offsets, then the raw little-endian data), loadable by Python's <c>safetensors</c> and by
/// a few lines of numpy.
/// </summary>
public static class SafeTensorsFile
{
    /// <summary>Largest weights file read (1 GiB: a 16,000-unit GRU).</summary>
    public const long MaxBytes = 1L << 30;

    private const ulong MaxHeaderBytes = 100_000_000;

    /// <summary>Writes <paramref name="tensors"/> (in order) with optional string metadata, atomically.</summary>
    public static void Write(string path, IReadOnlyList<NamedTensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        var header = new JsonObject();
        if (metadata is { Count: > 0 })
        {
            var meta = new JsonObject();
            foreach (var (key, value) in metadata)
            {
                meta[key] = value;
            }
            header["__metadata__"] = meta;
        }
        long offset = 0;
        foreach (var tensor in tensors)
        {
            var bytes = (long)tensor.Values.Length * sizeof(float);
            header[tensor.Name] = new JsonObject
            {
                ["dtype"] = "F32",
                ["shape"] = new JsonArray([.. tensor.Shape.Select(d => (JsonNode)d)]),
                ["data_offsets"] = new JsonArray(offset, offset + bytes),
            };
            offset += bytes;
        }
        var json = Encoding.UTF8.GetBytes(header.ToJsonString());
        var padded = (json.Length + 7) / 8 * 8;
        AtomicFile.Write(path, stream =>
        {
            Span<byte> length = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)padded);
            stream.Write(length);
            stream.Write(json);
            for (var i = json.Length; i < padded; i++)
            {
                stream.WriteByte((byte)' ');
            }
            var buffer = new byte[4096 * sizeof(float)];
            foreach (var tensor in tensors)
            {
                for (var start = 0; start < tensor.Values.Length; start += 4096)
                {
                    var count = Math.Min(4096, tensor.Values.Length - start);
                    for (var i = 0; i < count; i++)
                    {
                        BinaryPrimitives.WriteSingleLittleEndian(buffer.AsSpan(i * 4), tensor.Values[start + i]);
                    }
                    stream.Write(buffer, 0, count * sizeof(float));
                }
            }
        });
    }

    /// <summary>Reads every F32 tensor of <paramref name="path"/>.</summary>
    /// <exception cref="InvalidDataException">
    /// Not a regular file, over <see cref="MaxBytes"/>, truncated, malformed (see <see cref="IsComplete"/>) or holds another
    /// dtype; the message names the file.
    /// </exception>
    public static IReadOnlyDictionary<string, NamedTensor> Read(string path)
    {
        var data = InputFile.ReadAllBytes(path, MaxBytes);
        var (headerLength, tensors) = Header(path, data, data.Length);
        var body = data.AsSpan(8 + (int)headerLength);
        var result = new Dictionary<string, NamedTensor>();
        foreach (var (name, shape, offset, count) in tensors)
        {
            var values = new float[count];
            var bytes = body.Slice((int)offset, (int)(count * sizeof(float)));
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes[(i * 4)..]);
            }
            result[name] = new NamedTensor(name, shape, values);
        }
        return result;
    }

    /// <summary>
    /// True when <paramref name="path"/> is a regular file whose header is valid and describes exactly the bytes it holds
    /// (the data are not read): a JSON object of unique names, each with a dtype string, a shape of non-negative ints and
    /// data_offsets [begin, end] that, in order, tile the data section from 0 to its end with no gap, overlap or reversal.
    /// </summary>
    public static bool IsComplete(string path) => Damage(path) is null;

    /// <summary>What is wrong with <paramref name="path"/> as a whole safetensors file (see <see cref="IsComplete"/>), naming it; null when nothing is.</summary>
    public static string? Damage(string path)
    {
        try
        {
            using var stream = InputFile.OpenRead(path);
            Span<byte> length = stackalloc byte[8];
            if (stream.Length < 8)
            {
                return $"{path}: not a safetensors file (only {stream.Length} bytes)";
            }
            InputFile.ReadExactly(stream, path, length);
            var declared = BinaryPrimitives.ReadUInt64LittleEndian(length);
            if (declared > MaxHeaderBytes || 8 + (long)declared > stream.Length)
            {
                return $"{path}: header length {declared} does not fit a file of {stream.Length} bytes (truncated or not safetensors)";
            }
            var prefix = new byte[8 + (int)declared];
            length.CopyTo(prefix);
            InputFile.ReadExactly(stream, path, prefix.AsSpan(8));
            Header(path, prefix, stream.Length);
            return null;
        }
        catch (InvalidDataException e)
        {
            return e.Message;
        }
    }

    /// <summary>Parses and checks the header at the start of <paramref name="data"/> against the file length (see <see cref="IsComplete"/>).</summary>
    private static (long HeaderLength, List<(string Name, int[] Shape, long Offset, long Count)> Tensors) Header(string path, ReadOnlySpan<byte> data, long fileLength)
    {
        if (data.Length < 8)
        {
            throw new InvalidDataException($"{path}: not a safetensors file (only {data.Length} bytes)");
        }
        var declared = BinaryPrimitives.ReadUInt64LittleEndian(data);
        if (declared == 0 || declared > MaxHeaderBytes || 8 + (long)declared > fileLength || 8 + (long)declared > data.Length)
        {
            throw new InvalidDataException($"{path}: header length {declared} does not fit a file of {fileLength} bytes (truncated or not safetensors)");
        }
        var headerLength = (long)declared;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(data.Slice(8, (int)headerLength).ToArray(), new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: header is not valid JSON ({e.Message})", e);
        }
        using (document)
        {
            var header = document.RootElement;
            if (header.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidDataException($"{path}: header is a JSON {header.ValueKind.ToString().ToLowerInvariant()}, not an object");
            }
            var bodyLength = fileLength - 8 - headerLength;
            var names = new HashSet<string>(StringComparer.Ordinal);
            var tensors = new List<(string Name, int[] Shape, long Offset, long Count)>();
            foreach (var entry in header.EnumerateObject())
            {
                if (!names.Add(entry.Name))
                {
                    throw new InvalidDataException($"{path}: tensor '{entry.Name}' appears twice in the header");
                }
                if (entry.Name == "__metadata__")
                {
                    if (entry.Value.ValueKind != JsonValueKind.Object || entry.Value.EnumerateObject().Any(m => m.Value.ValueKind != JsonValueKind.String))
                    {
                        throw new InvalidDataException($"{path}: __metadata__ must be an object of strings");
                    }
                    continue;
                }
                tensors.Add(Tensor(path, entry.Name, entry.Value, bodyLength));
            }
            var end = 0L;
            foreach (var tensor in tensors.OrderBy(t => t.Offset))
            {
                if (tensor.Offset != end)
                {
                    throw new InvalidDataException($"{path}: tensor '{tensor.Name}' starts at byte {tensor.Offset} of the data, not at {end}: the data_offsets leave a gap or overlap");
                }
                end += tensor.Count * sizeof(float);
            }
            if (end != bodyLength)
            {
                throw new InvalidDataException($"{path}: the tensors cover {end} data bytes, the file has {bodyLength} (truncated or padded?)");
            }
            return (headerLength, tensors);
        }
    }

    /// <summary>One tensor's entry: an object with a dtype string, a shape of non-negative ints and two ordered offsets.</summary>
    private static (string Name, int[] Shape, long Offset, long Count) Tensor(string path, string name, JsonElement entry, long bodyLength)
    {
        InvalidDataException Bad(string what) => new($"{path}: tensor '{name}' {what}");
        if (entry.ValueKind != JsonValueKind.Object)
        {
            throw Bad($"is described by a JSON {entry.ValueKind.ToString().ToLowerInvariant()}, not an object");
        }
        if (!entry.TryGetProperty("dtype", out var dtype) || dtype.ValueKind != JsonValueKind.String)
        {
            throw Bad("has no dtype string");
        }
        if (dtype.GetString() != "F32")
        {
            throw Bad($"has dtype {dtype.GetString()}, RnnAtlas reads F32");
        }
        var shape = Integers(entry, "shape", int.MaxValue) ?? throw Bad("has no shape that is a list of non-negative integers");
        var offsets = Integers(entry, "data_offsets", long.MaxValue);
        if (offsets is not { Length: 2 } || offsets[0] > offsets[1] || offsets[1] > bodyLength)
        {
            throw Bad($"has data_offsets {(offsets is null ? "that are not two non-negative integers" : $"[{string.Join(", ", offsets)}]")}, not an ordered pair within the {bodyLength} data bytes");
        }
        var count = 1L;
        foreach (var d in shape)
        {
            count = d == 0 || count <= bodyLength / d ? count * d : bodyLength + 1;
        }
        if (count * sizeof(float) != offsets[1] - offsets[0])
        {
            throw Bad($"of shape [{string.Join(", ", shape)}] needs {count * sizeof(float)} bytes, its data_offsets [{offsets[0]}, {offsets[1]}] hold {offsets[1] - offsets[0]}");
        }
        return (name, [.. shape.Select(d => (int)d)], offsets[0], count);
    }

    /// <summary>The array <paramref name="property"/> of <paramref name="entry"/> when every element is an integer in [0, max]; else null.</summary>
    private static long[]? Integers(JsonElement entry, string property, long max)
    {
        if (!entry.TryGetProperty(property, out var array) || array.ValueKind != JsonValueKind.Array)
        {
            return null;
        }
        var values = new List<long>();
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt64(out var value) || value < 0 || value > max)
            {
                return null;
            }
            values.Add(value);
        }
        return [.. values];
    }
}

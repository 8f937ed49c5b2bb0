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
    private const long MaxHeaderBytes = 100_000_000;

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
    /// <exception cref="InvalidDataException">The file is truncated, malformed or holds another dtype; the message names the file.</exception>
    public static IReadOnlyDictionary<string, NamedTensor> Read(string path)
    {
        var data = File.ReadAllBytes(path);
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

    /// <summary>True when <paramref name="path"/> exists and its header describes exactly the bytes it holds (the data are not read).</summary>
    public static bool IsComplete(string path)
    {
        if (!File.Exists(path))
        {
            return false;
        }
        using var stream = File.OpenRead(path);
        var length = new byte[8];
        if (stream.Length < 8)
        {
            return false;
        }
        stream.ReadExactly(length);
        var declared = (long)BinaryPrimitives.ReadUInt64LittleEndian(length);
        if (declared <= 0 || declared > MaxHeaderBytes || 8 + declared > stream.Length)
        {
            return false;
        }
        var prefix = new byte[8 + declared];
        length.CopyTo(prefix, 0);
        stream.ReadExactly(prefix.AsSpan(8));
        try
        {
            var (headerLength, tensors) = Header(path, prefix, stream.Length);
            return 8 + headerLength + tensors.Select(t => t.Offset + t.Count * sizeof(float)).DefaultIfEmpty(0).Max() == stream.Length;
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }

    /// <summary>Parses the header at the start of <paramref name="data"/>, checking every tensor against the file length.</summary>
    private static (long HeaderLength, List<(string Name, int[] Shape, long Offset, long Count)> Tensors) Header(string path, ReadOnlySpan<byte> data, long fileLength)
    {
        if (data.Length < 8)
        {
            throw new InvalidDataException($"{path}: not a safetensors file (only {data.Length} bytes)");
        }
        var headerLength = (long)BinaryPrimitives.ReadUInt64LittleEndian(data);
        if (headerLength <= 0 || headerLength > MaxHeaderBytes || 8 + headerLength > fileLength || 8 + headerLength > data.Length)
        {
            throw new InvalidDataException($"{path}: header length {headerLength} does not fit a file of {fileLength} bytes (truncated or not safetensors)");
        }
        JsonObject header;
        try
        {
            header = JsonNode.Parse(data.Slice(8, (int)headerLength))?.AsObject() ?? throw new InvalidDataException($"{path}: empty header");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: header is not valid JSON ({e.Message})", e);
        }
        var bodyLength = fileLength - 8 - headerLength;
        var tensors = new List<(string, int[], long, long)>();
        foreach (var (name, node) in header)
        {
            if (name == "__metadata__")
            {
                continue;
            }
            var entry = node?.AsObject() ?? throw new InvalidDataException($"{path}: tensor '{name}' has no description");
            var dtype = entry["dtype"]?.GetValue<string>();
            if (dtype != "F32")
            {
                throw new InvalidDataException($"{path}: tensor '{name}' has dtype {dtype ?? "(none)"}, RnnAtlas reads F32");
            }
            var shape = entry["shape"]?.AsArray().Select(d => d!.GetValue<int>()).ToArray() ?? throw new InvalidDataException($"{path}: tensor '{name}' has no shape");
            var offsets = entry["data_offsets"]?.AsArray().Select(d => d!.GetValue<long>()).ToArray();
            var count = shape.Aggregate(1L, (a, b) => a * b);
            if (offsets is not { Length: 2 } || offsets[0] < 0 || offsets[1] > bodyLength || offsets[1] - offsets[0] != count * sizeof(float))
            {
                throw new InvalidDataException($"{path}: tensor '{name}' data_offsets [{string.Join(", ", offsets ?? [])}] do not fit shape [{string.Join(", ", shape)}] in {bodyLength} data bytes (truncated?)");
            }
            tensors.Add((name, shape, offsets[0], count));
        }
        return (headerLength, tensors);
    }
}

using System.IO.Compression;

namespace RnnAtlas.Storage;

/// <summary>
/// Reads NumPy's <c>.npz</c> archives — what <c>np.savez(path, **arrays)</c> (stored) or <c>np.savez_compressed</c>
/// (deflated) writes: a zip of one <c>.npy</c> member per array, named after its key.
/// </summary>
public static class NpzFile
{
    /// <summary>Most members read.</summary>
    public const int MaxMembers = 4096;

    /// <summary>Largest archive, and largest total of its members uncompressed (1 GiB).</summary>
    public const long MaxBytes = 1L << 30;

    /// <summary>Reads every array of <paramref name="path"/> (float32 or float64, as float64), keyed by name without <c>.npy</c>.</summary>
    /// <exception cref="InvalidDataException">
    /// Not a regular file, not a zip, too large, a member that is not <c>.npy</c> or not a float array, or a repeated
    /// name; the message names the file and the member.
    /// </exception>
    public static IReadOnlyDictionary<string, (double[] Values, int[] Shape)> Read(string path)
    {
        using var stream = InputFile.OpenRead(path);
        if (stream.Length > MaxBytes)
        {
            throw new InvalidDataException($"{path}: {stream.Length} bytes is over the {MaxBytes}-byte limit for an .npz");
        }
        ZipArchive archive;
        try
        {
            archive = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{path}: not an .npz (zip) archive ({e.Message})", e);
        }
        using (archive)
        {
            if (archive.Entries.Count > MaxMembers)
            {
                throw new InvalidDataException($"{path}: {archive.Entries.Count} members, over the limit of {MaxMembers}");
            }
            var arrays = new Dictionary<string, (double[] Values, int[] Shape)>(StringComparer.Ordinal);
            long total = 0;
            foreach (var entry in archive.Entries)
            {
                var member = $"{path}:{entry.FullName}";
                if (!entry.FullName.EndsWith(".npy", StringComparison.Ordinal))
                {
                    throw new InvalidDataException($"{member}: not an .npy member (an .npz holds only NumPy arrays)");
                }
                total += entry.Length;
                if (entry.Length > MaxBytes || total > MaxBytes)
                {
                    throw new InvalidDataException($"{member}: the members unpack to more than {MaxBytes} bytes");
                }
                var name = entry.FullName[..^4];
                using var bytes = new MemoryStream((int)entry.Length);
                try
                {
                    using (var open = entry.Open())
                    {
                        open.CopyTo(bytes);
                    }
                }
                catch (InvalidDataException e)
                {
                    throw new InvalidDataException($"{member}: damaged ({e.Message})", e);
                }
                bytes.Position = 0;
                if (!arrays.TryAdd(name, NpyFile.Read(bytes, member)))
                {
                    throw new InvalidDataException($"{member}: the name '{name}' appears twice");
                }
            }
            return arrays;
        }
    }
}

using System.Runtime.InteropServices;
using System.Text;

namespace RnnAtlas.Storage;

/// <summary>
/// The one way RnnAtlas opens a file to read: only a regular file (a device, FIFO, socket or directory, or a symlink to
/// one, is refused before it is opened), never more bytes than the caller's limit, and every failure an
/// <see cref="InvalidDataException"/> whose message names the file and what is wrong.
/// </summary>
public static class InputFile
{
    /// <summary>Largest JSON, TOML or other text file read whole (64 MiB; RnnAtlas's own are kilobytes).</summary>
    public const long MaxTextBytes = 64L << 20;

    private const int StatxType = 0x1;
    private const int StatxModeOffset = 28;
    private const int FileTypeMask = 0xF000;
    private const int RegularFileType = 0x8000;
    private const int DirectoryFileType = 0x4000;
    private const int CurrentDirectory = -100;
    private const int NoSuchFile = 2;
    private const int PermissionDenied = 13;
    private const int NotADirectory = 20;

    /// <summary>Opens <paramref name="path"/> for reading after checking that it is a regular file.</summary>
    /// <exception cref="InvalidDataException">Missing, not a regular file, or unreadable.</exception>
    public static FileStream OpenRead(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        RequireRegularFile(path);
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"{path}: cannot be read ({e.Message})", e);
        }
    }

    /// <summary>Reads the whole of <paramref name="path"/>, refusing a file longer than <paramref name="maxBytes"/> before reading it.</summary>
    /// <exception cref="InvalidDataException">Missing, not a regular file, over the limit, or changed while read.</exception>
    public static byte[] ReadAllBytes(string path, long maxBytes)
    {
        using var stream = OpenRead(path);
        var length = stream.Length;
        if (length > maxBytes)
        {
            throw new InvalidDataException($"{path}: {length} bytes, more than the {maxBytes} this kind of file may have");
        }
        var data = new byte[length];
        ReadExactly(stream, path, data);
        if (stream.ReadByte() >= 0)
        {
            throw new InvalidDataException($"{path}: grew while it was read (not a regular file, or written by another process)");
        }
        return data;
    }

    /// <summary>Reads <paramref name="data"/>.Length bytes from the current position of <paramref name="stream"/>.</summary>
    /// <exception cref="InvalidDataException">The file ends first (truncated) or cannot be read.</exception>
    public static void ReadExactly(Stream stream, string path, Span<byte> data)
    {
        ArgumentNullException.ThrowIfNull(stream);
        try
        {
            stream.ReadExactly(data);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException($"{path}: ends before the {data.Length} bytes its length promised (truncated while read?)", e);
        }
        catch (IOException e)
        {
            throw new InvalidDataException($"{path}: cannot be read ({e.Message})", e);
        }
    }

    /// <summary>Reads <paramref name="path"/> as UTF-8 text of at most <see cref="MaxTextBytes"/>.</summary>
    /// <exception cref="InvalidDataException">Missing, not a regular file, too large, or not UTF-8.</exception>
    public static string ReadAllText(string path)
    {
        var bytes = ReadAllBytes(path, MaxTextBytes);
        try
        {
            return new UTF8Encoding(false, true).GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            throw new InvalidDataException($"{path}: not UTF-8 text ({e.Message})", e);
        }
    }

    /// <summary>
    /// The lines of <paramref name="path"/>, read as a stream, refusing a file over <paramref name="maxBytes"/> and a line
    /// over <paramref name="maxLineChars"/> characters (a file of zeros or with no line breaks cannot fill memory).
    /// </summary>
    /// <exception cref="InvalidDataException">Missing, not a regular file, over a limit, or not UTF-8.</exception>
    public static IEnumerable<string> ReadLines(string path, long maxBytes, int maxLineChars)
    {
        using var stream = OpenRead(path);
        if (stream.Length > maxBytes)
        {
            throw new InvalidDataException($"{path}: {stream.Length} bytes, more than the {maxBytes} this kind of file may have");
        }
        using var reader = new StreamReader(stream, new UTF8Encoding(false, true), false, 1 << 16);
        var line = new StringBuilder();
        var lineNumber = 1;
        var buffer = new char[1 << 14];
        int read;
        while ((read = Read(reader, path, buffer)) > 0)
        {
            for (var i = 0; i < read; i++)
            {
                var c = buffer[i];
                if (c == '\n')
                {
                    yield return line.ToString().TrimEnd('\r');
                    line.Clear();
                    lineNumber++;
                }
                else if (line.Length >= maxLineChars)
                {
                    throw new InvalidDataException($"{path}: line {lineNumber} is longer than {maxLineChars} characters");
                }
                else
                {
                    line.Append(c);
                }
            }
        }
        if (line.Length > 0)
        {
            yield return line.ToString().TrimEnd('\r');
        }
    }

    /// <summary>Refuses anything but a regular file (following symlinks), so that a device or FIFO is never opened.</summary>
    /// <exception cref="InvalidDataException">Missing, or not a regular file.</exception>
    public static void RequireRegularFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (OperatingSystem.IsLinux())
        {
            var status = new byte[256];
            if (Statx(CurrentDirectory, path, 0, StatxType, status) != 0)
            {
                var error = Marshal.GetLastPInvokeError();
                throw new InvalidDataException($"{path}: {(error is NoSuchFile or NotADirectory ? "no such file" : error == PermissionDenied ? "permission denied" : $"cannot be inspected (errno {error})")}");
            }
            var type = BitConverter.ToUInt16(status, StatxModeOffset) & FileTypeMask;
            if (type != RegularFileType)
            {
                throw new InvalidDataException($"{path}: not a regular file (it is {(type == DirectoryFileType ? "a directory" : "a device, FIFO or socket")})");
            }
        }
        else if (!File.Exists(path))
        {
            throw new InvalidDataException($"{path}: no such file");
        }
    }

    private static int Read(StreamReader reader, string path, char[] buffer)
    {
        try
        {
            return reader.Read(buffer, 0, buffer.Length);
        }
        catch (DecoderFallbackException e)
        {
            throw new InvalidDataException($"{path}: not UTF-8 text ({e.Message})", e);
        }
    }

    // DllImport, not LibraryImport: the latter's generated code needs AllowUnsafeBlocks, which this project keeps off.
    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Statx(int directory, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, [Out] byte[] status);
}

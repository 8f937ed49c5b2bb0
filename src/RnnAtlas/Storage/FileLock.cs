namespace RnnAtlas.Storage;

/// <summary>
/// An exclusive lock between processes on a lock file (an OS-level lock on an open file, released when the holder exits
/// for any reason), for read-modify-write of files that several workers update, such as <c>study.json</c>.
/// </summary>
public static class FileLock
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Retry = TimeSpan.FromMilliseconds(20);

    /// <summary>Takes the lock on <paramref name="path"/> (creating the file), waiting while another process holds it.</summary>
    /// <exception cref="IOException">Still held by another process after a minute.</exception>
    public static IDisposable Take(string path)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (clock.Elapsed < Wait)
            {
                Thread.Sleep(Retry);
            }
        }
    }
}

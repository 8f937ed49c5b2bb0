using System.Globalization;

namespace RnnAtlas.Studies;

/// <summary>
/// A claim on one piece of a study's work: <c>networks/&lt;id&gt;/.&lt;stage&gt;.claim</c>, created atomically
/// (create-new), naming its owner (host, process, time), and kept fresh by a heartbeat that touches it every
/// <see cref="Heartbeat"/>. A claim untouched for <see cref="Expiry"/>, or whose owner is a process of this host that no
/// longer runs (killed, crashed), is abandoned and taken over. Disposing releases the claim.
/// </summary>
public sealed class ClaimFile : IDisposable
{
    /// <summary>How often a held claim is touched.</summary>
    public static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(5);

    /// <summary>How long an untouched claim is honoured.</summary>
    public static readonly TimeSpan Expiry = TimeSpan.FromSeconds(30);

    private readonly string _path;
    private readonly string _owner;
    private readonly Timer _heartbeat;

    private ClaimFile(string path, string owner)
    {
        _path = path;
        _owner = owner;
        _heartbeat = new Timer(_ => Touch(), null, Heartbeat, Heartbeat);
    }

    /// <summary>Claims <paramref name="path"/>, or returns null while a live claim exists.</summary>
    public static ClaimFile? TryTake(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var owner = string.Create(CultureInfo.InvariantCulture, $"{Environment.MachineName} {Environment.ProcessId} {Guid.NewGuid():N} {DateTime.UtcNow:O}");
        for (var attempt = 0; attempt < 2; attempt++)
        {
            try
            {
                using (var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write))
                using (var writer = new StreamWriter(stream))
                {
                    writer.Write(owner);
                }
                return new ClaimFile(path, owner);
            }
            catch (IOException) when (File.Exists(path))
            {
                if (!TryRemoveStale(path))
                {
                    return null;
                }
            }
        }
        return null;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _heartbeat.Dispose();
        try
        {
            if (File.Exists(_path) && File.ReadAllText(_path) == _owner)
            {
                File.Delete(_path);
            }
        }
        catch (IOException)
        {
            // Another worker took it over after an expiry; it is theirs now.
        }
    }

    /// <summary>Untouched for longer than <see cref="Expiry"/>, or owned by a process of this host that is gone.</summary>
    private static bool Abandoned(string path)
    {
        if (DateTime.UtcNow - File.GetLastWriteTimeUtc(path) >= Expiry)
        {
            return true;
        }
        var owner = File.ReadAllText(path).Split(' ');
        if (owner.Length < 2 || owner[0] != Environment.MachineName || !int.TryParse(owner[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid))
        {
            return false;
        }
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return process.HasExited;
        }
        catch (ArgumentException)
        {
            return true;
        }
    }

    private void Touch()
    {
        try
        {
            File.SetLastWriteTimeUtc(_path, DateTime.UtcNow);
        }
        catch (IOException)
        {
            // A missed heartbeat only shortens the claim's life; the next one retries.
        }
    }

    /// <summary>
    /// Moves an abandoned claim aside (only one worker's move succeeds); if what was moved turns out to be a live claim
    /// another worker took meanwhile, it is put back.
    /// </summary>
    private static bool TryRemoveStale(string path)
    {
        try
        {
            if (!Abandoned(path))
            {
                return false;
            }
            var aside = $"{path}.expired-{Guid.NewGuid():N}";
            File.Move(path, aside);
            if (!Abandoned(aside))
            {
                File.Move(aside, path);
                return false;
            }
            File.Delete(aside);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }
}

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using RnnAtlas.Storage;

namespace RnnAtlas.Studies;

/// <summary>
/// A claim on one piece of a study's work: <c>networks/&lt;id&gt;/.&lt;stage&gt;.claim</c>, created atomically
/// (create-new), naming its owner (host, process, time), and kept fresh by a heartbeat that touches it every
/// <see cref="Heartbeat"/>. A claim seen untouched for <see cref="Expiry"/> (timed by the observer's clock, robust to
/// clock skew), or whose owner is a process of this host that no longer runs (killed, crashed), is abandoned and taken
/// over. Disposing releases the claim.
/// </summary>
public sealed class ClaimFile : IDisposable
{
    /// <summary>How often a held claim is touched.</summary>
    public static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(5);

    /// <summary>How long an untouched claim is honoured.</summary>
    public static readonly TimeSpan Expiry = TimeSpan.FromSeconds(30);

    /// <summary>Per claim path, the state this process last saw and when (monotonic timestamp) it first saw it.</summary>
    private static readonly ConcurrentDictionary<string, (string State, long Since)> Observed = new(StringComparer.Ordinal);

    private const long MaxClaimBytes = 4096;

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
    public static ClaimFile? TryTake(string path) => TryTake(path, Expiry);

    /// <summary>Claims <paramref name="path"/>, or returns null while a claim exists that was touched within <paramref name="expiry"/>.</summary>
    internal static ClaimFile? TryTake(string path, TimeSpan expiry)
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
                if (!TryRemoveStale(path, expiry))
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

    /// <summary>
    /// Owned by a process of this host that is gone, or seen unchanged (same modification stamp and content) by this
    /// process for <paramref name="expiry"/> on its own monotonic clock. The stamp is only compared for change, never
    /// with this host's time, so a claimant whose clock runs ahead or behind (another host, NFS) neither lives forever
    /// nor expires early.
    /// </summary>
    private static bool Abandoned(string path, string state, TimeSpan expiry)
    {
        var owner = state.Split(' ');
        if (owner.Length >= 3 && owner[1] == Environment.MachineName && int.TryParse(owner[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid))
        {
            try
            {
                using var process = System.Diagnostics.Process.GetProcessById(pid);
                if (process.HasExited)
                {
                    return true;
                }
            }
            catch (ArgumentException)
            {
                return true;
            }
        }
        var now = Stopwatch.GetTimestamp();
        var seen = Observed.AddOrUpdate(path, (state, now), (_, old) => old.State == state ? old : (state, now));
        return Stopwatch.GetElapsedTime(seen.Since, now) >= expiry;
    }

    /// <summary>The claim's modification stamp and content, as one string that changes whenever the claimant touches it.</summary>
    private static string State(string path)
    {
        string content;
        try
        {
            content = Encoding.UTF8.GetString(InputFile.ReadAllBytes(path, MaxClaimBytes));
        }
        catch (InvalidDataException)
        {
            content = "(unreadable)";
        }
        return $"{File.GetLastWriteTimeUtc(path).Ticks} {content}";
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
    /// Moves an abandoned claim aside (only one worker's move succeeds); if what was moved is not the claim judged
    /// abandoned (another worker took it meanwhile), it is put back.
    /// </summary>
    private static bool TryRemoveStale(string path, TimeSpan expiry)
    {
        try
        {
            var state = State(path);
            if (!Abandoned(path, state, expiry))
            {
                return false;
            }
            var aside = $"{path}.expired-{Guid.NewGuid():N}";
            File.Move(path, aside);
            if (State(aside) != state)
            {
                File.Move(aside, path);
                return false;
            }
            File.Delete(aside);
            Observed.TryRemove(path, out _);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }
}

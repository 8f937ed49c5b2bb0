using System.Text.Json.Serialization;
using RnnAtlas.Topology;

namespace RnnAtlas.Studies.Scaffolds;

/// <summary>
/// One network's computational scaffold, written by <c>rnnatlas topology</c> as <c>networks/&lt;id&gt;/</c> + the file
/// name of its task's <see cref="ITaskScaffold"/>: the fields every scaffold has; each task's report adds its own.
/// </summary>
public abstract record ScaffoldReport
{
    /// <summary>Schema of these files.</summary>
    public const string CurrentSchema = "rnnatlas.scaffold/2";

    /// <summary>Schema tag, <see cref="CurrentSchema"/>.</summary>
    [JsonPropertyOrder(-4)]
    public string Schema { get; init; } = CurrentSchema;

    /// <summary>The network's id.</summary>
    [JsonPropertyOrder(-3)]
    public required string NetworkId { get; init; }

    /// <summary>First 16 hex digits of SHA-256 of the fixedpoints.json this was built from (a changed file means stale).</summary>
    [JsonPropertyOrder(-2)]
    public required string FixedPointsDigest { get; init; }

    /// <summary>The settings used.</summary>
    [JsonPropertyOrder(-1)]
    public required TopologyOptions Options { get; init; }

    /// <summary>The scaffold distance to <paramref name="other"/>, a report of the same task.</summary>
    /// <exception cref="ArgumentException"><paramref name="other"/> is a report of another kind.</exception>
    public abstract double Distance(ScaffoldReport other);

    /// <summary>One line about this scaffold (the stage's per-network progress line).</summary>
    public abstract string Describe();

    /// <summary>The scaffold in full, as indented text lines (<c>rnnatlas topology --show</c>).</summary>
    public abstract IEnumerable<string> Details();

    /// <summary><paramref name="other"/> as a report of this one's kind.</summary>
    protected T Same<T>(ScaffoldReport other)
        where T : ScaffoldReport =>
        other as T ?? throw new ArgumentException($"{other?.NetworkId} has a {other?.GetType().Name}, not a {typeof(T).Name}", nameof(other));
}

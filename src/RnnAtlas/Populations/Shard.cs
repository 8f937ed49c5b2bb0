using System.Globalization;

namespace RnnAtlas.Populations;

/// <summary>
/// One of <see cref="Count"/> disjoint parts of a study's per-network work (<c>--shard i/n</c>), for independent workers
/// such as a Slurm job array: of the networks in ordinal id order, shard i takes positions i, i + n, i + 2n, …
/// Deterministic, so every worker agrees on the split without talking to the others.
/// </summary>
/// <param name="Index">i, from 0.</param>
/// <param name="Count">n.</param>
public sealed record Shard(int Index, int Count)
{
    /// <summary>Parses <c>i/n</c>.</summary>
    /// <exception cref="InvalidConfigurationException">Not of that form, or not 0 ≤ i &lt; n.</exception>
    public static Shard Parse(string text, string field)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split('/');
        if (parts.Length != 2
            || !int.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var index)
            || !int.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var count)
            || count < 1 || index < 0 || index >= count)
        {
            throw new InvalidConfigurationException(field, text, "must be i/n with 0 ≤ i < n, e.g. 0/4");
        }
        return new Shard(index, count);
    }

    /// <summary>This shard's items among <paramref name="items"/>, which every worker must list in the same order.</summary>
    public IReadOnlyList<T> Select<T>(IReadOnlyList<T> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        return [.. items.Where((_, position) => position % Count == Index)];
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Index}/{Count}");
}

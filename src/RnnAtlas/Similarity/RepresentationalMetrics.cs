namespace RnnAtlas.Similarity;

/// <summary>The metrics RnnAtlas computes, by name.</summary>
public static class RepresentationalMetrics
{
    /// <summary>Every metric's name, in the order results are written.</summary>
    public static IReadOnlyList<string> Names { get; } = ["svcca", "pwcca", "cka", "procrustes", "cca", "cca-shape"];

    /// <summary>The metrics named in <paramref name="names"/> (SVCCA with <paramref name="svcca"/>'s settings), in <see cref="Names"/> order.</summary>
    /// <exception cref="InvalidConfigurationException">A name is unknown, or none is given; names <paramref name="source"/>.</exception>
    public static IReadOnlyList<IRepresentationalMetric> Parse(IEnumerable<string> names, Svcca svcca, string source)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(svcca);
        var wanted = names.Select(n => n.Trim().ToLowerInvariant()).Where(n => n.Length > 0).Distinct().ToList();
        if (wanted.Count == 0)
        {
            throw new InvalidConfigurationException("metrics", "(none)", $"name at least one of {string.Join(", ", Names)}", source);
        }
        foreach (var name in wanted.Where(n => !Names.Contains(n)))
        {
            throw new InvalidConfigurationException("metrics", name, $"must be one of {string.Join(", ", Names)}", source);
        }
        return [.. Names.Where(wanted.Contains).Select(n => Create(n, svcca))];
    }

    private static IRepresentationalMetric Create(string name, Svcca svcca) => name switch
    {
        "svcca" => svcca,
        "pwcca" => new Pwcca(),
        "cka" => new LinearCka(),
        "procrustes" => new ProcrustesDistance(),
        "cca" => new Cca(),
        _ => new CcaShapeDistance(),
    };
}

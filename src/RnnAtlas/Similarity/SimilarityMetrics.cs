namespace RnnAtlas.Similarity;

/// <summary>The metrics RnnAtlas computes, by name: geometry (representational) and dynamics (DSA).</summary>
public static class SimilarityMetrics
{
    /// <summary>Every metric's name, in the order results are written.</summary>
    public static IReadOnlyList<string> Names { get; } = ["svcca", "pwcca", "cka", "procrustes", "cca", "cca-shape", "dsa", "dsa-spectrum"];

    /// <summary>The metrics named in <paramref name="names"/> (SVCCA and DSA with the given settings), in <see cref="Names"/> order.</summary>
    /// <exception cref="InvalidConfigurationException">A name is unknown, or none is given; names <paramref name="source"/>.</exception>
    public static IReadOnlyList<ISimilarityMetric> Parse(IEnumerable<string> names, Svcca svcca, DsaOptions dsa, string source)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(svcca);
        ArgumentNullException.ThrowIfNull(dsa);
        var wanted = names.Select(n => n.Trim().ToLowerInvariant()).Where(n => n.Length > 0).Distinct().ToList();
        if (wanted.Count == 0)
        {
            throw new InvalidConfigurationException("metrics", "(none)", $"name at least one of {string.Join(", ", Names)}", source);
        }
        foreach (var name in wanted.Where(n => !Names.Contains(n)))
        {
            throw new InvalidConfigurationException("metrics", name, $"must be one of {string.Join(", ", Names)}", source);
        }
        return [.. Names.Where(wanted.Contains).Select(n => Create(n, svcca, dsa))];
    }

    private static ISimilarityMetric Create(string name, Svcca svcca, DsaOptions dsa) => name switch
    {
        "svcca" => svcca,
        "pwcca" => new Pwcca(),
        "cka" => new LinearCka(),
        "procrustes" => new ProcrustesDistance(),
        "cca" => new Cca(),
        "cca-shape" => new CcaShapeDistance(),
        "dsa" => new DsaDistance(dsa),
        _ => new DsaSpectrumDistance(dsa),
    };
}

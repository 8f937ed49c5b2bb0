using RnnAtlas.Embedding;
using RnnAtlas.Similarity;
using RnnAtlas.Statistics;

namespace RnnAtlas.Studies;

/// <summary>Settings of the comparison stage (<c>rnnatlas compare</c>).</summary>
public sealed record ComparisonOptions
{
    /// <summary>Metric names (see <see cref="RepresentationalMetrics.Names"/>); default all.</summary>
    public IReadOnlyList<string> Metrics { get; init; } = RepresentationalMetrics.Names;

    /// <summary>Keep every stride-th time step of the probe trials (1 keeps all), to bound memory.</summary>
    public int Stride { get; init; } = 1;

    /// <summary>SVCCA settings.</summary>
    public Svcca Svcca { get; init; } = new();

    /// <summary>k-NN, silhouette and permutation-test settings.</summary>
    public ClusterStatistics Statistics { get; init; } = new();

    /// <summary>Bootstrap settings of the geometry-versus-function analysis.</summary>
    public Dissociation Dissociation { get; init; } = new();

    /// <summary>SMACOF settings.</summary>
    public MetricMds Mds { get; init; } = new();

    /// <summary>The metrics these options name.</summary>
    public IReadOnlyList<IRepresentationalMetric> Resolve(string source) => RepresentationalMetrics.Parse(Metrics, Svcca, source);

    /// <summary>Throws <see cref="InvalidConfigurationException"/> when a setting is out of range.</summary>
    public void Validate(string source)
    {
        InvalidConfigurationException.ThrowIfOutside("stride", Stride, 1, 100_000);
        Svcca.Validate();
        InvalidConfigurationException.ThrowIfOutside("statistics.neighbours", Statistics.Neighbours, 1, 1_000);
        InvalidConfigurationException.ThrowIfOutside("statistics.permutations", Statistics.Permutations, 0, 1_000_000);
        InvalidConfigurationException.ThrowIfOutside("mds.starts", Mds.Starts, 1, 1_000);
        _ = Resolve(source);
    }
}

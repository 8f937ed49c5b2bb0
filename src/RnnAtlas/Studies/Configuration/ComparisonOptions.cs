using RnnAtlas.Embedding;
using RnnAtlas.Similarity;
using RnnAtlas.Statistics;

namespace RnnAtlas.Studies.Configuration;

/// <summary>Settings of the comparison stage (<c>rnnatlas compare</c>).</summary>
public sealed record ComparisonOptions
{
    /// <summary>Metric names (see <see cref="SimilarityMetrics.Names"/>); default all.</summary>
    public IReadOnlyList<string> Metrics { get; init; } = SimilarityMetrics.Names;

    /// <summary>
    /// When set, compare only the members of these stages (<c>trained</c>, <c>untrained</c>, <c>checkpoint-k</c>); the
    /// results go to <c>analysis/&lt;task&gt;-&lt;stages joined by +&gt;/</c> so that they never mix with the comparison of
    /// every member. Default: every member.
    /// </summary>
    public IReadOnlyList<string>? Stages { get; init; }

    /// <summary>Keep every stride-th time step of the probe trials (1 keeps all), to bound memory.</summary>
    public int Stride { get; init; } = 1;

    /// <summary>SVCCA settings.</summary>
    public Svcca Svcca { get; init; } = new();

    /// <summary>Dynamical similarity settings (the <c>dsa</c> and <c>dsa-spectrum</c> metrics).</summary>
    public DsaOptions Dsa { get; init; } = new();

    /// <summary>k-NN, silhouette and permutation-test settings.</summary>
    public ClusterStatistics Statistics { get; init; } = new();

    /// <summary>Bootstrap settings of the geometry-versus-function analysis.</summary>
    public Dissociation Dissociation { get; init; } = new();

    /// <summary>SMACOF settings.</summary>
    public MetricMds Mds { get; init; } = new();

    /// <summary>The metrics these options name.</summary>
    public IReadOnlyList<ISimilarityMetric> Resolve(string source) => SimilarityMetrics.Parse(Metrics, Svcca, Dsa, source);

    /// <summary>Throws <see cref="InvalidConfigurationException"/> when a setting is out of range.</summary>
    public void Validate(string source)
    {
        InvalidConfigurationException.ThrowIfOutside("stride", Stride, 1, 100_000);
        Svcca.Validate();
        Dsa.Validate();
        InvalidConfigurationException.ThrowIfOutside("statistics.neighbours", Statistics.Neighbours, 1, 1_000);
        InvalidConfigurationException.ThrowIfOutside("statistics.permutations", Statistics.Permutations, 0, 1_000_000);
        InvalidConfigurationException.ThrowIfOutside("mds.starts", Mds.Starts, 1, 1_000);
        _ = Resolve(source);
        if (Stages is not null)
        {
            if (Stages.Count == 0)
            {
                throw new InvalidConfigurationException("stages", "(none)", "name at least one stage: trained, untrained or checkpoint-<k>", source);
            }
            foreach (var stage in Stages.Where(s => s is not (Training.NetworkConfig.TrainedStage or Training.NetworkConfig.UntrainedStage)
                && !System.Text.RegularExpressions.Regex.IsMatch(s, "^checkpoint-[0-9]+$")))
            {
                throw new InvalidConfigurationException("stages", stage, "must be trained, untrained or checkpoint-<k>", source);
            }
        }
    }
}

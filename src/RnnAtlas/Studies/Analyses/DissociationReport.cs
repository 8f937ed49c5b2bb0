namespace RnnAtlas.Studies.Analyses;

/// <summary>
/// <c>analysis/&lt;task&gt;/dissociation.json</c>: how far representational geometry tracks function across a task's
/// networks (Maheswaranathan et al. 2019's warning that CCA-like similarity and function can dissociate).
/// </summary>
/// <param name="Schema">Always <see cref="CurrentSchema"/>.</param>
/// <param name="Task">The task's name.</param>
/// <param name="Networks">Networks compared.</param>
/// <param name="Stages">Networks per stage (trained, untrained, checkpoint-k).</param>
/// <param name="Correlations">Every geometry distance against every function distance.</param>
/// <param name="Initialization">Trained networks versus their own untrained initializations, when the study has them.</param>
/// <param name="Finding">What the numbers show, in one or two plain sentences.</param>
public sealed record DissociationReport(
    string Schema,
    string Task,
    int Networks,
    IReadOnlyDictionary<string, int> Stages,
    IReadOnlyList<DissociationEntry> Correlations,
    InitializationComparison? Initialization,
    string Finding)
{
    /// <summary>The schema this version writes.</summary>
    public const string CurrentSchema = "rnnatlas.dissociation/1";
}

/// <summary>One geometry distance against one function distance, over all pairs of networks.</summary>
/// <param name="Geometry">Geometry distance (a metric name).</param>
/// <param name="Function">Function distance: <c>behaviour</c>, <c>performance</c> or <c>topology</c>.</param>
/// <param name="Spearman">Rank correlation.</param>
/// <param name="Low">Bootstrap 2.5th percentile (networks resampled).</param>
/// <param name="High">Bootstrap 97.5th percentile.</param>
/// <param name="Pairs">Pairs.</param>
/// <param name="DiscordantShare">Share of (functionally different, functionally close) pair comparisons in which the different pair is geometrically closer; 0.5 = geometry unrelated to function.</param>
public sealed record DissociationEntry(string Geometry, string Function, double Spearman, double Low, double High, int Pairs, double DiscordantShare);

/// <summary>The comparison the paper's warning rests on, for one geometry metric.</summary>
/// <param name="Metric">The geometry metric (SVCCA).</param>
/// <param name="Networks">Trained networks that have their untrained initialization in the study.</param>
/// <param name="MedianToOwnInitialization">Median distance of a trained network to its own untrained initialization.</param>
/// <param name="MedianToOtherCells">Median distance between trained networks of different cells.</param>
/// <param name="ShareCloserToOwnInitialization">Share of those trained networks that are closer to their own initialization than to the median trained network of another cell.</param>
public sealed record InitializationComparison(string Metric, int Networks, double MedianToOwnInitialization, double MedianToOtherCells, double ShareCloserToOwnInitialization);

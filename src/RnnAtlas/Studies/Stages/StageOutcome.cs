using RnnAtlas.Populations;
using RnnAtlas.Similarity;
using RnnAtlas.Studies.Analyses;
using RnnAtlas.Training;

namespace RnnAtlas.Studies.Stages;

/// <summary>What a finished stage hands back for a front end to summarize; its files are already written.</summary>
public abstract record StageOutcome;

/// <summary>The training stage's networks, in sweep order (training snapshots included).</summary>
/// <param name="Networks">Every network of this run, trained now or found finished.</param>
/// <param name="Shard">The shard trained, when the run was one worker's share.</param>
/// <param name="Searches">Every configuration's hyperparameter search, when the sweep has one.</param>
public sealed record TrainingOutcome(IReadOnlyList<TrainedNetwork> Networks, Shard? Shard, IReadOnlyList<SearchResult> Searches) : StageOutcome;

/// <summary>The fixed-point stage's reports, in id order.</summary>
/// <param name="Networks">Every analysed network with its report.</param>
/// <param name="Shard">The shard analysed (then no study-wide table was written), if any.</param>
public sealed record FixedPointOutcome(IReadOnlyList<(NetworkConfig Config, FixedPointReport Report)> Networks, Shard? Shard) : StageOutcome;

/// <summary>The topology stage's comparison per task (none for a shard).</summary>
/// <param name="Tasks">One scaffold comparison per task.</param>
public sealed record TopologyOutcome(IReadOnlyList<TaskTopology> Tasks) : StageOutcome;

/// <summary>The comparison stage's results per task.</summary>
/// <param name="Tasks">One representational comparison per task.</param>
/// <param name="External">The external activity compared with the networks, if one was given.</param>
public sealed record ComparisonOutcome(IReadOnlyList<TaskComparison> Tasks, ActivityMatrix? External) : StageOutcome;

/// <summary>The report stage's page.</summary>
/// <param name="Index">The path of <c>report/index.html</c>.</param>
public sealed record ReportOutcome(string Index) : StageOutcome;

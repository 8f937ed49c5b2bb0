using RnnAtlas.FixedPoints;
using RnnAtlas.Studies.Analyses;
using RnnAtlas.Training;

namespace RnnAtlas.Studies.Scaffolds;

/// <summary>
/// What one task's trained networks should compute and how RnnAtlas measures it: the task's strategy for every stage
/// after training. A task registers one in <see cref="TaskRegistry"/>; no stage asks which task it has.
/// </summary>
public interface ITaskScaffold
{
    /// <summary>The per-network report's file name (e.g. <c>graph.json</c>).</summary>
    string FileName { get; }

    /// <summary>A one-line statement of what the paper leads one to expect of a trained network's fixed points.</summary>
    string Expectation { get; }

    /// <summary>How the scaffold distance between two networks is computed (recorded with the statistics).</summary>
    string DistanceDescription { get; }

    /// <summary>Whether the scaffold distance is a metric (it satisfies the triangle inequality).</summary>
    bool DistanceIsMetric { get; }

    /// <summary>The fixed-point search settings this task's analysis needs, given the study's.</summary>
    FixedPointOptions SearchOptions(FixedPointOptions options);

    /// <summary>Whether <paramref name="report"/> meets <see cref="Expectation"/>.</summary>
    bool Holds(FixedPointReport report);

    /// <summary>The scaffold of the network in <paramref name="context"/>.</summary>
    ScaffoldReport Analyze(ScaffoldContext context);

    /// <summary>The report stored at <paramref name="path"/>, or null when missing, unreadable or of another schema.</summary>
    ScaffoldReport? Read(string path);

    /// <summary>
    /// One sentence on the scaffold the networks share (the stage's summary line; pass trained networks with their
    /// reports, all of this task).
    /// </summary>
    string Summarize(IReadOnlyList<(NetworkConfig Config, ScaffoldReport Report)> networks);
}

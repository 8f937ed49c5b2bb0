namespace RnnAtlas.Studies;

/// <summary>Progress of a per-network analysis stage, reported after every network.</summary>
/// <param name="Total">Networks the stage covers.</param>
/// <param name="Skipped">Networks whose result was already on disk.</param>
/// <param name="Completed">Networks analysed in this run.</param>
/// <param name="LastFinished">A line about the network that just finished, if any.</param>
public sealed record StageProgress(int Total, int Skipped, int Completed, string? LastFinished);

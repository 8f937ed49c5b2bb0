namespace RnnAtlas.Studies.Stages;

/// <summary>Progress of any study stage, reported as its work advances; the one progress type a front end renders.</summary>
/// <param name="Total">Items the stage covers (networks; for the comparison, the networks of the task in progress).</param>
/// <param name="Skipped">Items whose result was already on disk.</param>
/// <param name="Completed">Items finished in this run.</param>
/// <param name="Work">
/// Work units done in this run toward <paramref name="WorkTotal"/> (training iterations, analysed networks, compared
/// pairs); an item that stops early counts its whole budget, so the remaining work is an upper bound.
/// </param>
/// <param name="WorkTotal">Work units this run can take at most.</param>
/// <param name="Counts">Counts in words, e.g. "3 already done, 2 passed, 0 failed".</param>
/// <param name="LastFinished">A line about the item that just finished, if any.</param>
public sealed record StageProgress(int Total, int Skipped, int Completed, long Work, long WorkTotal, string Counts, string? LastFinished)
{
    /// <summary>Items finished, those found on disk included.</summary>
    public int Done => Skipped + Completed;
}

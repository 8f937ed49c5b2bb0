namespace RnnAtlas.Similarity;

/// <summary>The pairs several workers have finished, reported as a running total after each worker's batch.</summary>
/// <param name="progress">Receives the total.</param>
internal sealed class PairCounter(IProgress<long>? progress)
{
    private readonly Lock _gate = new();
    private long _done;

    /// <summary>Adds <paramref name="pairs"/> finished pairs and reports the total.</summary>
    public void Add(int pairs)
    {
        lock (_gate)
        {
            _done += pairs;
            progress?.Report(_done);
        }
    }
}

namespace RnnAtlas.Similarity;

/// <summary>One worker's similarity-transform searches, one per operator size; not thread-safe.</summary>
/// <param name="RandomStarts">Haar-random starts of each search (<see cref="DsaOptions.RandomStarts"/>).</param>
public sealed record DsaWorkspace(int RandomStarts)
{
    private readonly Dictionary<int, SimilarityTransform> _searches = [];

    /// <summary>The search for operators of size <paramref name="size"/>.</summary>
    public SimilarityTransform For(int size)
    {
        if (!_searches.TryGetValue(size, out var search))
        {
            search = new SimilarityTransform(size, RandomStarts);
            _searches[size] = search;
        }
        return search;
    }
}

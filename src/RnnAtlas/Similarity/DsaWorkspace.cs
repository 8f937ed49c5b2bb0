namespace RnnAtlas.Similarity;

/// <summary>One worker's similarity-transform searches, one per operator size and number of random starts; not thread-safe.</summary>
public sealed class DsaWorkspace
{
    private readonly Dictionary<(int Size, int RandomStarts), SimilarityTransform> _searches = [];

    /// <summary>The search for operators of size <paramref name="size"/> with <paramref name="randomStarts"/> Haar-random starts.</summary>
    public SimilarityTransform For(int size, int randomStarts)
    {
        if (!_searches.TryGetValue((size, randomStarts), out var search))
        {
            search = new SimilarityTransform(size, randomStarts);
            _searches[(size, randomStarts)] = search;
        }
        return search;
    }
}

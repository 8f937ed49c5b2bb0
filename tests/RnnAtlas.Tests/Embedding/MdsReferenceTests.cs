using RnnAtlas.Embedding;
using RnnAtlas.Similarity;
using RnnAtlas.Storage;

namespace RnnAtlas.Tests.Embedding;

/// <summary>
/// Classical MDS and SMACOF against Reference/similarity/mds_refs.json (own numpy classical MDS and
/// scikit-learn 1.2's MDS, from make_similarity_refs.py), at the README's tolerances.
/// </summary>
public sealed class MdsReferenceTests
{
    private const string Reference = "similarity";

    public static TheoryData<string> Cases() => [.. ReferenceData.Json(Reference, "mds_refs.json").GetProperty("cases").EnumerateArray().Select(c => c.GetProperty("name").GetString()!)];

    [Theory]
    [MemberData(nameof(Cases))]
    public void ClassicalMdsMatchesEigenvaluesAndDistances(string name)
    {
        var (distances, c) = Load(name);
        var (embedding, eigenvalues) = ClassicalMds.Embed(distances);
        var expected = ReferenceData.Doubles(c.GetProperty("classical_mds").GetProperty("eigenvalues_desc"));
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], eigenvalues[i], 1e-10 * expected[0]);
        }
        AssertDistances(embedding, Path.Combine(ReferenceData.Folder(Reference), c.GetProperty("classical_mds").GetProperty("embedding_dist_file").GetString()!), 1e-9);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void SmacofFromTheStoredStartsRepeatsScikitLearn(string name)
    {
        var (distances, c) = Load(name);
        var smacof = c.GetProperty("sklearn_smacof");
        var (starts, shape) = NpyFile.Read(Path.Combine(ReferenceData.Folder(Reference), "mds_smacof_inits_random_state0.npy"));
        var size = shape[1] * shape[2];
        var mds = new MetricMds();
        var runs = Enumerable.Range(0, shape[0]).Select(s => mds.Run(distances, starts[(s * size)..((s + 1) * size)], 2)).ToArray();
        foreach (var run in smacof.GetProperty("per_init").EnumerateArray())
        {
            var (embedding, iterations) = runs[run.GetProperty("init_index").GetInt32()];
            var stress = run.GetProperty("stress_returned").GetDouble();
            Assert.Equal(stress, embedding.Stress, 1e-10 * stress + 1e-12);
            Assert.Equal(run.GetProperty("n_iter").GetInt32(), iterations);
        }
        var best = runs.Select(r => r.Embedding).MinBy(e => e.Stress)!;
        Assert.Equal(smacof.GetProperty("stress_").GetDouble(), best.Stress, 1e-10 * best.Stress + 1e-12);
        AssertDistances(best, Path.Combine(ReferenceData.Folder(Reference), smacof.GetProperty("embedding_dist_file").GetString()!), 1e-8);
    }

    [Fact]
    public void SeededSmacofIsReproducibleAndNoWorseThanClassicalOnNonEuclideanData()
    {
        var (distances, _) = Load("noisy_2d");
        var first = new MetricMds(Seed: 7).Embed(distances);
        var second = new MetricMds(Seed: 7).Embed(distances);
        Assert.Equal(first.Coordinates, second.Coordinates);
        Assert.True(first.Stress < ClassicalMds.Embed(distances).Embedding.Stress);
    }

    [Fact]
    public void IdenticalItemsAllLandOnTheOrigin()
    {
        var distances = new DistanceMatrix(new double[16], 4, "zeros");
        var (embedding, _) = ClassicalMds.Embed(distances);
        Assert.All(embedding.Coordinates, c => Assert.Equal(0, c));
        Assert.Equal(0, new MetricMds().Embed(distances).Stress);
    }

    private static void AssertDistances(RnnAtlas.Embedding.Embedding embedding, string file, double tolerance)
    {
        var (expected, _) = NpyFile.Read(file);
        for (var i = 0; i < embedding.Count; i++)
        {
            for (var j = 0; j < embedding.Count; j++)
            {
                Assert.Equal(expected[i * embedding.Count + j], embedding.Distance(i, j), tolerance);
            }
        }
    }

    private static (DistanceMatrix Distances, System.Text.Json.JsonElement Case) Load(string name)
    {
        var c = ReferenceData.Json(Reference, "mds_refs.json").GetProperty("cases").EnumerateArray().Single(e => e.GetProperty("name").GetString() == name);
        var file = Path.Combine(ReferenceData.Folder(Reference), c.GetProperty("D_file").GetString()!);
        var (values, shape) = NpyFile.Read(file);
        return (new DistanceMatrix(values, shape[0], file), c);
    }
}

using System.Text.Json;
using RnnAtlas.Similarity;

namespace RnnAtlas.Tests.Similarity;

/// <summary>
/// Every metric against the values the field's own code computed (google/svcca, netrep, own cross-checks) in
/// Reference/similarity, made by make_similarity_refs.py there, at the tolerances its README gives.
/// </summary>
public sealed class ReferenceValueTests
{
    private const string Reference = "similarity";

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var c in ReferenceData.Json(Reference, "similarity_refs.json").GetProperty("cases").EnumerateArray())
        {
            data.Add(c.GetProperty("name").GetString()!);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void CanonicalCorrelationsMatchDirectCca(string name)
    {
        var (pair, metrics) = Load(name);
        var cca = metrics.GetProperty("cca");
        var expected = ReferenceData.Doubles(cca.GetProperty("coefs_direct"));
        var actual = pair.CanonicalCorrelations().Concat(Enumerable.Repeat(0.0, expected.Length)).Take(expected.Length).ToArray();
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], actual[i], 1e-9);
        }
        Assert.Equal(cca.GetProperty("mean_direct").GetDouble(), new Cca().Compare(pair).Similarity, 1e-9);
        Assert.Equal(cca.GetProperty("numerical_rank_X").GetInt32(), pair.A.Rank);
        Assert.Equal(cca.GetProperty("numerical_rank_Y").GetInt32(), pair.B.Rank);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void SvccaKeepsTheSameComponentsAndMatches(string name)
    {
        var (pair, metrics) = Load(name);
        foreach (var (key, metric) in new[] { ("svcca_var99", new Svcca()), ("svcca_k10", new Svcca(FixedDirections: 10)) })
        {
            var expected = metrics.GetProperty(key);
            Assert.Equal(expected.GetProperty("kx").GetInt32(), metric.Components(pair.A));
            Assert.Equal(expected.GetProperty("ky").GetInt32(), metric.Components(pair.B));
            var value = metric.Compare(pair);
            Assert.Equal(expected.GetProperty("mean_svcca").GetDouble(), value.Similarity, 1e-9);
            Assert.Equal(expected.GetProperty("distance_1_minus_mean_svcca").GetDouble(), value.Distance, 1e-9);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void PwccaMatchesThePaperFormula(string name)
    {
        var (pair, metrics) = Load(name);
        var pwcca = metrics.GetProperty("pwcca");
        Assert.Equal(pwcca.GetProperty("centered_paper_formula").GetDouble(), new Pwcca().Compare(pair).Similarity, 1e-9);
        var weights = ReferenceData.Doubles(pwcca.GetProperty("centered_paper_formula_weights"));
        var rho = pair.CanonicalCorrelations();
        var actual = Pwcca.Weights(pair);
        Assert.Equal(weights.Length, actual.Length);
        // Weights of directions with equal correlations are defined only as a group; compare where ρ is distinct.
        for (var i = 0; i < weights.Length; i++)
        {
            if (i < rho.Length && (i == 0 || rho[i - 1] - rho[i] > 1e-6) && (i + 1 >= rho.Length || rho[i] - rho[i + 1] > 1e-6))
            {
                Assert.Equal(weights[i], actual[i], 1e-8);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void CkaProcrustesAndShapeMatchNetrep(string name)
    {
        var (pair, metrics) = Load(name);
        var cka = metrics.GetProperty("linear_cka");
        var ckaValue = new LinearCka().Compare(pair);
        Assert.Equal(cka.GetProperty("kornblith_own").GetDouble(), ckaValue.Similarity, 1e-12);
        AssertAngle(cka.GetProperty("netrep_LinearCKA_angular_distance").GetDouble(), ckaValue.Distance);
        AssertAngle(metrics.GetProperty("netrep_linear_alpha1").GetProperty("distance").GetDouble(), new ProcrustesDistance().Compare(pair).Distance);
        AssertAngle(metrics.GetProperty("netrep_linear_alpha0").GetProperty("distance").GetDouble(), new CcaShapeDistance().Compare(pair).Distance);
    }

    private static void AssertAngle(double expected, double actual) =>
        // arccos(1 − δ) ≈ √(2δ) turns round-off of 1e-16 into ~2e-8 where the true distance is 0 (reference README).
        Assert.Equal(expected, actual, expected < 1e-6 ? 1e-7 : 1e-9);

    private static (SubspacePair Pair, JsonElement Metrics) Load(string name)
    {
        var folder = ReferenceData.Folder(Reference);
        var c = ReferenceData.Json(Reference, "similarity_refs.json").GetProperty("cases").EnumerateArray()
            .Single(e => e.GetProperty("name").GetString() == name);
        var x = Subspace.Prepare(ActivityMatrix.Read(Path.Combine(folder, c.GetProperty("X_file").GetString()!)));
        var y = Subspace.Prepare(ActivityMatrix.Read(Path.Combine(folder, c.GetProperty("Y_file").GetString()!)));
        return (new SubspacePair(x, y), c.GetProperty("metrics"));
    }
}

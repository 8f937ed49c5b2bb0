using System.Numerics;
using System.Text.Json;
using RnnAtlas.Numerics;
using RnnAtlas.Similarity;
using RnnAtlas.Storage;

namespace RnnAtlas.Tests.Similarity;

/// <summary>
/// Dynamical similarity analysis against mitchellostrow/DSA (commit 8cbddcf) in Reference/dsa, made by make_dsa_refs.py
/// there, at the tolerances its README recommends: the Hankel SVD, both operators and their spectra, the Wasserstein
/// score, the angular score of the reference's own C*, and the optimised distance against the float64 global minimum.
/// </summary>
public sealed class DsaReferenceTests
{
    private const string Reference = "dsa";

    public static TheoryData<string> Cases() => Names(_ => true);

    public static TheoryData<string> EqualSizeCases() => Names(c => c.TryGetProperty("angular", out var angular) && angular.ValueKind == JsonValueKind.Object);

    [Theory]
    [MemberData(nameof(Cases))]
    public void OperatorsSingularValuesAndSpectraMatch(string name)
    {
        var c = Case(name);
        foreach (var side in new[] { "X", "Y" })
        {
            var dmd = Fit(c, side);
            var expected = c.GetProperty("dmd").GetProperty(side);
            var singular = ReferenceData.Doubles(expected.GetProperty("singular_values"));
            Assert.Equal(singular.Length, dmd.SingularValues.Length);
            for (var i = 0; i < singular.Length; i++)
            {
                Assert.True(Math.Abs(dmd.SingularValues[i] - singular[i]) <= 1e-10 * singular[i], $"{side} σ{i}: {dmd.SingularValues[i]:R} vs {singular[i]:R}");
            }
            Assert.Equal(expected.GetProperty("rank_used").GetInt32(), dmd.Rank);
            AssertClose(Array(expected.GetProperty("A_full_file")), dmd.FullOperator(), $"{side} A_full");
            // Singular vectors' signs are arbitrary: A → D A D with d_j = sign(u_port,j · u_ref,j).
            var (uRef, _) = NpyFile.Read(Path.Combine(ReferenceData.Folder(Reference), expected.GetProperty("U_file").GetString()!));
            var (r, d) = (dmd.Rank, dmd.EmbeddingWidth);
            var signs = Enumerable.Range(0, r).Select(j => Math.Sign(Enumerable.Range(0, d).Sum(i => dmd.LeftVectors[i * r + j] * uRef[i * r + j]))).ToArray();
            var aligned = new double[r * r];
            for (var i = 0; i < r; i++)
            {
                for (var j = 0; j < r; j++)
                {
                    aligned[i * r + j] = signs[i] * signs[j] * dmd.Operator[i * r + j];
                }
            }
            AssertClose(Array(expected.GetProperty("A_file")), aligned, $"{side} A");
            var eigenvalues = expected.GetProperty("eigenvalues_sorted").EnumerateArray().Select(p => new Complex(p[0].GetDouble(), p[1].GetDouble())).ToArray();
            var radius = expected.GetProperty("spectral_radius").GetDouble();
            Assert.True(MatchedDifference(eigenvalues, dmd.Eigenvalues!) <= 1e-8 * Math.Max(1, radius), $"{side} eigenvalues");
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void WassersteinMatchesTheEigenvaluePath(string name)
    {
        var c = Case(name);
        var expected = c.GetProperty("wasserstein").GetProperty("reference_eigenvalue_path").GetDouble();
        Assert.Equal(expected, SpectralWasserstein.Squared(Fit(c, "X").Eigenvalues!, Fit(c, "Y").Eigenvalues!), 1e-8);
    }

    [Theory]
    [MemberData(nameof(EqualSizeCases))]
    public void TheAngleOfTheReferencesOwnTransformMatches(string name)
    {
        var c = Case(name);
        var (a, b) = (Array(c.GetProperty("dmd").GetProperty("X").GetProperty("A_file")), Array(c.GetProperty("dmd").GetProperty("Y").GetProperty("A_file")));
        var angular = c.GetProperty("angular");
        var transform = Array(angular.GetProperty("Cstar_file"));
        var n = (int)Math.Sqrt(a.Length);
        Assert.Equal(angular.GetProperty("angular_from_stored_Cstar_float64").GetDouble(), new SimilarityTransform(n, 0).Angle(a, b, transform), 1e-6);
    }

    /// <summary>
    /// The README's rules: no worse than one reference run (+1e-4), within 1e-3 of the best of its 21 runs, never below
    /// the float64 global minimum (−1e-6); and, since the global minimum is reached, d(A, B) = d(B, A) and d(A, A) = 0.
    /// </summary>
    [Theory]
    [MemberData(nameof(EqualSizeCases))]
    public void TheOptimisedDistanceReachesTheGlobalMinimum(string name)
    {
        var c = Case(name);
        var (a, b) = (Array(c.GetProperty("dmd").GetProperty("X").GetProperty("A_file")), Array(c.GetProperty("dmd").GetProperty("Y").GetProperty("A_file")));
        var n = (int)Math.Sqrt(a.Length);
        var search = new SimilarityTransform(n, new DsaOptions().RandomStarts);
        var fit = search.Fit(a, b);
        AssertOrthogonal(fit.Transform, n);
        Assert.Equal(fit.Angle, search.Angle(a, b, fit.Transform), 1e-6);
        var global = c.GetProperty("float64_global");
        var best = c.GetProperty("best_of_many");
        foreach (var (value, kind) in new[] { (fit.Angle, "angular"), (fit.Euclidean, "euclidean") })
        {
            var reference = c.GetProperty(kind).GetProperty("reference").GetDouble();
            Assert.True(value <= reference + 1e-4, $"{kind} {value:R} worse than one reference run {reference:R}");
            Assert.True(Math.Abs(value - best.GetProperty($"{kind}_best_of_many").GetDouble()) <= 1e-3, $"{kind} {value:R} vs best of many");
            Assert.True(value >= global.GetProperty($"{kind}_min").GetDouble() - 1e-6, $"{kind} {value:R} below the global minimum");
            Assert.True(value <= global.GetProperty($"{kind}_min").GetDouble() + 1e-6, $"{kind} {value:R} above the global minimum {global.GetProperty($"{kind}_min").GetDouble():R}");
        }
        Assert.Equal(fit.Angle, search.Fit(b, a).Angle, 1e-6);
        Assert.True(search.Fit(a, a).Angle <= 1e-6);
    }

    private static void AssertOrthogonal(double[] c, int n)
    {
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                var dot = Enumerable.Range(0, n).Sum(k => c[k * n + i] * c[k * n + j]);
                Assert.Equal(i == j ? 1 : 0, dot, 1e-10);
            }
        }
    }

    private static TheoryData<string> Names(Func<JsonElement, bool> keep)
    {
        var data = new TheoryData<string>();
        foreach (var c in ReferenceData.Json(Reference, "dsa_refs.json").GetProperty("cases").EnumerateArray().Where(keep))
        {
            data.Add(c.GetProperty("name").GetString()!);
        }
        return data;
    }

    private static JsonElement Case(string name) =>
        ReferenceData.Json(Reference, "dsa_refs.json").GetProperty("cases").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);

    private static double[] Array(JsonElement file) => NpyFile.Read(Path.Combine(ReferenceData.Folder(Reference), file.GetString()!)).Values;

    /// <summary>The side's operator, fitted from its activity file ([time, units] or [trials, time, units]) with the case's settings.</summary>
    internal static HavokDmd Fit(JsonElement c, string side)
    {
        var (values, shape) = NpyFile.Read(Path.Combine(ReferenceData.Folder(Reference), c.GetProperty($"{side}_file").GetString()!));
        var settings = c.GetProperty("dmd_settings");
        var options = new DsaOptions
        {
            Units = 0,
            Delays = settings.GetProperty("n_delays").GetInt32(),
            DelayInterval = settings.GetProperty("delay_interval").GetInt32(),
            Rank = settings.GetProperty("rank").ValueKind == JsonValueKind.Number ? settings.GetProperty("rank").GetInt32() : 0,
            Ridge = settings.GetProperty("lamb").GetDouble(),
        };
        return HavokDmd.Fit(values, shape.Length == 3 ? shape[0] : 1, shape[^1], options, side);
    }

    private static void AssertClose(double[] expected, double[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        var scale = expected.Max(Math.Abs);
        var worst = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
        Assert.True(worst <= 1e-8 * scale, $"{what}: max |Δ| {worst:R} > 1e-8 × {scale:R}");
    }

    /// <summary>The largest |λ − μ| under the matching that minimises the total squared difference.</summary>
    private static double MatchedDifference(Complex[] expected, IReadOnlyList<Complex> actual)
    {
        var n = expected.Length;
        Assert.Equal(n, actual.Count);
        var cost = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                cost[i * n + j] = Complex.Abs(expected[i] - actual[j]) * Complex.Abs(expected[i] - actual[j]);
            }
        }
        var match = LinearAssignment.Solve(cost, n);
        return Enumerable.Range(0, n).Max(i => Complex.Abs(expected[i] - actual[match[i]]));
    }
}

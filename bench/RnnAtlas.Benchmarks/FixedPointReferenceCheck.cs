using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using RnnAtlas.FixedPoints;
using RnnAtlas.Networks;
using RnnAtlas.Storage;
using RnnAtlas.Studies;
using RnnAtlas.Studies.Analyses;

namespace RnnAtlas.Benchmarks;

/// <summary>
/// <c>bench fixedpoints-reference STUDY</c>: every analysed network of a study against the exhaustive reference search
/// (<c>reference_fixed_points.py</c>: plain float64 Newton in PyTorch from 8,192 starts, autograd Jacobians, LAPACK
/// eigenvalues; no code shared with RnnAtlas). Per network and condition: the counts of points by number of unstable
/// dimensions from <c>fixedpoints.json</c> and from the reference, whether they agree, the saturation flag and the
/// wall time of each; where the counts differ, each point one side found and the other did not, evaluated by the
/// reference's own cell code (<c>verify_fixed_points.py</c>: q and index), so that a search that found more can be told
/// from one that found something false. Run <c>rnnatlas fixedpoints STUDY</c> first.
/// With <c>--export DIR</c> it only writes each network-condition's inputs for the reference (weights, every second
/// trajectory sample as float32, input) and <c>DIR/jobs.tsv</c>, so that the reference can run elsewhere (e.g. on a GPU with
/// <c>--device cuda</c>, see <c>run_reference_jobs.sh</c>); with <c>--import DIR</c> it compares against the
/// <c>DIR/results/&lt;job&gt;.json</c> lines that run wrote instead of running the reference itself.
/// </summary>
internal static class FixedPointReferenceCheck
{
    public static int Run(string[] args)
    {
        var root = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? throw new ArgumentException("usage: fixedpoints-reference STUDY [--starts 8192] [--match ID-PART[,ID-PART…]]");
        var python = args.SkipWhile(a => a != "--python").Skip(1).FirstOrDefault() ?? "/usr/bin/python3";
        var starts = PythonPeer.Option(args, "--starts", 8192);
        var match = (args.SkipWhile(a => a != "--match").Skip(1).FirstOrDefault() ?? "").Split(',');
        var export = args.SkipWhile(a => a != "--export").Skip(1).FirstOrDefault();
        var import = args.SkipWhile(a => a != "--import").Skip(1).FirstOrDefault();
        var jobs = new List<string>();
        var study = StudyFolder.Open(root);
        var scratch = Directory.CreateTempSubdirectory("rnnatlas-reference-");
        int agree = 0, total = 0, supersets = 0;
        Console.WriteLine($"{"network",-44} {"condition",-12} {"RnnAtlas by index",-22} {"reference by index",-22} {"same",5} {"sat.",5} {"starts",7}");
        foreach (var config in AnalysisFolder.Members(study, study.NetworkIds()))
        {
            if (!match.Any(m => config.Id.Value.Contains(m, StringComparison.Ordinal)) || FixedPointAnalysis.Stored(study, config.Id) is not { } report)
            {
                continue;
            }
            var network = new RecurrentNetwork<double>(study.ReadParameters(config).Convert<double>());
            var (trajectories, _) = network.Run(config.Task.ProbeTrials());
            var weights = Path.Combine(study.NetworkFolder(config.Id), "weights.safetensors");
            var trajectoryPath = Path.Combine(scratch.FullName, "trajectories.npy");
            NpyFile.Write(trajectoryPath, trajectories, trajectories.Length / network.Shape.StateSize, network.Shape.StateSize);
            if (export is not null)
            {
                Directory.CreateDirectory(Path.Combine(export, config.Id.Value));
                File.Copy(weights, Path.Combine(export, config.Id.Value, "weights.safetensors"), true);
                // Every second sample, as float32, keeps 32 networks' inputs under the 64 MiB a GPU run may carry.
                var size = network.Shape.StateSize;
                var kept = Enumerable.Range(0, trajectories.Length / size).Where(k => k % 2 == 0).ToList();
                NpyFile.Write(Path.Combine(export, config.Id.Value, "trajectories.npy"), [.. kept.SelectMany(k => trajectories.AsSpan(k * size, size).ToArray().Select(v => (float)v))], kept.Count, size);
            }
            foreach (var condition in report.Conditions)
            {
                var converged = condition.Points.Where(p => p.Status == FixedPointStatus.Converged).ToList();
                var ours = Counts(converged.Select(p => p.UnstableDimensions));
                var input = string.Join(',', condition.Input.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
                var job = $"{config.Id.Value}.{condition.Name}";
                if (export is not null)
                {
                    jobs.Add($"{job}\t{config.Id.Value}\t{config.Cell.ToString().ToLowerInvariant()}\t{config.Activation.ToString().ToLowerInvariant()}\t{input}");
                    continue;
                }
                var clock = Stopwatch.StartNew();
                var reference = import is not null
                    ? JsonDocument.Parse(File.ReadAllLines(Path.Combine(import, "results", $"{job}.json")).Last(l => l.StartsWith('{'))).RootElement.Clone()
                    : PythonPeer.Run(python, "reference_fixed_points.py",
                        [weights, config.Cell.ToString().ToLowerInvariant(), config.Activation.ToString().ToLowerInvariant(), trajectoryPath, input,
                         Path.Combine(scratch.FullName, "reference.json"), "--starts", $"{starts}", "--threads", $"{Environment.ProcessorCount}"]);
                var theirs = reference.GetProperty("by_index").EnumerateArray().Select(e => e.GetInt32()).ToArray();
                var same = ours.SequenceEqual(theirs);
                agree += same ? 1 : 0;
                total++;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{config.Id.Value,-44} {condition.Name,-12} {Show(ours),-22} {Show(theirs),-22} {(same ? "yes" : "NO"),5} {(condition.Saturation.Saturated ? "yes" : "no"),5} {condition.Saturation.Starts,7}  (reference {(import is null ? clock.Elapsed.TotalSeconds : reference.GetProperty("seconds").GetDouble()):0.0} s)"));
                if (!same)
                {
                    var oursPath = Path.Combine(scratch.FullName, "ours.npy");
                    NpyFile.Write(oursPath, [.. converged.SelectMany(p => p.State)], converged.Count, network.Shape.StateSize);
                    var referencePoints = import is not null ? Path.Combine(import, "results", $"{job}.points.json") : Path.Combine(scratch.FullName, "reference.json");
                    var verdict = PythonPeer.Run(python, "verify_fixed_points.py",
                        [weights, config.Cell.ToString().ToLowerInvariant(), config.Activation.ToString().ToLowerInvariant(), input, trajectoryPath, oursPath,
                         string.Join(',', converged.Select(p => p.UnstableDimensions)), referencePoints]);
                    var oursOnly = Difference(verdict.GetProperty("ours_only"));
                    var theirsOnly = Difference(verdict.GetProperty("reference_only"));
                    supersets += theirsOnly.Count == 0 && oursOnly.All(p => p.Q <= 1e-20 && p.Unstable == p.Reported) ? 1 : 0;
                    Console.WriteLine($"    RnnAtlas only: {Describe(oursOnly)}; reference only: {Describe(theirsOnly)}");
                }
            }
        }
        scratch.Delete(true);
        if (export is not null)
        {
            File.WriteAllLines(Path.Combine(export, "jobs.tsv"), jobs);
            Console.WriteLine($"{jobs.Count} jobs written to {Path.Combine(export, "jobs.tsv")}");
            return 0;
        }
        Console.WriteLine($"{agree}/{total} network-conditions have the reference's counts by index; of the others, {supersets} hold every reference point and more, each a root of the reference's cell code with the index RnnAtlas reports");
        return agree == total ? 0 : 1;
    }

    /// <summary>The points one search found and the other did not, as <c>verify_fixed_points.py</c> evaluated them.</summary>
    private static List<(double Q, int Unstable, int Reported)> Difference(JsonElement points) =>
        [.. points.EnumerateArray().Select(p => (p.GetProperty("q").GetDouble(), p.GetProperty("unstable").GetInt32(), p.GetProperty("reported").GetInt32()))];

    private static string Describe(List<(double Q, int Unstable, int Reported)> points) => points.Count == 0 ? "none"
        : string.Create(CultureInfo.InvariantCulture,
            $"{points.Count} (index {string.Join(',', points.Select(p => p.Reported))}; by the reference's cell code q ≤ {points.Max(p => p.Q):0.0e0}, index {string.Join(',', points.Select(p => p.Unstable))})");

    private static int[] Counts(IEnumerable<int> indices)
    {
        var list = indices.ToList();
        return list.Count == 0 ? [] : [.. Enumerable.Range(0, list.Max() + 1).Select(i => list.Count(k => k == i))];
    }

    private static string Show(int[] counts) => string.Join('/', counts);
}

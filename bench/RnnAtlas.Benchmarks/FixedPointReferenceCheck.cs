using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using RnnAtlas.FixedPoints;
using RnnAtlas.Networks;
using RnnAtlas.Storage;
using RnnAtlas.Studies;

namespace RnnAtlas.Benchmarks;

/// <summary>
/// <c>bench fixedpoints-reference STUDY</c>: every analysed network of a study against the exhaustive reference search
/// (<c>reference_fixed_points.py</c>: plain float64 Newton in PyTorch from 8,192 starts, autograd Jacobians, LAPACK
/// eigenvalues; no code shared with RnnAtlas). Per network and condition: the counts of points by number of unstable
/// dimensions from <c>fixedpoints.json</c> and from the reference, whether they agree, the saturation flag and the
/// wall time of each. Run <c>rnnatlas fixedpoints STUDY</c> first.
/// </summary>
internal static class FixedPointReferenceCheck
{
    public static int Run(string[] args)
    {
        var root = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? throw new ArgumentException("usage: fixedpoints-reference STUDY [--starts 8192] [--match ID-PART]");
        var python = args.SkipWhile(a => a != "--python").Skip(1).FirstOrDefault() ?? "/usr/bin/python3";
        var starts = PythonPeer.Option(args, "--starts", 8192);
        var match = args.SkipWhile(a => a != "--match").Skip(1).FirstOrDefault() ?? "";
        var study = StudyFolder.Open(root);
        var scratch = Directory.CreateTempSubdirectory("rnnatlas-reference-");
        int agree = 0, total = 0;
        Console.WriteLine($"{"network",-44} {"condition",-12} {"RnnAtlas by index",-22} {"reference by index",-22} {"same",5} {"sat.",5} {"starts",7}");
        foreach (var config in AnalysisFolder.Members(study, study.NetworkIds()))
        {
            if (!config.Id.Value.Contains(match, StringComparison.Ordinal) || FixedPointAnalysis.Stored(study, config.Id) is not { } report)
            {
                continue;
            }
            var network = new RecurrentNetwork<double>(study.ReadParameters(config).Convert<double>());
            var (trajectories, _) = network.Run(config.Task.ProbeTrials());
            var trajectoryPath = Path.Combine(scratch.FullName, "trajectories.npy");
            NpyFile.Write(trajectoryPath, trajectories, trajectories.Length / network.Shape.StateSize, network.Shape.StateSize);
            foreach (var condition in report.Conditions)
            {
                var ours = Counts(condition.Points.Where(p => p.Status == FixedPointStatus.Converged).Select(p => p.UnstableDimensions));
                var clock = Stopwatch.StartNew();
                var reference = PythonPeer.Run(python, "reference_fixed_points.py",
                    [Path.Combine(study.NetworkFolder(config.Id), "weights.safetensors"), config.Cell.ToString().ToLowerInvariant(),
                     config.Activation.ToString().ToLowerInvariant(), trajectoryPath,
                     string.Join(',', condition.Input.Select(v => v.ToString("R", CultureInfo.InvariantCulture))),
                     Path.Combine(scratch.FullName, "reference.json"), "--starts", $"{starts}", "--threads", $"{Environment.ProcessorCount}"]);
                var theirs = reference.GetProperty("by_index").EnumerateArray().Select(e => e.GetInt32()).ToArray();
                var same = ours.SequenceEqual(theirs);
                agree += same ? 1 : 0;
                total++;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{config.Id.Value,-44} {condition.Name,-12} {Show(ours),-22} {Show(theirs),-22} {(same ? "yes" : "NO"),5} {(condition.Saturation.Saturated ? "yes" : "no"),5} {condition.Saturation.Starts,7}  (reference {clock.Elapsed.TotalSeconds:0.0} s)"));
            }
        }
        scratch.Delete(true);
        Console.WriteLine($"{agree}/{total} network-conditions have the reference's counts by index");
        return agree == total ? 0 : 1;
    }

    private static int[] Counts(IEnumerable<int> indices)
    {
        var list = indices.ToList();
        return list.Count == 0 ? [] : [.. Enumerable.Range(0, list.Max() + 1).Select(i => list.Count(k => k == i))];
    }

    private static string Show(int[] counts) => string.Join('/', counts);
}

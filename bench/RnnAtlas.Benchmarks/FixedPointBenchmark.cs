using System.Diagnostics;
using System.Globalization;
using RnnAtlas.Cells;
using RnnAtlas.FixedPoints;
using RnnAtlas.Networks;
using RnnAtlas.Numerics;
using RnnAtlas.Populations;
using RnnAtlas.Storage;
using RnnAtlas.Studies;
using RnnAtlas.Studies.Analyses;
using Lin = RnnAtlas.Linearization.Linearization;

namespace RnnAtlas.Benchmarks;

/// <summary>
/// <c>bench fixedpoints</c>: trained 3-bit flip-flop networks (vanilla-tanh, LSTM-tanh and GRU-tanh at H = 64 and 128 by
/// default; one seed each, trained with the study defaults) analysed by RnnAtlas (descent, Newton polish, root search to
/// saturation, linearization of every kept point) and by FixedPointFinderTorch's recipe in a PyTorch script (Adam on q
/// at its defaults, unique points, distance outliers, Jacobians and eigenvalues), from the same 1,024 initial states,
/// with the same thread count, in one invocation: per network the wall time of each (median of repeats), the ratio,
/// and the complete set each engine finds as counts of points by index (unstable dimensions).
/// </summary>
internal static class FixedPointBenchmark
{
    /// <summary>
    /// Runs before the timed ones: tiered compilation promotes a hot method to optimized code only after 30 calls and a
    /// background delay, so with one warm-up run the first and third timed runs still ran partly unoptimized code (measured on
    /// vanilla-tanh-64, 9 runs after one warm-up: 0.324, 0.229, 0.307, then 0.236–0.247 s).
    /// </summary>
    private const int WarmUpRuns = 3;

    public static int Run(string[] args)
    {
        var python = args.SkipWhile(a => a != "--python").Skip(1).FirstOrDefault() ?? "/usr/bin/python3";
        var repeats = PythonPeer.Option(args, "--repeats", 3);
        var cells = (args.SkipWhile(a => a != "--cells").Skip(1).FirstOrDefault() ?? "vanilla,lstm,gru").Split(',').Select(c => Enum.Parse<CellKind>(c, true)).ToList();
        var sizes = (args.SkipWhile(a => a != "--hidden").Skip(1).FirstOrDefault() ?? "64,128").Split(',').Select(h => int.Parse(h, CultureInfo.InvariantCulture)).ToList();
        var folder = Path.Combine(Path.GetTempPath(), "rnnatlas-bench-fixedpoints");
        var sweep = new Sweep { Cells = cells, Activations = [Activation.Tanh], HiddenSizes = sizes, Seeds = [0] };
        var study = StudyFolder.CreateOrOpen(folder, sweep);
        var trained = new PopulationTrainer(study, Environment.ProcessorCount).Train(sweep.Expand(), null, default);
        var threads = Environment.ProcessorCount;
        Console.WriteLine($"{"network",-40} {"RnnAtlas s",10} {"starts",7} {"by index",-14} {"peer s",8} {"peer by index",-14} {"ratio",7}");
        foreach (var network in trained)
        {
            Console.WriteLine(Compare(python, repeats, threads, study, network, folder, args.Contains("--no-peer")));
        }
        Console.WriteLine($"(medians of {repeats} runs each, after {WarmUpRuns} untimed RnnAtlas warm-up runs; both engines start from the same 1,024 initial states on {threads} threads, the peer's OpenBLAS on 1 or {threads} threads, whichever is faster; RnnAtlas adds its root-search starts; by index: points with 0/1/2/… unstable directions)");
        return 0;
    }

    private static string Compare(string python, int repeats, int threads, StudyFolder study, TrainedNetwork trained, string folder, bool noPeer)
    {
        var config = trained.Config;
        var network = new RecurrentNetwork<double>(study.ReadParameters(config).Convert<double>());
        var (trajectories, _) = network.Run(config.Task.ProbeTrials());
        var condition = config.Task.AnalysisConditions()[0];
        var options = new FixedPointOptions { InitialStates = 1024 };
        var starts = new FixedPointSearch(network, options).InitialStates(condition, trajectories);
        var startsPath = Path.Combine(folder, "starts.npy");
        NpyFile.Write(startsPath, starts, options.InitialStates, network.Shape.StateSize);

        var ours = new List<double>();
        FixedPointSet? set = null;
        List<Lin>? linearizations = null;
        // Untimed runs first: they compile the hot paths (the peer's timings likewise start after PyTorch is loaded).
        for (var r = -WarmUpRuns; r < repeats; r++)
        {
            var clock = Stopwatch.StartNew();
            set = new FixedPointSearch(network, options, threads).Find(condition, trajectories);
            linearizations = [.. FixedPointAnalysis.Linearize(network, set.Points, options.StabilityTolerance, threads).Select(l => l!)];
            if (r >= 0)
            {
                ours.Add(clock.Elapsed.TotalSeconds);
            }
        }
        var byIndex = ByIndex(set!.Points.Zip(linearizations!).Where(p => p.First.Status == FixedPointStatus.Converged).Select(p => p.Second.UnstableDimensions));
        var oursMedian = Median.Of(ours);
        var name = $"{config.Cell.ToString().ToLowerInvariant()}-tanh-h{config.HiddenSize} ({trained.Metrics.Iterations} it.)";
        if (noPeer)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{name,-40} {oursMedian,10:0.000} {set.Candidates,7} {byIndex,-14}");
        }
        var weights = Path.Combine(study.NetworkFolder(config.Id), "weights.safetensors");
        // PyTorch runs on `threads` intra-op threads; OpenBLAS starts its own threads unless told otherwise, which
        // oversubscribes the cores on some networks (vanilla-64: 2.6–4.0 s with both at 2, 1.25–1.45 s with BLAS on 1).
        // The peer runs with each BLAS thread count and its faster median counts.
        var (peerSeconds, peerByIndex, blasThreads) = new[] { 1, threads }.Distinct().Select(blas =>
        {
            var runs = Enumerable.Range(0, repeats).Select(_ => PythonPeer.Run(python, "torch_fixed_points_peer.py",
                [weights, config.Cell.ToString().ToLowerInvariant(), "tanh", startsPath, Path.Combine(folder, "peer_points.npy"), "--threads", $"{threads}"], blas)).ToList();
            return (Seconds: Median.Of(runs.Select(j => j.GetProperty("seconds").GetDouble())),
                ByIndex: string.Join('/', runs[0].GetProperty("by_index").EnumerateArray().Select(e => e.GetInt32())), Blas: blas);
        }).MinBy(r => r.Seconds);
        return string.Create(CultureInfo.InvariantCulture,
            $"{name,-40} {oursMedian,10:0.000} {set.Candidates,7} {byIndex,-14} {peerSeconds,8:0.000} {(peerByIndex.Length == 0 ? "-" : peerByIndex),-14} {peerSeconds / oursMedian,6:0.00}x (peer's BLAS on {blasThreads} thread{(blasThreads == 1 ? "" : "s")})");
    }

    private static string ByIndex(IEnumerable<int> indices)
    {
        var list = indices.ToList();
        return list.Count == 0 ? "-" : string.Join('/', Enumerable.Range(0, list.Max() + 1).Select(i => list.Count(k => k == i)));
    }
}

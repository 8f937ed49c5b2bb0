using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using RnnAtlas.Cells;
using RnnAtlas.FixedPoints;
using RnnAtlas.Networks;
using RnnAtlas.Numerics;
using RnnAtlas.Populations;
using RnnAtlas.Storage;
using RnnAtlas.Studies;
using RnnAtlas.Tasks;
using Lin = RnnAtlas.Linearization.Linearization;

namespace RnnAtlas.Benchmarks;

/// <summary>
/// <c>bench fixedpoints</c>: one trained 3-bit flip-flop GRU-128 analysed at zero input by RnnAtlas (search + polish +
/// linearization of every kept point) and by FixedPointFinderTorch's recipe in a PyTorch script (Adam on q at its
/// defaults, unique points, distance outliers, Jacobians and eigenvalues), from the same 1,024 initial states, in one
/// invocation: wall time of each (median of repeats), the ratio, and whether both found the same stable points.
/// </summary>
internal static class FixedPointBenchmark
{
    public static int Run(string[] args)
    {
        var python = args.SkipWhile(a => a != "--python").Skip(1).FirstOrDefault() ?? "/usr/bin/python3";
        var repeats = PythonPeer.Option(args, "--repeats", 3);
        var folder = Path.Combine(Path.GetTempPath(), "rnnatlas-bench-fixedpoints");
        var sweep = new Sweep { Cells = [CellKind.Gru], Activations = [Activation.Tanh], HiddenSizes = [128], Seeds = [0] };
        var study = StudyFolder.CreateOrOpen(folder, sweep);
        var trained = new PopulationTrainer(study, Environment.ProcessorCount).Train(sweep.Expand(), null, default).Single();
        Console.WriteLine($"network: {trained.Config.Id.Value} ({trained.Metrics.Reason}), study {folder}");

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
        // One untimed run first: it compiles the hot paths (the peer's timings likewise start after PyTorch is loaded).
        for (var r = -1; r < repeats; r++)
        {
            var clock = Stopwatch.StartNew();
            set = new FixedPointSearch(network, options, Environment.ProcessorCount).Find(condition, trajectories);
            linearizations = [.. set.Points.Select(p => Lin.At(network, p.State, p.Input, options.StabilityTolerance))];
            if (r >= 0)
            {
                ours.Add(clock.Elapsed.TotalSeconds);
            }
        }
        var stable = set!.Points.Zip(linearizations!).Where(p => p.Second.UnstableDimensions == 0).Select(p => p.First).ToList();
        var ourPatternsByPoint = stable.Select(p => Pattern(network, p.State)).ToList();
        var ourPatterns = ourPatternsByPoint.Order().ToList();

        if (args.Contains("--no-peer"))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RnnAtlas: {Median.Of(ours):0.000} s, {set.Points.Count} points, {stable.Count} stable: {string.Join(' ', ourPatterns)}"));
            return 0;
        }
        var peerRuns = new List<JsonElement>();
        var weights = Path.Combine(study.NetworkFolder(config.Id), "weights.safetensors");
        var peerOut = Path.Combine(folder, "peer_points.npy");
        for (var r = 0; r < repeats; r++)
        {
            peerRuns.Add(Peer(python, weights, startsPath, peerOut));
        }
        var peerSeconds = Median.Of(peerRuns.Select(j => j.GetProperty("seconds").GetDouble()));
        var peer = peerRuns[0];
        var peerStable = peer.GetProperty("stable").EnumerateArray().Select(e => e.GetInt32()).ToList();
        var peerPatterns = peer.GetProperty("patterns").EnumerateArray().Select(e => e.GetString()!).ToList();
        var (peerPoints, _) = NpyFile.Read(peerOut);
        var s = network.Shape.StateSize;
        var spread = StateRegion.Of(trajectories, s, options.RegionMargin).Spread;
        // Each of the peer's stable points against its nearest RnnAtlas stable point: the same memory (readout pattern)?
        var nearest = peerStable.Select(k =>
        {
            var point = peerPoints.AsSpan(k * s, s).ToArray();
            return stable.Select((p, i) => (Index: i, Distance: System.Numerics.Tensors.TensorPrimitives.Distance<double>(point, p.State))).MinBy(c => c.Distance);
        }).ToList();
        var samePattern = stable.Count == 0 ? 0 : Enumerable.Range(0, peerStable.Count).Count(i => peerPatterns[i] == ourPatternsByPoint[nearest[i].Index]);
        var covered = nearest.Select(n => n.Index).Distinct().Count();

        var oursMedian = Median.Of(ours);
        Console.WriteLine();
        Console.WriteLine($"{"engine",-50} {"wall s",8} {"points",7} {"stable",7}  distinct stable readout sign patterns");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"RnnAtlas (descent + Newton polish + linearization)",-50} {oursMedian,8:0.000} {set.Points.Count,7} {stable.Count,7}  {string.Join(' ', ourPatterns.Distinct())}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"PyTorch, FixedPointFinderTorch's recipe",-50} {peerSeconds,8:0.000} {peer.GetProperty("points").GetInt32(),7} {peerStable.Count,7}  {string.Join(' ', peerPatterns.Distinct().Order())}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio (PyTorch / RnnAtlas wall time): {peerSeconds / oursMedian:0.0}x"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"same stable points: {samePattern}/{peerStable.Count} of the peer's stable points carry the readout pattern of their nearest RnnAtlas stable point, at a median {Median.Of(nearest.Select(n => n.Distance / spread)):0.0000} x spread (max {(nearest.Count > 0 ? nearest.Max(n => n.Distance / spread) : double.NaN):0.0000}); {covered}/{stable.Count} RnnAtlas stable points are the nearest of at least one of them"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"peer: {peer.GetProperty("iterations").GetInt32()} Adam iterations, largest q of its kept points {peer.GetProperty("max_q")}; RnnAtlas: q of accepted points <= {options.Tolerance:E0} in float64"));
        Console.WriteLine($"(medians of {repeats} runs after one untimed RnnAtlas warm-up run; both start from the same {options.InitialStates} initial states)");
        return 0;
    }

    private static string Pattern(RecurrentNetwork<double> network, double[] state)
    {
        var readout = new double[network.Shape.OutputSize];
        network.Readout(state, readout, 1);
        return string.Concat(readout.Select(v => v > 0 ? '+' : '-'));
    }

    private static JsonElement Peer(string python, string weights, string starts, string output) =>
        PythonPeer.Run(python, "torch_fixed_points_peer.py", [weights, starts, output, "--threads", $"{Environment.ProcessorCount}"]);
}

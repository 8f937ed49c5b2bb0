using System.Diagnostics;
using System.Globalization;
using RnnAtlas.Numerics;
using RnnAtlas.Cells;
using RnnAtlas.Networks;
using RnnAtlas.Populations;
using RnnAtlas.Tasks;
using RnnAtlas.Training;

namespace RnnAtlas.Benchmarks;

/// <summary>
/// <c>bench train</c>: the same GRU population (default 32 × H=128, flip-flop T=100, batch 64, Adam) trained by RnnAtlas
/// on all cores and by PyTorch in its per-network and batched layouts, in one invocation; reports network-iterations
/// per second (median of repeats), matrix-product GFLOP/s, share of the measured FMA peak, the ratio to the best
/// PyTorch layout, and this process's peak memory.
/// </summary>
internal static class TrainBenchmark
{
    public static int Run(string[] args)
    {
        var networks = PythonPeer.Option(args, "--networks", 32);
        var hidden = PythonPeer.Option(args, "--hidden", 128);
        var iterations = PythonPeer.Option(args, "--iterations", 20);
        var repeats = PythonPeer.Option(args, "--repeats", 3);
        var peerIterations = PythonPeer.Option(args, "--peer-iterations", 3);
        var python = args.SkipWhile(a => a != "--python").Skip(1).FirstOrDefault() ?? "/usr/bin/python3";
        var threads = Environment.ProcessorCount;
        var task = new FlipFlopTask();
        var shape = new NetworkShape(CellKind.Gru, Activation.Tanh, task.InputSize, hidden, task.OutputSize);
        var flops = MatrixProductFlops(shape, 64, task.TimeSteps);

        Console.WriteLine($"machine: {threads} cores, {Environment.OSVersion}, .NET {Environment.Version}, Vector512 accelerated: {System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated}");
        var peak = Median.Of(Enumerable.Range(0, 3).Select(_ => FmaPeak.GflopsPerSecond(threads, TimeSpan.FromSeconds(1))));
        Console.WriteLine($"measured float32 FMA peak: {peak:0} GFLOP/s on {threads} threads");
        Console.WriteLine($"workload: {networks} × GRU H={hidden}, T={task.TimeSteps}, batch 64, Adam; {flops / 1e9:0.000} GFLOP of matrix products per network-iteration");

        var sweep = new Sweep
        {
            Tasks = [task],
            Cells = [CellKind.Gru],
            Activations = [Activation.Tanh],
            HiddenSizes = [hidden],
            LearningRates = [1e-3],
            Seeds = [.. Enumerable.Range(0, networks)],
            Training = new TrainingOptions { MaxIterations = iterations, EvaluateEvery = iterations, HeldOutTrials = 64 },
        };
        var configs = sweep.Expand();
        new PopulationTrainer(new DiscardingStore(), threads).Train(configs.Take(threads).ToArray(), null, default);
        var rates = new List<double>();
        for (var r = 0; r < repeats; r++)
        {
            var clock = Stopwatch.StartNew();
            new PopulationTrainer(new DiscardingStore(), threads).Train(configs, null, default);
            rates.Add(networks * (double)iterations / clock.Elapsed.TotalSeconds);
        }
        var ours = Median.Of(rates);
        var memory = Process.GetCurrentProcess().PeakWorkingSet64 / 1e6;

        var rows = new List<(string Engine, double Rate)> { ("RnnAtlas (one network per core)", ours) };
        if (!args.Contains("--no-peer"))
        {
            foreach (var layout in new[] { "per-network", "batched" })
            {
                var peer = Median.Of(Enumerable.Range(0, repeats).Select(_ => Peer(python, layout, networks, hidden, peerIterations, threads)));
                rows.Add(($"PyTorch {TorchVersion(python)} {layout}", peer));
            }
        }
        var best = rows.Skip(1).Select(r => r.Rate).DefaultIfEmpty(double.NaN).Max();
        Console.WriteLine();
        Console.WriteLine($"{"engine",-40} {"net-it/s",10} {"ms/net-it",10} {"GFLOP/s",9} {"% peak",7} {"vs best PyTorch",16}");
        foreach (var (engine, rate) in rows)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{engine,-40} {rate,10:0.00} {1000 / rate,10:0.00} {rate * flops / 1e9,9:0.0} {100 * rate * flops / 1e9 / peak,6:0.0}% {rate / best,15:0.00}x"));
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RnnAtlas peak working set (whole benchmark process): {memory:0} MB"));
        Console.WriteLine($"(medians of {repeats} runs; RnnAtlas: {iterations} iterations per network incl. fresh trials and one held-out check; PyTorch: {peerIterations} iterations after a warm-up, trials pre-generated)");
        return 0;
    }

    /// <summary>FLOPs of the matrix products of one forward + backward iteration (input, recurrent, readout; ×3 for backward's two products).</summary>
    private static double MatrixProductFlops(NetworkShape shape, int batch, int time)
    {
        double gh = shape.GateCount * shape.HiddenSize, h = shape.HiddenSize, rows = (double)batch * time;
        var forward = 2 * rows * (shape.InputSize * gh + h * gh + h * shape.OutputSize);
        var backward = 2 * rows * (h * gh + gh * h + shape.InputSize * gh + 2 * shape.OutputSize * h);
        return forward + backward;
    }

    private static double Peer(string python, string layout, int networks, int hidden, int iterations, int threads) =>
        PythonPeer.Run(python, "torch_train_peer.py", ["--layout", layout, "--networks", $"{networks}", "--hidden", $"{hidden}", "--iterations", $"{iterations}", "--threads", $"{threads}"], blasThreads: 1)
            .GetProperty("network_iterations_per_second").GetDouble();

    private static string TorchVersion(string python)
    {
        var start = new ProcessStartInfo(python, ["-c", "import torch; print(torch.__version__)"]) { RedirectStandardOutput = true, UseShellExecute = false };
        using var process = Process.Start(start)!;
        return process.StandardOutput.ReadToEnd().Trim();
    }

    private sealed class DiscardingStore : INetworkStore
    {
        public IDisposable? TryClaim(NetworkId id, string stage) => new MemoryStream();

        public NetworkMetrics? FinishedMetrics(NetworkId id) => null;

        public void Save(NetworkConfig config, TrainingResult result)
        {
        }
    }
}

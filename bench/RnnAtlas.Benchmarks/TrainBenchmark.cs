using System.Diagnostics;
using System.Globalization;
using RnnAtlas.Cells;
using RnnAtlas.Networks;
using RnnAtlas.Numerics;
using RnnAtlas.Populations;
using RnnAtlas.Tasks;
using RnnAtlas.Training;

namespace RnnAtlas.Benchmarks;

/// <summary>
/// <c>bench train</c>: training throughput over a grid of cells × hidden sizes × tasks (flip-flop T = 100, sine T = 500),
/// batch 64, Adam, in one invocation. Each row trains the same population with RnnAtlas on all cores and with PyTorch in
/// its per-network and batched layouts, and reports network-iterations per second (median of repeats), matrix-product
/// GFLOP/s, the share of the measured FMA peak, and the ratio to the best PyTorch layout. First, 32 GRU-128 flip-flop
/// networks are trained alone and the process's peak memory is read (the memory target).
/// </summary>
internal static class TrainBenchmark
{
    /// <summary>Matrix-product work per repeat of a row (sets its iteration count; the peer runs half as many): ≈ 1–3 s of RnnAtlas time.</summary>
    private const double RepeatFlops = 240e9;

    /// <summary>
    /// Fewest RnnAtlas iterations per network in a repeat: a study trains thousands per network, in a workspace set up
    /// once per thread and with a held-out check every 50 iterations, so the benchmark's one workspace per repeat and
    /// one check per network must not weigh as if training were three iterations long (measured: at T = 500 and
    /// H = 128 a three-iteration repeat ran 16% below the steady rate of the same networks).
    /// </summary>
    private const int MinimumIterations = 8;

    /// <summary>What the batched peer's autograd graph may hold (it keeps every step's activations of every network).</summary>
    private const double PeerGraphBytes = 2e9;

    public static int Run(string[] args)
    {
        var cells = List(args, "--cells", "vanilla,ugrnn,gru,lstm").Select(c => Enum.Parse<CellKind>(c, ignoreCase: true)).ToArray();
        var hiddenSizes = List(args, "--hidden", "64,128,256").Select(h => int.Parse(h, CultureInfo.InvariantCulture)).ToArray();
        var tasks = List(args, "--tasks", "flipflop,sine").Select(Task).ToArray();
        var networks = PythonPeer.Option(args, "--networks", 8);
        var repeats = PythonPeer.Option(args, "--repeats", 3);
        var peerRepeats = PythonPeer.Option(args, "--peer-repeats", repeats);
        var python = args.SkipWhile(a => a != "--python").Skip(1).FirstOrDefault() ?? "/usr/bin/python3";
        var peer = !args.Contains("--no-peer");
        var threads = Environment.ProcessorCount;

        Console.WriteLine($"machine: {threads} cores, {Environment.OSVersion}, .NET {Environment.Version}, Vector512 accelerated: {System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated}");
        var peak = FmaPeak.GflopsPerSecond(threads);
        Console.WriteLine($"measured float32 FMA peak: {peak:0} GFLOP/s on {threads} threads (best of 5 after a warm-up)");
        var memory = MemoryCheck(threads);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"memory: 32 × GRU H=128 flip-flop networks trained on {threads} threads, process peak working set {memory:0} MB"));
        Console.WriteLine($"grid: {networks} networks per row, batch 64, Adam; RnnAtlas medians of {repeats}, PyTorch {(peer ? $"{TorchVersion(python)} medians of {peerRepeats}" : "not run")}");
        Console.WriteLine();
        Console.WriteLine($"{"cell",-8} {"H",4} {"T",4} {"GFLOP/it",9} {"RnnAtlas",9} {"GFLOP/s",8} {"% peak",7} {"torch/net",10} {"torch batch",12} {"ratio",7}");
        foreach (var task in tasks)
        {
            foreach (var cell in cells)
            {
                foreach (var hidden in hiddenSizes)
                {
                    var shape = new NetworkShape(cell, Activation.Tanh, task.InputSize, hidden, task.OutputSize);
                    var flops = MatrixProductFlops(shape, 64, task.TimeSteps);
                    var repeatIterations = Math.Max(2, (int)Math.Round(RepeatFlops / (networks * flops)));
                    var iterations = Math.Max(MinimumIterations, repeatIterations);
                    var peerIterations = Math.Max(1, repeatIterations / 2);
                    var ours = Median.Of(Enumerable.Range(0, repeats + 1).Select(_ => Ours(task, shape, networks, iterations, threads)).Skip(1));
                    var (perNetwork, batched) = peer
                        ? (Median.Of(Enumerable.Range(0, peerRepeats).Select(_ => Peer(python, "per-network", shape, task, networks, peerIterations, threads))),
                           Median.Of(Enumerable.Range(0, peerRepeats).Select(_ => Peer(python, "batched", shape, task, BatchedNetworks(shape, task, networks, threads), peerIterations, threads))))
                        : (double.NaN, double.NaN);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{cell,-8} {hidden,4} {task.TimeSteps,4} {flops / 1e9,9:0.000} {ours,9:0.00} {ours * flops / 1e9,8:0.0} {100 * ours * flops / 1e9 / peak,6:0.0}% {perNetwork,10:0.00} {batched,12:0.00} {ours / Math.Max(perNetwork, batched),6:0.00}x"));
                }
            }
        }
        Console.WriteLine();
        Console.WriteLine("RnnAtlas, torch/net, torch batch: network-iterations per second on all cores. RnnAtlas trains one network per core through");
        Console.WriteLine($"PopulationTrainer (fresh trials every iteration, at least {MinimumIterations} iterations and one held-out check of 64 trials per network);");
        Console.WriteLine("PyTorch pre-generates its trials and runs half of the iterations of a ≈ 240 GFLOP repeat.");
        Console.WriteLine("ratio: RnnAtlas / the better PyTorch layout. GFLOP/s and % peak count the matrix products of forward + backward only.");
        return 0;
    }

    /// <summary>FLOPs of the matrix products of one forward + backward iteration (input, recurrent, readout; ×3 for backward's two products).</summary>
    internal static double MatrixProductFlops(NetworkShape shape, int batch, int time)
    {
        double gh = shape.GateCount * shape.HiddenSize, h = shape.HiddenSize, rows = (double)batch * time;
        var forward = 2 * rows * (shape.InputSize * gh + h * gh + h * shape.OutputSize);
        var backward = 2 * rows * (h * gh + gh * h + shape.InputSize * gh + 2 * shape.OutputSize * h);
        return forward + backward;
    }

    private static double MemoryCheck(int threads)
    {
        var task = new FlipFlopTask();
        Train(task, new NetworkShape(CellKind.Gru, Activation.Tanh, task.InputSize, 128, task.OutputSize), 32, 5, threads);
        return Process.GetCurrentProcess().PeakWorkingSet64 / 1e6;
    }

    private static double Ours(ITask task, NetworkShape shape, int networks, int iterations, int threads)
    {
        var clock = Stopwatch.StartNew();
        Train(task, shape, networks, iterations, threads);
        return networks * (double)iterations / clock.Elapsed.TotalSeconds;
    }

    private static void Train(ITask task, NetworkShape shape, int networks, int iterations, int threads)
    {
        var sweep = new Sweep
        {
            Tasks = [task],
            Cells = [shape.Cell],
            Activations = [shape.Activation],
            HiddenSizes = [shape.HiddenSize],
            LearningRates = [1e-3],
            Seeds = [.. Enumerable.Range(0, networks)],
            Training = new TrainingOptions { MaxIterations = iterations, EvaluateEvery = iterations, HeldOutTrials = 64 },
        };
        new PopulationTrainer(new DiscardingStore(), threads).Train(sweep.Expand(), null, default);
    }

    /// <summary>The batched peer's population: as many of the row's networks as its autograd graph holds in memory (at least one per thread).</summary>
    private static int BatchedNetworks(NetworkShape shape, ITask task, int networks, int threads)
    {
        var perNetwork = 12.0 * 4 * task.TimeSteps * 64 * shape.GateCount * shape.HiddenSize;
        return Math.Clamp((int)(PeerGraphBytes / perNetwork), threads, networks);
    }

    private static double Peer(string python, string layout, NetworkShape shape, ITask task, int networks, int iterations, int threads) =>
        PythonPeer.Run(python, "torch_train_peer.py",
            ["--layout", layout, "--cell", shape.Cell.ToString().ToLowerInvariant(), "--networks", $"{networks}", "--hidden", $"{shape.HiddenSize}",
             "--time", $"{task.TimeSteps}", "--inputs", $"{task.InputSize}", "--iterations", $"{iterations}", "--threads", $"{threads}"], blasThreads: 1)
            .GetProperty("network_iterations_per_second").GetDouble();

    internal static ITask Task(string name) => name switch
    {
        FlipFlopTask.TaskName => new FlipFlopTask(),
        SineWaveTask.TaskName => new SineWaveTask(),
        _ => throw new ArgumentException($"--tasks: unknown task '{name}' (flipflop, sine)"),
    };

    internal static string[] List(string[] args, string name, string fallback) =>
        (args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() ?? fallback).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

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

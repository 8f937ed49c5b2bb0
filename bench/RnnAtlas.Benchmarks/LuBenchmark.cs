using System.Diagnostics;
using System.Globalization;
using RnnAtlas.Numerics;

namespace RnnAtlas.Benchmarks;

/// <summary>
/// <c>bench lu</c>: the fixed-point polish's dense LU with partial pivoting (<see cref="LuDecomposition.Factor"/>) on one
/// thread, as the polish runs it (one factorization per worker), against LAPACK's dgetrf through SciPy on one OpenBLAS
/// thread, for random float64 matrices of the sizes a network's state reaches (LSTM: twice H). Per size: the median of
/// 5 batches after one untimed batch, GFLOP/s at ⅔ n³ flops, and the ratio.
/// </summary>
internal static class LuBenchmark
{
    private const int Batches = 5;

    public static int Run(string[] args)
    {
        var python = args.SkipWhile(a => a != "--python").Skip(1).FirstOrDefault() ?? "/usr/bin/python3";
        var sizes = (args.SkipWhile(a => a != "--sizes").Skip(1).FirstOrDefault() ?? "64,128,256,512").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList();
        var ours = sizes.ToDictionary(n => n, Factorization);
        System.Text.Json.JsonElement? peer = args.Contains("--no-peer") ? null : PythonPeer.Run(python, "lu_peer.py", [string.Join(',', sizes)], blasThreads: 1).GetProperty("microseconds");
        Console.WriteLine($"{"n",5} {"RnnAtlas µs",12} {"GFLOP/s",8} {"LAPACK µs",10} {"GFLOP/s",8} {"ratio",7}");
        foreach (var n in sizes)
        {
            var flops = 2.0 / 3 * n * n * n;
            var line = string.Create(CultureInfo.InvariantCulture, $"{n,5} {ours[n],12:0.0} {flops / ours[n] / 1e3,8:0.0}");
            if (peer is { } times)
            {
                var theirs = times.GetProperty(n.ToString(CultureInfo.InvariantCulture)).GetDouble();
                line += string.Create(CultureInfo.InvariantCulture, $" {theirs,10:0.0} {flops / theirs / 1e3,8:0.0} {theirs / ours[n],6:0.00}x");
            }
            Console.WriteLine(line);
        }
        Console.WriteLine("(one thread each; medians of 5 batches after one untimed batch; LAPACK = scipy.linalg.lu_factor on OpenBLAS, 1 thread)");
        return 0;
    }

    /// <summary>Microseconds per factorization of a random n × n matrix; checks the factors solve a system first.</summary>
    private static double Factorization(int n)
    {
        var random = new SeededRandom((ulong)n);
        var matrix = Enumerable.Range(0, n * n).Select(_ => random.NextGaussian()).ToArray();
        var lu = new LuDecomposition(n);
        if (!lu.Factor(matrix))
        {
            throw new InvalidOperationException($"n = {n}: a random matrix was reported singular");
        }
        var x = Enumerable.Range(0, n).Select(i => (double)(i % 7) - 3).ToArray();
        var b = new double[n];
        MatrixProduct.Multiply<double>(n, 1, n, matrix, n, 1, x, 1, b, 1, accumulate: false);
        lu.Solve(b);
        var error = b.Zip(x, (u, v) => Math.Abs(u - v)).Max();
        if (error > 1e-8)
        {
            throw new InvalidOperationException($"n = {n}: the factors solve A x = b only to {error}");
        }
        var reps = Math.Max(5, (int)(2e8 / ((double)n * n * n)));
        var times = new List<double>();
        for (var batch = -1; batch < Batches; batch++)
        {
            var clock = Stopwatch.StartNew();
            for (var r = 0; r < reps; r++)
            {
                lu.Factor(matrix);
            }
            if (batch >= 0)
            {
                times.Add(clock.Elapsed.TotalMilliseconds * 1e3 / reps);
            }
        }
        return Median.Of(times);
    }
}

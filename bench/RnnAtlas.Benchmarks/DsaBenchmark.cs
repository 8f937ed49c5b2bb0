using System.Diagnostics;
using System.Globalization;
using RnnAtlas.Numerics;
using RnnAtlas.Similarity;
using RnnAtlas.Storage;

namespace RnnAtlas.Benchmarks;

/// <summary>
/// <c>bench dsa</c>: dynamical similarity over a synthetic population (default 1,000 networks; each 16 trials × 100
/// steps of 64 tanh units driven by a noisy 6-D latent system of three damped rotations with network-specific
/// frequencies and radii), at the default settings (<see cref="DsaOptions"/>): every network's operator fitted once
/// (generation timed separately and excluded), then all pairs' similarity-transform distance and, separately, the
/// spectrum distance. In the same run the reference optimiser (dsa_peer.py: mitchellostrow/DSA's
/// <c>SimilarityTransformDist</c> at the DSA class's defaults, torch float32 on the CPU, one thread) is timed on a few of
/// the same pairs, its all-pairs time extrapolated to two processes on the two cores, and its angles compared.
/// </summary>
internal static class DsaBenchmark
{
    private const int Trials = 16;
    private const int Steps = 100;
    private const int Units = 64;

    public static int Run(string[] args)
    {
        var networks = PythonPeer.Option(args, "--networks", 1000);
        var peerPairs = PythonPeer.Option(args, "--peer-pairs", 6);
        var python = args.SkipWhile(a => a != "--python").Skip(1).FirstOrDefault() ?? "/usr/bin/python3";
        var threads = Environment.ProcessorCount;
        var options = new DsaOptions { RandomStarts = PythonPeer.Option(args, "--random-starts", new DsaOptions().RandomStarts) };
        var checkNetworks = Math.Min(networks, PythonPeer.Option(args, "--check-networks", 60));
        var checkStarts = PythonPeer.Option(args, "--check-starts", 32);

        var generation = TimeSpan.Zero;
        var preparation = Stopwatch.StartNew();
        var operators = new HavokDmd[networks];
        var gate = new object();
        WorkQueue.Run(Enumerable.Range(0, networks), threads, () => 0, (_, i) =>
        {
            var clock = Stopwatch.StartNew();
            var activity = Activity(i);
            var made = clock.Elapsed;
            operators[i] = HavokDmd.Fit(activity, Trials, Units, options, $"synthetic-{i}");
            lock (gate)
            {
                generation += made;
            }
        }, default);
        preparation.Stop();
        var prepare = preparation.Elapsed.TotalSeconds - generation.TotalSeconds / threads;
        var pairCount = (long)networks * (networks - 1) / 2;
        var clock = Stopwatch.StartNew();
        var angles = new DynamicalDistances([new DsaDistance(options)], threads).Compute(operators, null, null, default)[0];
        var pairs = clock.Elapsed.TotalSeconds;
        clock.Restart();
        _ = new DynamicalDistances([new DsaSpectrumDistance(options)], threads).Compute(operators, null, null, default);
        var spectra = clock.Elapsed.TotalSeconds;
        var memory = Process.GetCurrentProcess().PeakWorkingSet64 / 1e6;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RnnAtlas DSA: {networks} networks × {Trials} trials × {Steps} steps × {Units} units, {options.Settings}, {threads} threads: preparation {prepare:0.0} s (+ {generation.TotalSeconds / threads:0.0} s generating activity, excluded), {pairCount} pairs: angular {pairs:0.0} s ({pairs * threads / pairCount * 1e3:0.00} ms per pair per thread), spectrum {spectra:0.0} s; total {prepare + pairs + spectra:0.0} s; peak memory {memory:0} MB"));
        // Cross-check: the first networks' pairs again with many more random starts; a search that misses the global
        // minimum shows as a pair whose default distance is larger.
        var check = new DynamicalDistances([new DsaDistance(options with { RandomStarts = checkStarts })], threads).Compute([.. operators.Take(checkNetworks)], null, null, default)[0];
        var misses = new List<double>();
        for (var i = 0; i < checkNetworks; i++)
        {
            for (var j = i + 1; j < checkNetworks; j++)
            {
                misses.Add(angles[i * networks + j] - check[i * checkNetworks + j]);
            }
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"cross-check on the {misses.Count} pairs of the first {checkNetworks} networks with {checkStarts} random starts: default larger by > 1e-6 on {misses.Count(m => m > 1e-6)} pairs (by > 1e-4 on {misses.Count(m => m > 1e-4)}), at most {misses.Max():0.0e0} rad; smaller by > 1e-6 on {misses.Count(m => m < -1e-6)}; median distance {Median.Of(check.Where((_, k) => k / checkNetworks < k % checkNetworks)):0.000} rad"));
        if (args.Contains("--no-peer"))
        {
            return 0;
        }
        var folder = Directory.CreateTempSubdirectory("rnnatlas-bench-dsa").FullName;
        var r = operators[0].Rank;
        var sample = Enumerable.Range(0, peerPairs).Select(k => (I: k, J: networks - 1 - k)).ToList();
        var file = Path.Combine(folder, "operators.npy");
        var packed = new double[networks * r * r];
        for (var i = 0; i < networks; i++)
        {
            operators[i].Operator.CopyTo(packed.AsSpan(i * r * r));
        }
        NpyFile.Write(file, packed, networks, r, r);
        var peer = PythonPeer.Run(python, "dsa_peer.py", [file, string.Join(';', sample.Select(p => $"{p.I},{p.J}"))], blasThreads: 1);
        Directory.Delete(folder, recursive: true);
        var perPair = peer.GetProperty("seconds_per_pair_median").GetDouble();
        var peerAll = perPair * pairCount / threads;
        var gaps = peer.GetProperty("angles").EnumerateArray().Select((v, k) => v.GetDouble() - angles[sample[k].I * networks + sample[k].J]).ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"reference optimiser (torch {peer.GetProperty("torch").GetString()}, float32, Adam 1,500 iterations × 2 runs): {perPair:0.00} s per pair (median of {peer.GetProperty("pairs").GetInt32()} pairs), extrapolated {peerAll / 3600:0.0} h for {pairCount} pairs on {threads} processes; its angle minus RnnAtlas's on those pairs: min {gaps.Min():0.0e0}, max {gaps.Max():0.0e0}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio (angular pairs): {peerAll / pairs:0}×"));
        return 0;
    }

    /// <summary>tanh(Z M + noise) of a noisy latent system z' = R z + ε with three damped rotations, [trials · steps, units].</summary>
    private static double[] Activity(int network)
    {
        const int latents = 6;
        var random = new SeededRandom(SeededRandom.Derive(4321, (ulong)network));
        var dynamics = new double[latents * latents];
        for (var b = 0; b < latents / 2; b++)
        {
            var (theta, radius) = (0.05 + 0.3 * (b + random.NextDouble()), 0.85 + 0.12 * random.NextDouble());
            dynamics[(2 * b) * latents + 2 * b] = dynamics[(2 * b + 1) * latents + 2 * b + 1] = radius * Math.Cos(theta);
            dynamics[(2 * b) * latents + 2 * b + 1] = -radius * Math.Sin(theta);
            dynamics[(2 * b + 1) * latents + 2 * b] = radius * Math.Sin(theta);
        }
        var mixing = Enumerable.Range(0, latents * Units).Select(_ => random.NextGaussian() / Math.Sqrt(latents)).ToArray();
        var values = new double[Trials * Steps * Units];
        var z = new double[latents];
        var next = new double[latents];
        for (var k = 0; k < Trials; k++)
        {
            for (var l = 0; l < latents; l++)
            {
                z[l] = random.NextGaussian();
            }
            for (var t = 0; t < Steps; t++)
            {
                for (var u = 0; u < Units; u++)
                {
                    var v = 0.0;
                    for (var l = 0; l < latents; l++)
                    {
                        v += z[l] * mixing[l * Units + u];
                    }
                    values[(k * Steps + t) * Units + u] = Math.Tanh(v);
                }
                for (var i = 0; i < latents; i++)
                {
                    var sum = 0.3 * random.NextGaussian();
                    for (var l = 0; l < latents; l++)
                    {
                        sum += dynamics[i * latents + l] * z[l];
                    }
                    next[i] = sum;
                }
                (z, next) = (next, z);
            }
        }
        return values;
    }
}

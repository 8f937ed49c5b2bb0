using System.Diagnostics;
using System.Globalization;
using RnnAtlas.Numerics;
using RnnAtlas.Similarity;
using RnnAtlas.Storage;

namespace RnnAtlas.Benchmarks;

/// <summary>
/// <c>bench similarity</c>: all-pairs SVCCA over a synthetic population (default 1,000 networks, 6,400 samples × 128
/// units each: a few smooth latent signals through a random tanh layer plus noise, so spectra decay like trained
/// networks'), measured as the per-network preparation plus every pair, streaming (activity is generated, prepared and
/// dropped). Generation is timed separately and excluded. In the same run the per-pair peer (svcca_peer.py: the svcca
/// tutorial recipe in numpy, from scratch for every pair) is timed on a few pairs, and its all-pairs time extrapolated.
/// </summary>
internal static class SimilarityBenchmark
{
    public static int Run(string[] args)
    {
        var networks = PythonPeer.Option(args, "--networks", 1000);
        var samples = PythonPeer.Option(args, "--samples", 6400);
        var units = PythonPeer.Option(args, "--units", 128);
        var peerNetworks = PythonPeer.Option(args, "--peer-networks", 5);
        var python = args.SkipWhile(a => a != "--python").Skip(1).FirstOrDefault() ?? "/usr/bin/python3";
        var threads = Environment.ProcessorCount;
        var svcca = new PairwiseDistances([new Svcca()], threads);

        var generation = TimeSpan.Zero;
        var preparation = Stopwatch.StartNew();
        var subspaces = new Subspace[networks];
        var gate = new object();
        WorkQueue.Run(Enumerable.Range(0, networks), threads, () => 0, (_, i) =>
        {
            var clock = Stopwatch.StartNew();
            var activity = Activity(i, samples, units);
            var made = clock.Elapsed;
            subspaces[i] = Subspace.Prepare(activity, svcca.DirectionsNeeded);
            lock (gate)
            {
                generation += made;
            }
        }, default);
        preparation.Stop();
        var prepare = preparation.Elapsed.TotalSeconds - generation.TotalSeconds / threads;
        var pairsClock = Stopwatch.StartNew();
        var distances = svcca.Compute(subspaces, null, null, default)[0];
        var pairs = pairsClock.Elapsed.TotalSeconds;
        var pairCount = (long)networks * (networks - 1) / 2;
        var memory = Process.GetCurrentProcess().PeakWorkingSet64 / 1e6;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RnnAtlas all-pairs SVCCA: {networks} networks × {samples} samples × {units} units, {threads} threads: preparation {prepare:0.0} s (+ {generation.TotalSeconds / threads:0.0} s generating activity, excluded), {pairCount} pairs {pairs:0.0} s, total {prepare + pairs:0.0} s; median components kept {Median.Of(subspaces.Select(s => (double)new Svcca().Components(s)))}; peak memory {memory:0} MB"));

        if (args.Contains("--no-peer"))
        {
            return 0;
        }
        var folder = Directory.CreateTempSubdirectory("rnnatlas-bench-similarity").FullName;
        var files = Enumerable.Range(0, peerNetworks).Select(i =>
        {
            var path = Path.Combine(folder, $"activity{i}.npy");
            var activity = Activity(i, samples, units);
            NpyFile.Write(path, activity.Values, samples, units);
            return path;
        }).ToList();
        var peer = PythonPeer.Run(python, "svcca_peer.py", files);
        var perPair = peer.GetProperty("seconds_per_pair_median").GetDouble();
        var agreement = 0.0;
        var k = 0;
        foreach (var value in peer.GetProperty("similarities").EnumerateArray())
        {
            var (i, j) = PairAt(k++, peerNetworks);
            agreement = Math.Max(agreement, Math.Abs(1 - distances[i * networks + j] - value.GetDouble()));
        }
        Directory.Delete(folder, recursive: true);
        var peerAll = perPair * pairCount;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"per-pair peer (numpy {peer.GetProperty("numpy").GetString()}, svcca tutorial recipe): {perPair * 1000:0.0} ms per pair (median of {peer.GetProperty("pairs").GetInt32()} pairs), extrapolated {peerAll / 3600:0.00} h for {pairCount} pairs; largest |difference| from RnnAtlas {agreement:0.0e0}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio: {peerAll / (prepare + pairs):0}×"));
        return 0;
    }

    private static (int I, int J) PairAt(int index, int count)
    {
        for (var i = 0; i < count; i++)
        {
            for (var j = i + 1; j < count; j++, index--)
            {
                if (index == 0)
                {
                    return (i, j);
                }
            }
        }
        throw new ArgumentOutOfRangeException(nameof(index));
    }

    /// <summary>tanh(L(t) M + noise): 6 smooth latents with network-specific frequencies, a random readin and unit noise.</summary>
    private static ActivityMatrix Activity(int network, int samples, int units)
    {
        const int latents = 6;
        var random = new SeededRandom(SeededRandom.Derive(1234, (ulong)network));
        var frequencies = Enumerable.Range(0, latents).Select(l => 0.002 * (l + 1) * (1 + 0.2 * random.NextDouble())).ToArray();
        var mixing = Enumerable.Range(0, latents * units).Select(_ => random.NextGaussian() / Math.Sqrt(latents)).ToArray();
        var values = new double[samples * units];
        var latent = new double[latents];
        for (var i = 0; i < samples; i++)
        {
            for (var l = 0; l < latents; l++)
            {
                latent[l] = Math.Sin(2 * Math.PI * frequencies[l] * i + l);
            }
            for (var u = 0; u < units; u++)
            {
                var v = 0.0;
                for (var l = 0; l < latents; l++)
                {
                    v += latent[l] * mixing[l * units + u];
                }
                values[i * units + u] = Math.Tanh(v + 0.1 * (random.NextDouble() - 0.5));
            }
        }
        return new ActivityMatrix(values, samples, units, $"synthetic-{network}");
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace RnnAtlas.Benchmarks;

/// <summary>Runs a peer script shipped next to the benchmark and reads the JSON object on its last output line.</summary>
internal static class PythonPeer
{
    private const string OpenBlas = "/usr/lib/x86_64-linux-gnu/openblas-pthread";

    public static JsonElement Run(string python, string script, IEnumerable<string> arguments, int? blasThreads = null)
    {
        var start = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, script));
        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }
        // Old OpenBLAS kernels selected by these variables slow the peers several-fold (docs/decisions/0007).
        start.Environment.Remove("OPENBLAS_CORETYPE");
        start.Environment.Remove("OPENBLAS_L2_SIZE");
        // Debian's libopenblas0-pthread, when installed, serves PyTorch's BLAS calls in the peer only: made the
        // machine's default BLAS it changes what the PyTorch interop tests train (docs/benchmarks.md).
        if (Directory.Exists(OpenBlas))
        {
            start.Environment["LD_LIBRARY_PATH"] = OpenBlas;
        }
        if (blasThreads is { } threads)
        {
            start.Environment["OPENBLAS_NUM_THREADS"] = threads.ToString(CultureInfo.InvariantCulture);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{script} failed: {error}");
        }
        return JsonDocument.Parse(output.Trim().Split('\n')[^1]).RootElement.Clone();
    }

    public static int Option(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }
}

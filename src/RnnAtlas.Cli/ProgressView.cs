using System.Diagnostics;
using RnnAtlas.Populations;
using Spectre.Console;

namespace RnnAtlas.Cli;

/// <summary>
/// Renders population progress: a live bar with counts and ETA in a terminal; without one (CI, pipes), a plain line
/// per finished network and a status line every <see cref="PlainInterval"/>.
/// </summary>
internal sealed class ProgressView
{
    private static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(15);

    private readonly IAnsiConsole _console;
    private readonly string _label;

    public ProgressView(IAnsiConsole console, string label)
    {
        _console = console;
        _label = label;
    }

    public static bool IsTerminal(IAnsiConsole console) =>
        !Console.IsOutputRedirected && console.Profile.Capabilities.Interactive;

    /// <summary>Runs <paramref name="work"/> with a progress sink appropriate to the console.</summary>
    public T Run<T>(Func<IProgress<PopulationProgress>, T> work)
    {
        if (IsTerminal(_console))
        {
            return _console.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                .Start(context =>
                {
                    var task = context.AddTask(_label);
                    return work(new Sink(p =>
                    {
                        task.MaxValue = Math.Max(1, p.WorkTotal);
                        task.Value = p.WorkTotal == 0 ? 1 : p.Work;
                        task.Description = $"{_label} {p.Skipped + p.Completed}/{p.Total} ({p.Passed} passed, {p.Failed} failed)";
                    }));
                });
        }
        var clock = Stopwatch.StartNew();
        var lastLine = TimeSpan.Zero;
        return work(new Sink(p =>
        {
            var done = p.Skipped + p.Completed;
            if (p.LastFinished is { } finished)
            {
                Console.WriteLine($"[{clock.Elapsed:hh\\:mm\\:ss}] {done}/{p.Total} {finished}");
            }
            if (clock.Elapsed - lastLine >= PlainInterval || done == p.Total && p.LastFinished is not null)
            {
                lastLine = clock.Elapsed;
                var bound = p.Work > 0 ? TimeSpan.FromSeconds(clock.Elapsed.TotalSeconds / p.Work * (p.WorkTotal - p.Work)) : (TimeSpan?)null;
                var estimate = p.Completed > 0 ? TimeSpan.FromSeconds(clock.Elapsed.TotalSeconds / p.Completed * (p.Total - done)) : (TimeSpan?)null;
                Console.WriteLine($"[{clock.Elapsed:hh\\:mm\\:ss}] {_label}: {done}/{p.Total} networks ({p.Skipped} already done, {p.Passed} passed, {p.Failed} failed), {p.Iterations} iterations run, ETA {Eta(estimate, bound)}");
            }
        }));
    }

    /// <summary>The finished-network rate's estimate, capped by the bound from the iteration caps.</summary>
    private static string Eta(TimeSpan? estimate, TimeSpan? bound)
    {
        if (bound is not { } b)
        {
            return "unknown";
        }
        var likely = estimate is { } e && e < b ? e : b;
        return $"~{likely:hh\\:mm\\:ss} (at most {b:hh\\:mm\\:ss} if every network runs to its iteration cap)";
    }

    private sealed class Sink(Action<PopulationProgress> report) : IProgress<PopulationProgress>
    {
        private readonly Lock _gate = new();

        public void Report(PopulationProgress value)
        {
            lock (_gate)
            {
                report(value);
            }
        }
    }
}

using System.Diagnostics;
using RnnAtlas.Studies.Stages;
using Spectre.Console;

namespace RnnAtlas.Cli;

/// <summary>
/// Renders stage progress: a live bar with counts and ETA in a terminal; without one (CI, pipes), a plain line per
/// finished item and a status line every <see cref="PlainInterval"/>.
/// </summary>
internal sealed class ProgressView(IAnsiConsole console, string label)
{
    private static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(15);

    /// <summary>Runs <paramref name="work"/> with a progress sink appropriate to the console.</summary>
    public StageOutcome Run(Func<IProgress<StageProgress>, StageOutcome> work)
    {
        if (!Console.IsOutputRedirected && console.Profile.Capabilities.Interactive)
        {
            return console.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                .Start(context =>
                {
                    var task = context.AddTask(label);
                    return work(new Sink(p =>
                    {
                        task.MaxValue = Math.Max(1, p.WorkTotal);
                        task.Value = p.WorkTotal == 0 ? 1 : p.Work;
                        task.Description = $"{label} {p.Done}/{p.Total} ({p.Counts})";
                    }));
                });
        }
        var clock = Stopwatch.StartNew();
        var lastLine = TimeSpan.Zero;
        return work(new Sink(p =>
        {
            if (p.LastFinished is { } finished)
            {
                Console.WriteLine($"[{clock.Elapsed:hh\\:mm\\:ss}] {p.Done}/{p.Total} {finished}");
            }
            if (clock.Elapsed - lastLine >= PlainInterval || p.Done == p.Total && p.LastFinished is not null)
            {
                lastLine = clock.Elapsed;
                var bound = p.Work > 0 ? TimeSpan.FromSeconds(clock.Elapsed.TotalSeconds / p.Work * (p.WorkTotal - p.Work)) : (TimeSpan?)null;
                var estimate = p.Completed > 0 ? TimeSpan.FromSeconds(clock.Elapsed.TotalSeconds / p.Completed * (p.Total - p.Done)) : (TimeSpan?)null;
                Console.WriteLine($"[{clock.Elapsed:hh\\:mm\\:ss}] {label}: {p.Done}/{p.Total} ({p.Counts}), ETA {Eta(estimate, bound)}");
            }
        }));
    }

    /// <summary>The finished-item rate's estimate, capped by the bound from the work budget.</summary>
    private static string Eta(TimeSpan? estimate, TimeSpan? bound)
    {
        if (bound is not { } b)
        {
            return "unknown";
        }
        var likely = estimate is { } e && e < b ? e : b;
        return likely == b ? $"~{b:hh\\:mm\\:ss}" : $"~{likely:hh\\:mm\\:ss} (at most {b:hh\\:mm\\:ss} if every item uses its whole budget)";
    }

    private sealed class Sink(Action<StageProgress> report) : IProgress<StageProgress>
    {
        private readonly Lock _gate = new();

        public void Report(StageProgress value)
        {
            lock (_gate)
            {
                report(value);
            }
        }
    }
}

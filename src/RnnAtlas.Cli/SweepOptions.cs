using RnnAtlas.Cells;
using RnnAtlas.Populations;
using RnnAtlas.Studies;
using RnnAtlas.Studies.Configuration;
using RnnAtlas.Tasks;
using RnnAtlas.Training;

namespace RnnAtlas.Cli;

/// <summary>Builds the sweep of <c>rnnatlas train</c> from <c>--config</c> and flags, naming the flag in every error.</summary>
internal static class SweepOptions
{
    public static (Sweep Sweep, AnalysisOptions? Analysis) Resolve(TrainSettings settings)
    {
        var (sweep, analysis) = settings.Config is null ? (new Sweep(), null) : SweepToml.ReadStudy(settings.Config);
        if (settings.Task is { } task)
        {
            sweep = sweep with
            {
                Tasks = [Task(task, "--task")],
            };
        }
        if (settings.Cells is { } cells)
        {
            sweep = sweep with { Cells = List(cells, "--cells", Flags.Enum<CellKind>) };
        }
        if (settings.Activations is { } activations)
        {
            sweep = sweep with { Activations = List(activations, "--activations", Flags.Enum<Activation>) };
        }
        if (settings.Hidden is { } hidden)
        {
            sweep = sweep with { HiddenSizes = List(hidden, "--hidden", Flags.Integer) };
        }
        if (settings.L2 is { } l2)
        {
            sweep = sweep with { L2 = List(l2, "--l2", Flags.Number) };
        }
        if (settings.LearningRates is { } rates)
        {
            sweep = sweep with { LearningRates = List(rates, "--learning-rates", Flags.Number) };
        }
        if (settings.Seeds is { } seeds)
        {
            var count = Flags.Integer(seeds, "--seeds");
            InvalidConfigurationException.ThrowIfOutside("--seeds", count, 1, 1_000_000);
            sweep = sweep with { Seeds = [.. Enumerable.Range(0, count)] };
        }
        if (settings.Iterations is { } iterations)
        {
            var cap = Flags.Integer(iterations, "--iterations");
            InvalidConfigurationException.ThrowIfOutside("--iterations", cap, 1, 100_000_000);
            sweep = sweep with { Training = sweep.Training with { MaxIterations = cap } };
        }
        if (settings.Stopping is { } stopping)
        {
            sweep = sweep with { Training = sweep.Training with { Stopping = Flags.Enum<StoppingPolicy>(stopping, "--stopping") } };
        }
        sweep = WithSnapshots(sweep, settings.Snapshots);
        sweep.Validate();
        return (sweep, analysis);
    }

    /// <summary>
    /// <paramref name="sweep"/> with the snapshots named by <c>--snapshots</c>: a comma-separated list of iterations
    /// (0 = untrained), or <c>log</c> for 0, 10, 30, 100, 300, 1000; unchanged when the flag is absent.
    /// </summary>
    public static Sweep WithSnapshots(Sweep sweep, string? text) => text switch
    {
        null => sweep,
        "log" => sweep with { Snapshots = Sweep.LogSpacedSnapshots },
        _ => sweep with { Snapshots = List(text, "--snapshots", Flags.Integer) },
    };

    /// <summary>Built-in task <paramref name="text"/> with its default parameters.</summary>
    public static ITask Task(string text, string flag) => TaskRegistry.Read(text.Trim().ToLowerInvariant(), Defaults.Instance, flag);

    private static List<T> List<T>(string text, string flag, Func<string, string, T> parse) =>
        [.. text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(item => parse(item, flag))];

    /// <summary>A section without keys: every task parameter takes its default.</summary>
    private sealed class Defaults : IConfigSection
    {
        public static Defaults Instance { get; } = new();

        public bool Has(string key) => false;

        public int Int(string key, int fallback) => fallback;

        public double Double(string key, double fallback) => fallback;
    }
}

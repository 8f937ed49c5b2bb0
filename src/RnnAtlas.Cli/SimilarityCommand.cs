using System.Globalization;
using System.Text.Json;
using RnnAtlas.Similarity;
using RnnAtlas.Storage;
using Spectre.Console;
using Spectre.Console.Cli;

namespace RnnAtlas.Cli;

/// <summary><c>rnnatlas similarity A B</c>: every metric between two activity matrices (two recordings, or a recording and a model).</summary>
internal sealed class SimilarityCommand : Command<SimilaritySettings>
{
    private readonly IAnsiConsole _console;

    public SimilarityCommand()
        : this(AnsiConsole.Console)
    {
    }

    public SimilarityCommand(IAnsiConsole console) => _console = console;

    public override int Execute(CommandContext context, SimilaritySettings settings, CancellationToken cancellationToken)
    {
        var a = Read(settings.First, "<A>");
        var b = Read(settings.Second, "<B>");
        if (a.Samples != b.Samples)
        {
            throw new BadInputFileException("<B>", new InvalidDataException($"{b.Source} has {b.Samples} samples but {a.Source} has {a.Samples}; the two activities must share their samples (rows)"));
        }
        var metrics = SimilarityMetrics.Parse(settings.Metrics?.Split(',') ?? SimilarityMetrics.Names, new Svcca(), new DsaOptions(), "--metrics");
        var trials = settings.Trials is { } text ? Flags.Integer(text, "--trials") : 1;
        if (trials < 1 || a.Samples % trials != 0)
        {
            throw new InvalidConfigurationException("--trials", trials.ToString(CultureInfo.InvariantCulture), $"must divide the {a.Samples} samples into equal trials");
        }
        // Recordings too short for DSA's delay embedding are compared by the other metrics, with the reason printed;
        // metrics named by --metrics are all computed (a DSA metric that cannot run is then a bad-input error).
        IReadOnlyList<string> skipped = [];
        if (settings.Metrics is null)
        {
            (metrics, skipped) = PreparedActivity.Applicable(metrics, trials, a.Samples / trials, Math.Max(a.Units, b.Units), new DsaOptions());
        }
        var (first, second) = (Prepare(a, trials, metrics, "<A>"), Prepare(b, trials, metrics, "<B>"));
        var workspace = new DsaWorkspace();
        var values = metrics.Select(m => (Metric: m, Value: first.Compare(m, second, workspace))).ToList();
        var (rankA, rankB) = (first.Subspace?.Rank, second.Subspace?.Rank);
        if (settings.Json)
        {
            var report = new
            {
                a = a.Source,
                b = b.Source,
                samples = a.Samples,
                units_a = a.Units,
                units_b = b.Units,
                trials,
                skipped,
                rank_a = rankA,
                rank_b = rankB,
                metrics = values.Select(v => new { name = v.Metric.Name, similarity = v.Value.Similarity, distance = v.Value.Distance, is_metric = v.Metric.IsMetric, settings = v.Metric.Settings }),
            };
            Console.WriteLine(JsonSerializer.Serialize(report, StudyJson.Indented));
            return ExitCodes.Ok;
        }
        _console.MarkupLineInterpolated($"{a.Source} ({a.Units} units{Rank(rankA)}) vs {b.Source} ({b.Units} units{Rank(rankB)}), {a.Samples} samples in {trials} trial(s)");
        var table = new Table().AddColumns("metric", "similarity", "distance", "settings");
        foreach (var (metric, value) in values)
        {
            table.AddRow(metric.Name, F(value.Similarity), F(value.Distance), Markup.Escape(metric.Settings));
        }
        _console.Write(table);
        foreach (var line in skipped)
        {
            _console.MarkupLineInterpolated($"[yellow]skipped[/] {line}");
        }
        return ExitCodes.Ok;
    }

    private static ActivityMatrix Read(string path, string argument)
    {
        try
        {
            return ActivityMatrix.Read(path);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            throw new BadInputFileException(argument, e);
        }
    }

    private static PreparedActivity Prepare(ActivityMatrix activity, int trials, IReadOnlyList<ISimilarityMetric> metrics, string argument)
    {
        try
        {
            return PreparedActivity.For(activity, trials, metrics, new DsaOptions());
        }
        catch (InvalidDataException e)
        {
            throw new BadInputFileException(argument, e);
        }
    }

    private static string Rank(int? rank) => rank is { } r ? $", rank {r}" : "";

    private static string F(double value) => value.ToString("0.000000", CultureInfo.InvariantCulture);
}

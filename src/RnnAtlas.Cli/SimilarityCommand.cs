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
        var pair = new SubspacePair(Prepare(a, "<A>"), Prepare(b, "<B>"));
        var metrics = RepresentationalMetrics.Parse(RepresentationalMetrics.Names, new Svcca(), "similarity");
        var values = metrics.Select(m => (Metric: m, Value: m.Compare(pair))).ToList();
        if (settings.Json)
        {
            var report = new
            {
                a = a.Source,
                b = b.Source,
                samples = a.Samples,
                units_a = a.Units,
                units_b = b.Units,
                rank_a = pair.A.Rank,
                rank_b = pair.B.Rank,
                metrics = values.Select(v => new { name = v.Metric.Name, similarity = v.Value.Similarity, distance = v.Value.Distance, is_metric = v.Metric.IsMetric, settings = v.Metric.Settings }),
            };
            Console.WriteLine(JsonSerializer.Serialize(report, StudyJson.Indented));
            return ExitCodes.Ok;
        }
        _console.MarkupLineInterpolated($"{a.Source} ({a.Units} units, rank {pair.A.Rank}) vs {b.Source} ({b.Units} units, rank {pair.B.Rank}), {a.Samples} samples");
        var table = new Table().AddColumns("metric", "similarity", "distance", "settings");
        foreach (var (metric, value) in values)
        {
            table.AddRow(metric.Name, F(value.Similarity), F(value.Distance), Markup.Escape(metric.Settings));
        }
        _console.Write(table);
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

    private static Subspace Prepare(ActivityMatrix activity, string argument)
    {
        try
        {
            return Subspace.Prepare(activity);
        }
        catch (InvalidDataException e)
        {
            throw new BadInputFileException(argument, e);
        }
    }

    private static string F(double value) => value.ToString("0.000000", CultureInfo.InvariantCulture);
}

using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.Json;
using RnnAtlas.Cells;
using RnnAtlas.Populations;
using RnnAtlas.Storage;
using RnnAtlas.Studies.Import;
using RnnAtlas.Tasks;
using RnnAtlas.Training;
using Tomlyn;
using Tomlyn.Model;

namespace RnnAtlas.Studies.Configuration;

/// <summary>
/// Reads a sweep from TOML (documented in docs/config.md). Every key is checked: an unknown key, a wrong type or an
/// out-of-range value is an <see cref="InvalidConfigurationException"/> naming the file, the field and the value.
/// Omitted keys take the defaults of <see cref="Sweep"/>, <see cref="TrainingOptions"/> and each task record.
/// </summary>
public static class SweepToml
{

    /// <summary>The sections that hold analysis settings (<see cref="AnalysisOptions"/>) rather than the sweep.</summary>
    private static readonly string[] AnalysisSections = ["fixed_points", "topology", "compare"];

    /// <summary>Parses the sweep of the TOML file at <paramref name="path"/>.</summary>
    /// <exception cref="InvalidConfigurationException">The file is not valid TOML or holds a bad value.</exception>
    public static Sweep Read(string path) => ReadStudy(path).Sweep;

    /// <summary>
    /// Parses the TOML file at <paramref name="path"/>: its sweep, and its analysis settings when it has any of the
    /// sections <c>[fixed_points]</c>, <c>[topology]</c>, <c>[compare]</c> (null when it has none).
    /// </summary>
    /// <exception cref="InvalidConfigurationException">The file is not valid TOML or holds a bad value.</exception>
    public static (Sweep Sweep, AnalysisOptions? Analysis) ReadStudy(string path)
    {
        string text;
        try
        {
            text = InputFile.ReadAllText(path);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidConfigurationException("--config", path, $"cannot be read ({e.Message})");
        }
        return ParseStudy(text, path);
    }

    /// <summary>Parses the sweep of TOML <paramref name="text"/>; <paramref name="source"/> names it in errors.</summary>
    /// <exception cref="InvalidConfigurationException">The text is not valid TOML or holds a bad value.</exception>
    public static Sweep Parse(string text, string source) => ParseStudy(text, source).Sweep;

    /// <summary>Parses TOML <paramref name="text"/> as <see cref="ReadStudy"/> does; <paramref name="source"/> names it in errors.</summary>
    /// <exception cref="InvalidConfigurationException">The text is not valid TOML or holds a bad value.</exception>
    public static (Sweep Sweep, AnalysisOptions? Analysis) ParseStudy(string text, string source)
    {
        var root = ParseToml(text, source);
        try
        {
            var top = new Section(root, "");
            var sweep = new Sweep();
            if (top.Has("task"))
            {
                sweep = sweep with { Tasks = [.. top.Tables("task").Select(ReadTask)] };
            }
            if (top.Table("sweep") is { } axes)
            {
                sweep = sweep with
                {
                    Cells = axes.Enums("cells", sweep.Cells),
                    Activations = axes.Enums("activations", sweep.Activations),
                    HiddenSizes = axes.Ints("hidden_sizes", sweep.HiddenSizes),
                    L2 = axes.Doubles("l2", sweep.L2),
                    LearningRates = axes.Has("learning_rates") ? axes.Doubles("learning_rates", []) : null,
                    Seeds = axes.Seeds("seeds", sweep.Seeds),
                    Snapshots = axes.Ints("snapshots", sweep.Snapshots),
                };
                axes.RejectUnknown();
            }
            if (top.Table("training") is { } training)
            {
                sweep = sweep with { Training = ReadTraining(training) };
            }
            if (top.Table("search") is { } search)
            {
                sweep = sweep with { Search = ReadSearch(search) };
            }
            var analysis = ReadAnalysis(root, top);
            top.RejectUnknown();
            sweep.Validate();
            analysis?.Validate(source);
            return (sweep, analysis);
        }
        catch (InvalidConfigurationException e) when (e.Origin is null)
        {
            throw e.WithSource(source);
        }
    }

    /// <summary>
    /// Reads an import manifest (docs/import.md): an optional <c>[task]</c> (as in a sweep file; default the flip-flop),
    /// then one <c>[[network]]</c> per weight file with <c>weights</c> (relative to the manifest), <c>cell</c>,
    /// <c>activation</c> and optionally <c>prefix</c> and <c>readout_prefix</c>.
    /// </summary>
    /// <exception cref="InvalidConfigurationException">The file is unreadable, not valid TOML, or holds a bad or unknown key.</exception>
    public static IReadOnlyList<ImportRequest> ReadImports(string path)
    {
        string text;
        try
        {
            text = InputFile.ReadAllText(path);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidConfigurationException("MANIFEST", path, $"cannot be read ({e.Message})");
        }
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var root = ParseToml(text, path);
        try
        {
            var top = new Section(root, "");
            var task = ReadImportTask(top, folder);
            var networks = top.Has("network") ? top.Tables("network").Select(n =>
            {
                if (!n.Has("weights"))
                {
                    throw new InvalidConfigurationException(n.Field("weights"), "(missing)", "is required: the weight file (.safetensors or .npz)");
                }
                var request = new ImportRequest(
                    Path.Combine(folder, n.String("weights", "")),
                    n.Enum("cell", CellKind.Gru),
                    n.Enum("activation", Activation.Tanh),
                    task,
                    n.Has("prefix") ? n.String("prefix", "") : null,
                    n.Has("readout_prefix") ? n.String("readout_prefix", "") : null);
                n.RejectUnknown();
                return request;
            }).ToList() : [];
            top.RejectUnknown();
            return networks.Count > 0 ? networks : throw new InvalidConfigurationException("network", "(none)", "the manifest needs at least one [[network]] with its weights");
        }
        catch (InvalidConfigurationException e) when (e.Origin is null)
        {
            throw e.WithSource(path);
        }
    }

    /// <summary>
    /// A manifest's task: its <c>[task]</c> (default the flip-flop), or a task of your own from the top-level keys
    /// <c>probe</c>, <c>conditions</c> and optionally <c>initial_state</c> (.npy files relative to the manifest).
    /// </summary>
    /// <exception cref="InvalidDataException">A probe or conditions file is unreadable or of the wrong shape.</exception>
    private static ITask ReadImportTask(Section top, string folder)
    {
        if (top.Has("probe") || top.Has("conditions") || top.Has("initial_state"))
        {
            if (top.Has("task") || !top.Has("probe") || !top.Has("conditions"))
            {
                throw new InvalidConfigurationException(top.Has("task") ? "task" : top.Has("probe") ? "conditions" : "probe", top.Has("task") ? "[task]" : "(missing)", "a task of your own needs both probe and conditions, and no [task]");
            }
            return NetworkImport.ReadCustomTask(
                Path.Combine(folder, top.String("probe", "")),
                Path.Combine(folder, top.String("conditions", "")),
                top.Has("initial_state") ? Path.Combine(folder, top.String("initial_state", "")) : null);
        }
        var tasks = top.Has("task") ? top.Tables("task").ToList() : [new Section(new TomlTable(), "task")];
        return tasks.Count == 1 ? ReadTask(tasks[0]) : throw new InvalidConfigurationException("task", $"{tasks.Count} tables", "a manifest has one [task]: the task of every network it lists");
    }

    /// <summary>Parses TOML 1.0 strictly: a repeated key or table is an error.</summary>
    private static TomlTable ParseToml(string text, string source)
    {
        try
        {
            // The serializer alone lets a repeated key or table silently win or merge; the validating parse applies
            // TOML 1.0, for which both are errors.
            Tomlyn.Parsing.SyntaxParser.ParseStrict(text, source, validate: true);
            return TomlSerializer.Deserialize<TomlTable>(text) ?? new TomlTable();
        }
        catch (TomlException e)
        {
            throw new InvalidConfigurationException("(file)", "TOML", $"is not valid TOML: {e.Message.Trim().ReplaceLineEndings("; ")}", source);
        }
    }

    /// <summary>
    /// The analysis sections as <see cref="AnalysisOptions"/>, read by the same JSON contract that records them in
    /// study.json (snake_case keys, nested tables for nested settings such as <c>[compare.svcca]</c>, unknown keys and
    /// wrong types refused); null without any such section.
    /// </summary>
    private static AnalysisOptions? ReadAnalysis(TomlTable root, Section top)
    {
        var sections = new JsonObject();
        foreach (var name in AnalysisSections)
        {
            if (top.Table(name) is not null)
            {
                sections[name] = Json(root[name]);
            }
        }
        if (sections.Count == 0)
        {
            return null;
        }
        try
        {
            return sections.Deserialize<AnalysisOptions>(StudyJson.Indented) ?? new AnalysisOptions();
        }
        catch (JsonException e)
        {
            var field = e.Path is { Length: > 2 } path ? path[2..] : "(analysis)";
            var value = e.Path is { Length: > 2 } ? Show(sections, e.Path[2..]) : "";
            var expected = e.Message.Contains("could not be mapped", StringComparison.Ordinal) ? "is not a known key (see docs/config.md)" : e.Message.Split(" Path:", 2)[0].Trim();
            throw new InvalidConfigurationException(field, value, expected);
        }
    }

    private static JsonNode? Json(object? value) => value switch
    {
        TomlTable table => new JsonObject(table.Select(kv => KeyValuePair.Create(kv.Key, Json(kv.Value)))),
        TomlArray array => new JsonArray([.. array.Select(Json)]),
        long l => JsonValue.Create(l),
        double d => JsonValue.Create(d),
        bool b => JsonValue.Create(b),
        string s => JsonValue.Create(s),
        _ => JsonValue.Create(value?.ToString()),
    };

    private static string Show(JsonObject sections, string path)
    {
        JsonNode? node = sections;
        foreach (var part in path.Split('.'))
        {
            node = node is JsonObject o && o.TryGetPropertyValue(part, out var child) ? child : null;
        }
        return node?.ToJsonString() ?? "";
    }

    private static TrainingOptions ReadTraining(Section t)
    {
        var d = new TrainingOptions();
        var options = new TrainingOptions
        {
            Optimizer = t.Enum("optimizer", d.Optimizer),
            BatchSize = t.Int("batch_size", d.BatchSize),
            MaxIterations = t.Int("max_iterations", d.MaxIterations),
            EvaluateEvery = t.Int("evaluate_every", d.EvaluateEvery),
            HeldOutTrials = t.Int("held_out_trials", d.HeldOutTrials),
            GradientClipNorm = t.Double("gradient_clip_norm", d.GradientClipNorm),
            Beta1 = t.Double("beta1", d.Beta1),
            Beta2 = t.Double("beta2", d.Beta2),
            Epsilon = t.Double("epsilon", d.Epsilon),
            Momentum = t.Double("momentum", d.Momentum),
            DecayRate = t.Double("decay_rate", d.DecayRate),
            DecaySteps = t.Int("decay_steps", d.DecaySteps),
            Stopping = t.Enum("stopping", d.Stopping),
            CriterionChecks = t.Has("criterion_checks") ? t.Int("criterion_checks", 1) : null,
            KeepBest = t.Bool("keep_best", d.KeepBest),
        };
        t.RejectUnknown();
        return options;
    }

    private static HyperparameterSearch ReadSearch(Section t)
    {
        var d = new HyperparameterSearch();
        var search = new HyperparameterSearch
        {
            Samples = t.Int("samples", d.Samples),
            Iterations = t.Int("iterations", d.Iterations),
            ValidationTrials = t.Int("validation_trials", d.ValidationTrials),
            Seed = t.Int("seed", d.Seed),
            LearningRate = t.Doubles("learning_rate", d.LearningRate),
            GradientClipNorm = t.Doubles("gradient_clip_norm", d.GradientClipNorm),
            DecayRate = t.Doubles("decay_rate", d.DecayRate),
            Momentum = t.Doubles("momentum", d.Momentum),
            MomentumSampling = t.Enum("momentum_sampling", d.MomentumSampling),
            Design = t.Enum("design", d.Design),
        };
        t.RejectUnknown();
        return search;
    }

    private static ITask ReadTask(Section t)
    {
        var task = TaskRegistry.Read(t.String("name", FlipFlopTask.TaskName), t, t.Field("name"));
        t.RejectUnknown();
        return task;
    }

    /// <summary>A TOML table that remembers which keys were read, to reject the rest.</summary>
    private sealed class Section(TomlTable table, string prefix) : IConfigSection
    {
        private readonly HashSet<string> _used = [];

        public string Field(string key) => prefix.Length == 0 ? key : $"{prefix}.{key}";

        public bool Has(string key) => table.ContainsKey(key);

        public void RejectUnknown()
        {
            foreach (var (key, value) in table)
            {
                if (!_used.Contains(key))
                {
                    throw new InvalidConfigurationException(Field(key), Show(value), "is not a known key (see docs/config.md)");
                }
            }
        }

        public Section? Table(string key)
        {
            if (!Get(key, out var value))
            {
                return null;
            }
            return value is TomlTable t ? new Section(t, Field(key)) : throw Wrong(key, value, "a table");
        }

        public IEnumerable<Section> Tables(string key)
        {
            Get(key, out var value);
            return value switch
            {
                TomlTable t => [new Section(t, Field(key))],
                TomlTableArray a => a.Select((t, i) => new Section(t, $"{Field(key)}[{i}]")).ToList(),
                _ => throw Wrong(key, value!, "a table or an array of tables"),
            };
        }

        public string String(string key, string fallback) =>
            !Get(key, out var value) ? fallback : value as string ?? throw Wrong(key, value, "a string");

        public int Int(string key, int fallback) => !Get(key, out var value) ? fallback : AsInt(key, value);

        public double Double(string key, double fallback) => !Get(key, out var value) ? fallback : AsDouble(key, value);

        public bool Bool(string key, bool fallback) => !Get(key, out var value) ? fallback : value as bool? ?? throw Wrong(key, value, "true or false");

        public TEnum Enum<TEnum>(string key, TEnum fallback)
            where TEnum : struct, Enum =>
            !Get(key, out var value) ? fallback : AsEnum<TEnum>(key, value);

        public IReadOnlyList<int> Ints(string key, IReadOnlyList<int> fallback) =>
            !Get(key, out var value) ? fallback : [.. List(key, value).Select(v => AsInt(key, v))];

        public IReadOnlyList<double> Doubles(string key, IReadOnlyList<double> fallback) =>
            !Get(key, out var value) ? fallback : [.. List(key, value).Select(v => AsDouble(key, v))];

        public IReadOnlyList<TEnum> Enums<TEnum>(string key, IReadOnlyList<TEnum> fallback)
            where TEnum : struct, Enum =>
            !Get(key, out var value) ? fallback : [.. List(key, value).Select(v => AsEnum<TEnum>(key, v))];

        /// <summary>Seeds as a count (<c>seeds = 4</c> → 0…3) or an explicit list.</summary>
        public IReadOnlyList<int> Seeds(string key, IReadOnlyList<int> fallback)
        {
            if (!Get(key, out var value))
            {
                return fallback;
            }
            if (value is TomlArray)
            {
                return [.. List(key, value).Select(v => AsInt(key, v))];
            }
            var count = AsInt(key, value);
            InvalidConfigurationException.ThrowIfOutside(Field(key), count, 1, 1_000_000);
            return [.. Enumerable.Range(0, count)];
        }

        private bool Get(string key, out object value)
        {
            _used.Add(key);
            return table.TryGetValue(key, out value!);
        }

        private IEnumerable<object> List(string key, object value) =>
            value is TomlArray array ? array.Select(v => v!) : throw Wrong(key, value, "an array, e.g. [1, 2]");

        private int AsInt(string key, object value) => value switch
        {
            long l and >= int.MinValue and <= int.MaxValue => (int)l,
            _ => throw Wrong(key, value, "an integer"),
        };

        private double AsDouble(string key, object value) => value switch
        {
            double d => d,
            long l => l,
            _ => throw Wrong(key, value, "a number"),
        };

        private TEnum AsEnum<TEnum>(string key, object value)
            where TEnum : struct, Enum =>
            value is string s && System.Enum.TryParse<TEnum>(s, ignoreCase: true, out var parsed) && System.Enum.IsDefined(parsed) && !int.TryParse(s, out _)
                ? parsed
                : throw Wrong(key, value, $"one of {string.Join(", ", System.Enum.GetNames<TEnum>().Select(n => n.ToLowerInvariant()))}");

        private InvalidConfigurationException Wrong(string key, object value, string expected) =>
            new(Field(key), Show(value), $"must be {expected}");

        private static string Show(object? value) => value switch
        {
            string s => $"\"{s}\"",
            double d => d.ToString("R", CultureInfo.InvariantCulture),
            long l => l.ToString(CultureInfo.InvariantCulture),
            bool b => b ? "true" : "false",
            TomlArray a => $"[{string.Join(", ", a.Select(Show))}]",
            TomlTable => "{table}",
            _ => value?.ToString() ?? "",
        };
    }
}

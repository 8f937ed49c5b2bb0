using System.Globalization;
using System.Text;
using RnnAtlas.Populations;
using RnnAtlas.Storage;
using RnnAtlas.Training;

namespace RnnAtlas.Studies.Analyses;

/// <summary>
/// One configuration's hyperparameter search: every sample with its validation error, and the sample whose settings
/// every seed of the configuration trains with. Written as <c>search/&lt;configuration&gt;.csv</c>.
/// </summary>
/// <param name="Name">The configuration's name (<see cref="HyperparameterSearch.Name"/>), also the table's file name.</param>
/// <param name="Samples">The trained samples, by index.</param>
/// <param name="Best">The chosen sample.</param>
/// <param name="Choice">How it was chosen, in words.</param>
public sealed record SearchResult(string Name, IReadOnlyList<TrainedNetwork> Samples, NetworkConfig Best, string Choice)
{
    /// <summary>Folder of the search tables inside a study.</summary>
    public const string Folder = "search";

    /// <summary>
    /// The best of <paramref name="samples"/>: the lowest finite validation NMSE (ties: the lower index); when every sample
    /// diverged, the one with the smallest learning rate, said so in <see cref="Choice"/>.
    /// </summary>
    public static SearchResult Of(string name, IReadOnlyList<TrainedNetwork> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var usable = samples.Where(s => double.IsFinite(s.Metrics.HeldOutNmse)).ToList();
        return usable.Count > 0
            ? new SearchResult(name, samples, usable.OrderBy(s => s.Metrics.HeldOutNmse).ThenBy(s => s.Config.SearchSample).First().Config, "lowest validation NMSE")
            : new SearchResult(name, samples, samples.OrderBy(s => s.Config.LearningRate).First().Config, "every sample diverged: the smallest learning rate");
    }

    /// <summary>The validation NMSE of the chosen sample.</summary>
    public double BestNmse => Samples.Single(s => s.Config.Id == Best.Id).Metrics.HeldOutNmse;

    /// <summary>Writes <c>&lt;study&gt;/search/&lt;name&gt;.csv</c>: one row per sample, the chosen one marked.</summary>
    public void Write(string study)
    {
        var table = new StringBuilder("sample,id,learning_rate,gradient_clip_norm,decay_rate,momentum,iterations,validation_nmse,status,best\n");
        foreach (var sample in Samples)
        {
            var (c, m) = (sample.Config, sample.Metrics);
            table.Append(CultureInfo.InvariantCulture,
                $"{c.SearchSample},{c.Id.Value},{c.LearningRate:R},{c.Training.GradientClipNorm:R},{c.Training.DecayRate:R},{c.Training.Momentum:R},{m.Iterations},{m.HeldOutNmse:R},{m.Status.ToString().ToLowerInvariant()},{(c.Id == Best.Id ? Choice : "")}\n");
        }
        var folder = Path.Combine(study, Folder);
        Directory.CreateDirectory(folder);
        AtomicFile.WriteText(Path.Combine(folder, Name + ".csv"), table.ToString());
    }
}

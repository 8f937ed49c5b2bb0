using RnnAtlas.Cells;
using RnnAtlas.Populations;
using RnnAtlas.Tasks;
using RnnAtlas.Training;

namespace RnnAtlas.Tests;

/// <summary>The smallest flip-flop population the study-level tests train: two cells, H = 8, 5 iterations, a lenient criterion.</summary>
internal static class TinyStudies
{
    /// <summary>GRU and vanilla tanh networks for <paramref name="seeds"/>; every network passes.</summary>
    public static Sweep Sweep(params int[] seeds) => new()
    {
        Tasks = [new FlipFlopTask(Criterion: 10.0, ProbeTrialCount: 4, TimeSteps: 40)],
        Cells = [CellKind.Gru, CellKind.Vanilla],
        Activations = [Activation.Tanh],
        HiddenSizes = [8],
        Seeds = seeds,
        Training = new TrainingOptions { MaxIterations = 5, EvaluateEvery = 5, BatchSize = 8, HeldOutTrials = 8 },
    };
}

using RnnAtlas.Cells;
using RnnAtlas.Populations;
using RnnAtlas.Tasks;
using RnnAtlas.Training;

namespace RnnAtlas.Studies.Configuration;

/// <summary>The sweeps <c>rnnatlas study --preset NAME</c> runs.</summary>
public static class StudyPresets
{
    /// <summary>Preset names.</summary>
    public static IReadOnlyList<string> Names { get; } = ["default", "paper-small", "paper"];

    /// <summary>
    /// The sweep of <paramref name="name"/>: <c>default</c> — 3-bit flip-flop, 4 cells × tanh/ReLU × 4 seeds, H = 64
    /// (32 networks), Adam to the criterion (quick); <c>paper-small</c> — the paper's three tasks, 4 cells × tanh × 2
    /// seeds, H = 64 (24 networks: two per cell and task, the fewest that leave-one-out statistics of the cell label can
    /// use), trained by the paper's protocol (search, SGD and budget) at a budget a 2-core machine finishes in
    /// about half an hour (<see cref="PaperSmallProtocol"/>) with snapshots at 0, 300 and 1,000 iterations for the conclusions over
    /// training; <c>paper</c> — the paper's grid (the three tasks, 4 cells × tanh/ReLU × H {64, 128, 256} × L2 {1e-5,
    /// 1e-4, 1e-3, 1e-2} × 4 seeds, 1,152 networks, meant for a cluster) by the paper's protocol at its recalled budget
    /// (<see cref="PaperProtocol"/>).
    /// </summary>
    /// <exception cref="InvalidConfigurationException">An unknown name.</exception>
    public static Sweep Sweep(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        ITask[] allTasks = [new FlipFlopTask(), new SineWaveTask(), new ContextIntegrationTask()];
        return name switch
        {
            "default" => new Sweep(),
            "paper-small" => PaperSmallProtocol(new Sweep { Tasks = allTasks, Activations = [Activation.Tanh], Seeds = [0, 1], Snapshots = [0, 300, 1000] }),
            "paper" => PaperProtocol(new Sweep { Tasks = allTasks, HiddenSizes = [64, 128, 256], L2 = [1e-5, 1e-4, 1e-3, 1e-2], Snapshots = [0, 1000, 3000, 10000] }),
            _ => throw new InvalidConfigurationException("--preset", name, $"must be one of {string.Join(", ", Names)}"),
        };
    }

    /// <summary>
    /// The paper's protocol as recalled (not verified against the PDF): SGD with momentum and an exponentially decaying
    /// learning rate, batch 64, 20,000 iterations judged at their end, each configuration's learning rate, clip, decay
    /// rate and momentum chosen by a random search on a validation set (here 16 samples of 1,000 iterations, stratified,
    /// with the momentum drawn log-uniformly in 1 − momentum: see <see cref="PaperSmallProtocol"/>).
    /// </summary>
    public static Sweep PaperProtocol(Sweep sweep)
    {
        ArgumentNullException.ThrowIfNull(sweep);
        return sweep with
        {
            Training = new TrainingOptions { Optimizer = OptimizerKind.Sgd, Stopping = StoppingPolicy.Budget, MaxIterations = 20_000, EvaluateEvery = 1_000 },
            Search = new HyperparameterSearch { Samples = 16, Iterations = 1_000, Design = SearchDesign.Stratified, MomentumSampling = MomentumSampling.Log },
        };
    }

    /// <summary>
    /// The paper's protocol at a budget a 2-core machine runs for <c>paper-small</c> in about half an hour: SGD, a search
    /// of 8 samples of 250 iterations per configuration, then 3,000 iterations judged at their end. With 8 samples the
    /// search is stratified (a Latin hypercube) and draws the momentum log-uniformly in 1 − momentum: 8 independent,
    /// uniform draws rarely paired a learning rate above 1e-2 with a momentum above 0.9, where SGD trains the flip-flop
    /// task in 3,000 iterations (default population: 11/32 passed that way, 28/32 this way; docs/training.md).
    /// </summary>
    public static Sweep PaperSmallProtocol(Sweep sweep)
    {
        ArgumentNullException.ThrowIfNull(sweep);
        return sweep with
        {
            Training = new TrainingOptions { Optimizer = OptimizerKind.Sgd, Stopping = StoppingPolicy.Budget, MaxIterations = 3_000, EvaluateEvery = 250 },
            Search = new HyperparameterSearch { Samples = 8, Iterations = 250, Design = SearchDesign.Stratified, MomentumSampling = MomentumSampling.Log },
        };
    }
}

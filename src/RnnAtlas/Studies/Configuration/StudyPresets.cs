using RnnAtlas.Cells;
using RnnAtlas.Populations;
using RnnAtlas.Tasks;

namespace RnnAtlas.Studies.Configuration;

/// <summary>The sweeps <c>rnnatlas study --preset NAME</c> runs.</summary>
public static class StudyPresets
{
    /// <summary>Preset names.</summary>
    public static IReadOnlyList<string> Names { get; } = ["default", "paper-small", "paper"];

    /// <summary>
    /// The sweep of <paramref name="name"/>: <c>default</c> — 3-bit flip-flop, 4 cells × tanh/ReLU × 4 seeds, H = 64
    /// (32 networks); <c>paper-small</c> — the paper's three tasks, 4 cells × tanh × 2 seeds, H = 64 (24 networks: two per cell
/// and task, the fewest that leave-one-out statistics of the cell label can use);
    /// <c>paper</c> — the paper's grid: the paper's three tasks, 4 cells × tanh/ReLU × H {64, 128, 256} × L2
    /// {1e-5, 1e-4, 1e-3, 1e-2} × 4 seeds (1,152 networks, meant for a cluster).
    /// </summary>
    /// <exception cref="InvalidConfigurationException">An unknown name.</exception>
    public static Sweep Sweep(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        ITask[] allTasks = [new FlipFlopTask(), new SineWaveTask(), new ContextIntegrationTask()];
        return name switch
        {
            "default" => new Sweep(),
            "paper-small" => new Sweep { Tasks = allTasks, Activations = [Activation.Tanh], Seeds = [0, 1] },
            "paper" => new Sweep { Tasks = allTasks, HiddenSizes = [64, 128, 256], L2 = [1e-5, 1e-4, 1e-3, 1e-2] },
            _ => throw new InvalidConfigurationException("--preset", name, $"must be one of {string.Join(", ", Names)}"),
        };
    }
}

using System.Text.Json.Serialization;
using RnnAtlas.Cells;
using RnnAtlas.Networks;
using RnnAtlas.Tasks;

namespace RnnAtlas.Training;

/// <summary>
/// Everything that determines one trained network: task (with its parameters), architecture, hyperparameters, seed
/// and training options. Its content address is <see cref="NetworkId"/>; same config → same weights, bit for bit.
/// </summary>
/// <param name="Task">The task and its parameters.</param>
/// <param name="Cell">Cell kind.</param>
/// <param name="Activation">Nonlinearity φ.</param>
/// <param name="HiddenSize">Hidden units H.</param>
/// <param name="L2">L2 penalty λ on weight matrices: the loss gains λ·Σw².</param>
/// <param name="LearningRate">Optimizer learning rate.</param>
/// <param name="Seed">Seed of the initialization and of the training trials.</param>
/// <param name="Training">Optimizer, batch, stopping and clipping options.</param>
public sealed record NetworkConfig(
    ITask Task,
    CellKind Cell,
    Activation Activation,
    int HiddenSize,
    double L2,
    double LearningRate,
    int Seed,
    TrainingOptions Training)
{
    /// <summary>The network's architecture and sizes.</summary>
    [JsonIgnore]
    public NetworkShape Shape => new(Cell, Activation, Task.InputSize, HiddenSize, Task.OutputSize);

    /// <summary>The content address of this config.</summary>
    [JsonIgnore]
    public NetworkId Id => NetworkId.Of(this);
}

using RnnAtlas.Cells;
using RnnAtlas.Tasks;

namespace RnnAtlas.Studies.Import;

/// <summary>One network to import: its weight file, what it is, and the task it was trained on.</summary>
/// <param name="Weights">A safetensors or NumPy <c>.npz</c> file holding a single-layer PyTorch state dict and a readout.</param>
/// <param name="Cell">The recurrent cell (<c>nn.RNN</c> is <see cref="CellKind.Vanilla"/>).</param>
/// <param name="Activation">The nonlinearity (<c>nn.RNN(nonlinearity=…)</c>; tanh for <c>nn.GRU</c> and <c>nn.LSTM</c>).</param>
/// <param name="Task">The task whose probe trials, analysis conditions and scaffold apply.</param>
/// <param name="Prefix">The recurrent module's prefix in the state dict (e.g. <c>model.rnn.</c>); detected when null.</param>
/// <param name="ReadoutPrefix">The readout <c>nn.Linear</c>'s prefix; when null, the one Linear whose input size is the hidden size.</param>
public sealed record ImportRequest(string Weights, CellKind Cell, Activation Activation, ITask Task, string? Prefix = null, string? ReadoutPrefix = null);

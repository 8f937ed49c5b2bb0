using System.ComponentModel;
using Spectre.Console.Cli;

namespace RnnAtlas.Cli;

/// <summary>Options of <c>rnnatlas import</c>: one network by flags, or many from a manifest.</summary>
internal sealed class ImportSettings : CommandSettings
{
    [CommandArgument(0, "[MANIFEST]")]
    [Description("TOML manifest listing several weight files (see docs/import.md); or give one network with --weights.")]
    public string? Manifest { get; init; }

    [CommandOption("-o|--out <DIR>")]
    [Description("Study folder to add the networks to (created when absent; required).")]
    public string? Out { get; init; }

    [CommandOption("--weights <FILE>")]
    [Description("A PyTorch state dict as .safetensors or .npz (np.savez of the state dict): one nn.RNN/GRU/LSTM layer and an nn.Linear readout.")]
    public string? Weights { get; init; }

    [CommandOption("--cell <CELL>")]
    [Description("vanilla (nn.RNN), gru, lstm or ugrnn.")]
    public string? Cell { get; init; }

    [CommandOption("--activation <NAME>")]
    [Description("tanh or relu (nn.RNN's nonlinearity; default tanh).")]
    public string? Activation { get; init; }

    [CommandOption("--task <TASK>")]
    [Description("The task the network was trained on, with its default parameters (default flipflop).")]
    public string? Task { get; init; }

    [CommandOption("--probe <FILE>")]
    [Description("For a task of your own (instead of --task): probe inputs, a .npy of shape [trials, time, inputs].")]
    public string? Probe { get; init; }

    [CommandOption("--conditions <FILE>")]
    [Description("For a task of your own: the constant inputs at which fixed points are sought, a .npy of shape [conditions, inputs].")]
    public string? Conditions { get; init; }

    [CommandOption("--initial-state <FILE>")]
    [Description("For a task of your own: the state the probe trials start from, a .npy of shape [state] ([h], or [h; c] for an LSTM; default zero).")]
    public string? InitialState { get; init; }

    [CommandOption("--prefix <PREFIX>")]
    [Description("The recurrent module's prefix in the state dict, e.g. 'model.rnn.' (default: detected).")]
    public string? Prefix { get; init; }

    [CommandOption("--readout-prefix <PREFIX>")]
    [Description("The readout nn.Linear's prefix, e.g. 'fc.' (default: the one Linear whose input size is the hidden size).")]
    public string? ReadoutPrefix { get; init; }
}

using System.ComponentModel;
using Spectre.Console.Cli;

namespace RnnAtlas.Cli;

/// <summary>Options of <c>rnnatlas train</c>. Flags override the matching keys of <c>--config</c>.</summary>
internal sealed class TrainSettings : WorkerSettings
{
    [CommandOption("-o|--out <DIR>")]
    [Description("Study folder to create or resume (required).")]
    public string? Out { get; init; }

    [CommandOption("-c|--config <FILE>")]
    [Description("TOML sweep file (see docs/config.md).")]
    public string? Config { get; init; }

    [CommandOption("--task <TASK>")]
    [Description("flipflop, sine or integration (default flipflop).")]
    public string? Task { get; init; }

    [CommandOption("--cells <LIST>")]
    [Description("Comma-separated: vanilla,ugrnn,gru,lstm (default all).")]
    public string? Cells { get; init; }

    [CommandOption("--activations <LIST>")]
    [Description("Comma-separated: tanh,relu (default both).")]
    public string? Activations { get; init; }

    [CommandOption("--hidden <LIST>")]
    [Description("Hidden sizes, comma-separated (default 64).")]
    public string? Hidden { get; init; }

    [CommandOption("--l2 <LIST>")]
    [Description("L2 penalties, comma-separated (default 1e-4).")]
    public string? L2 { get; init; }

    [CommandOption("--learning-rates <LIST>")]
    [Description("Learning rates, comma-separated (default: the task's recommended rate).")]
    public string? LearningRates { get; init; }

    [CommandOption("--seeds <N>")]
    [Description("Number of seeds per configuration, 0…N−1 (default 4).")]
    public string? Seeds { get; init; }

    [CommandOption("--iterations <N>")]
    [Description("Iteration cap per network (default 8000).")]
    public string? Iterations { get; init; }

    [CommandOption("--stopping <POLICY>")]
    [Description("criterion (stop at the first held-out check that meets the task's criterion; default) or budget (train all --iterations, judge at the end).")]
    public string? Stopping { get; init; }

    [CommandOption("--snapshots <LIST>")]
    [Description("Also add each network's training snapshots as population members: iterations, comma-separated (0 = the untrained initialization), or 'log' for 0,10,30,100,300,1000.")]
    public string? Snapshots { get; init; }
}

using RnnAtlas.Cells;
using RnnAtlas.Networks;
using RnnAtlas.Populations;
using RnnAtlas.Storage;
using RnnAtlas.Studies;
using RnnAtlas.Tasks;
using RnnAtlas.Training;

namespace RnnAtlas.Tests.Interop;

/// <summary>
/// Trained networks' weights.safetensors load into torch.nn.RNN / GRU / LSTM (Debian's python3-torch) and PyTorch's
/// readouts on a probe trial set match RnnAtlas's to 1e-5. Skipped (reported as skipped) where PyTorch is absent,
/// unless RNNATLAS_REQUIRE_TORCH=1 (set by CI), where its absence fails the test.
/// </summary>
public sealed class PyTorchInteropTests
{
    [SkippableTheory]
    [InlineData(CellKind.Vanilla, Activation.Tanh)]
    [InlineData(CellKind.Vanilla, Activation.Relu)]
    [InlineData(CellKind.Gru, Activation.Tanh)]
    [InlineData(CellKind.Lstm, Activation.Tanh)]
    public void PyTorchReproducesTheReadouts(CellKind cell, Activation activation)
    {
        var python = PythonWithTorch();
        using var folder = new TempFolder();
        var task = new FlipFlopTask();
        var config = new NetworkConfig(task, cell, activation, 24, 1e-4, 0.01, 3, new TrainingOptions { MaxIterations = 60 });
        var study = StudyFolder.CreateOrOpen(folder.Path, new Sweep());
        new PopulationTrainer(study, 1).Train([config], null, default);

        var probe = task.ProbeTrials();
        var network = new RecurrentNetwork<float>(study.ReadParameters(config));
        var (_, outputs) = network.Run(probe);
        NpyFile.Write(folder["inputs.npy"], probe.Inputs, probe.BatchSize, probe.TimeSteps, probe.InputSize);
        NpyFile.Write(folder["expected.npy"], outputs, probe.BatchSize, probe.TimeSteps, probe.OutputSize);

        var script = Path.Combine(AppContext.BaseDirectory, "Interop", "torch_forward.py");
        var weights = Path.Combine(study.NetworkFolder(config.Id), "weights.safetensors");
        var (code, output, error) = ChildProcess.Run(python, script, weights, folder["inputs.npy"], folder["expected.npy"]);
        Assert.True(code == 0, output + error);
    }

    internal static string PythonWithTorch()
    {
        foreach (var candidate in new[] { "/usr/bin/python3", "python3" })
        {
            try
            {
                if (ChildProcess.Run(candidate, "-c", "import torch, numpy").ExitCode == 0)
                {
                    return candidate;
                }
            }
            catch (System.ComponentModel.Win32Exception)
            {
            }
        }
        Assert.False(Environment.GetEnvironmentVariable("RNNATLAS_REQUIRE_TORCH") == "1", "RNNATLAS_REQUIRE_TORCH=1 but no python3 with torch and numpy was found");
        Skip.If(true, "no python3 with torch and numpy (apt-get install python3-torch)");
        return "";
    }
}

using RnnAtlas.Cells;
using RnnAtlas.Networks;
using RnnAtlas.Storage;
using RnnAtlas.Studies;
using RnnAtlas.Studies.Import;
using RnnAtlas.Studies.Stages;
using RnnAtlas.Tasks;

namespace RnnAtlas.Tests.Interop;

/// <summary>
/// Networks trained by PyTorch (Debian's python3-torch), not by RnnAtlas — nn.GRU, nn.LSTM, nn.RNN tanh and ReLU
/// (bias=False), exported as .npz and safetensors with and without a module prefix — are imported; RnnAtlas's readouts
/// on the probe trials match PyTorch's to 1e-5, and the fixed-point and comparison stages run on them.
/// </summary>
public sealed class PyTorchImportTests
{
    [SkippableFact]
    public void NetworksTrainedInPyTorchImportWithTheirReadoutsAndGoThroughTheStages()
    {
        var python = PyTorchInteropTests.PythonWithTorch();
        using var folder = new TempFolder();
        var task = new FlipFlopTask(Criterion: 10.0, ProbeTrialCount: 16);
        var probe = task.ProbeTrials();
        NpyFile.Write(folder["probe.npy"], probe.Inputs, probe.BatchSize, probe.TimeSteps, probe.InputSize);
        var script = Path.Combine(AppContext.BaseDirectory, "Interop", "torch_train_export.py");
        var (code, output, error) = ChildProcess.Run(python, script, folder.Path, folder["probe.npy"], "200", "16");
        Assert.True(code == 0, output + error);

        var study = StudyFolder.CreateOrOpen(folder["study"], null);
        (string File, CellKind Cell, Activation Activation, string Prefix, string Readout, string[] Zeros)[] networks =
        [
            ("gru.npz", CellKind.Gru, Activation.Tanh, "rnn.", "readout.", []),
            ("lstm.safetensors", CellKind.Lstm, Activation.Tanh, "model.rnn.", "readout.", []),
            ("rnn-tanh.safetensors", CellKind.Vanilla, Activation.Tanh, "", "readout.", []),
            ("rnn-relu.npz", CellKind.Vanilla, Activation.Relu, "rnn.", "fc.", [ParameterLayout.InputBiasName, ParameterLayout.RecurrentBiasName]),
        ];
        foreach (var (file, cell, activation, prefix, readout, zeros) in networks)
        {
            var imported = NetworkImport.Prepare(new ImportRequest(folder[file], cell, activation, task));
            Assert.Equal((prefix, readout), (imported.Config.Import!.Prefix, imported.Config.Import.ReadoutPrefix));
            Assert.Equal(zeros, imported.Config.Import.ZeroBiases);
            var (_, outputs) = new RecurrentNetwork<float>(imported.Parameters).Run(probe);
            var (expected, shape) = NpyFile.Read(folder[Path.GetFileNameWithoutExtension(file) + ".expected.npy"]);
            Assert.Equal([probe.BatchSize, probe.TimeSteps, probe.OutputSize], shape);
            var difference = expected.Zip(outputs, (e, o) => Math.Abs(e - o)).Max();
            Assert.True(difference < 1e-5, $"{file}: max |torch − rnnatlas| = {difference:e3}");
            Assert.True(NetworkImport.Save(study, imported));
        }

        var outcomes = new StudyPipeline([StudyPipeline.FixedPoints(study, study.Analysis.FixedPoints, 2, null, null), StudyPipeline.Compare(study, study.Analysis.Compare, 2, null)]).Run(new Unobserved(), default);

        var fixedPoints = Assert.IsType<FixedPointOutcome>(outcomes[0]).Networks;
        Assert.Equal(4, fixedPoints.Count);
        // The gated and tanh networks hold their bits in stable points. The ReLU network has no biases, so F(0, 0) = 0:
        // the zero state is a fixed point whatever training did, and the search must report it; whether it is stable
        // depends on the trained W_hh's spectral radius, which moves with PyTorch's BLAS (it does with OpenBLAS).
        foreach (var network in fixedPoints)
        {
            var points = network.Report.Conditions.SelectMany(c => c.Points).ToArray();
            if (network.Report.NetworkId.Contains("vanilla-relu", StringComparison.Ordinal))
            {
                Assert.Contains(points, p => p.State.All(x => Math.Abs(x) < 1e-6));
            }
            else
            {
                Assert.Contains(points, p => p.IsStable);
            }
        }
        var comparison = Assert.Single(Assert.IsType<ComparisonOutcome>(outcomes[1]).Tasks);
        Assert.Equal(4, comparison.Networks.Count);
        Assert.All(comparison.Metrics, m => Assert.All(m.Distances.Values.ToArray(), d => Assert.True(double.IsFinite(d))));
    }
}

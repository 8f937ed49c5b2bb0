using System.IO.Compression;
using RnnAtlas.Cells;
using RnnAtlas.Cli;
using RnnAtlas.Networks;
using RnnAtlas.Populations;
using RnnAtlas.Storage;
using RnnAtlas.Studies;
using RnnAtlas.Studies.Import;
using RnnAtlas.Studies.Scaffolds;
using RnnAtlas.Studies.Stages;
using RnnAtlas.Tasks;
using RnnAtlas.Training;
using Spectre.Console.Testing;

namespace RnnAtlas.Tests.Studies;

/// <summary>
/// <c>rnnatlas import</c> without PyTorch: state dicts written here (from networks RnnAtlas trained) come back exactly;
/// every malformed one is refused with one line naming the file and tensor, and leaves no study behind.
/// </summary>
public sealed class ImportTests
{
    private static readonly FlipFlopTask Task = (FlipFlopTask)TinyStudies.Sweep(0).Tasks[0];

    [Theory]
    [InlineData(CellKind.Gru, ".npz", "model.rnn.", "readout.")]
    [InlineData(CellKind.Vanilla, ".safetensors", "", "fc.")]
    [InlineData(CellKind.Lstm, ".safetensors", "rnn.", "head.")]
    public void AStateDictComesBackExactlyWithItsPrefixAndReadoutDetected(CellKind cell, string extension, string prefix, string readout)
    {
        using var folder = new TempFolder();
        var original = Parameters(cell);
        var file = folder["net" + extension];
        Write(file, StateDict(original, prefix, readout));

        var imported = NetworkImport.Prepare(new ImportRequest(file, cell, Activation.Tanh, Task));

        Assert.Equal(original.Values, imported.Parameters.Values);
        var provenance = imported.Config.Import!;
        Assert.Equal((prefix, readout, "imported", extension[1..]), (provenance.Prefix, provenance.ReadoutPrefix, provenance.Origin, provenance.Format));
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(file))), provenance.Sha256);
        Assert.Equal(8, imported.Config.HiddenSize);
    }

    [Fact]
    public void ABiasFreeModuleGetsZeroBiasesAndSaysSo()
    {
        using var folder = new TempFolder();
        var original = Parameters(CellKind.Vanilla);
        var tensors = StateDict(original, "rnn.", "readout.").Where(t => !t.Name.StartsWith("rnn.bias", StringComparison.Ordinal)).ToList();
        Write(folder["net.npz"], tensors);

        var imported = NetworkImport.Prepare(new ImportRequest(folder["net.npz"], CellKind.Vanilla, Activation.Tanh, Task));

        Assert.Equal([ParameterLayout.InputBiasName, ParameterLayout.RecurrentBiasName], imported.Config.Import!.ZeroBiases);
        var layout = imported.Parameters.Layout.Tensors.ToDictionary(t => t.Name);
        Assert.All(new[] { ParameterLayout.InputBiasName, ParameterLayout.RecurrentBiasName }, b => Assert.All(imported.Parameters.Values.AsSpan(layout[b].Offset, layout[b].Length).ToArray(), v => Assert.Equal(0f, v)));
        Assert.Equal(original.Values.AsSpan(layout[ParameterLayout.RecurrentWeightsName].Offset, layout[ParameterLayout.RecurrentWeightsName].Length).ToArray(),
            imported.Parameters.Values.AsSpan(layout[ParameterLayout.RecurrentWeightsName].Offset, layout[ParameterLayout.RecurrentWeightsName].Length).ToArray());
    }

    [Fact]
    public void ReimportingTheSameFileIsANoOpAndAChangedFileIsANewNetwork()
    {
        using var folder = new TempFolder();
        var tensors = StateDict(Parameters(CellKind.Gru), "rnn.", "readout.");
        Write(folder["net.safetensors"], tensors);
        var study = StudyFolder.CreateOrOpen(folder["study"], null);
        var request = new ImportRequest(folder["net.safetensors"], CellKind.Gru, Activation.Tanh, Task);

        Assert.True(NetworkImport.Save(study, NetworkImport.Prepare(request)));
        var stamps = Directory.GetFiles(folder["study"], "*", SearchOption.AllDirectories).ToDictionary(f => f, File.GetLastWriteTimeUtc);
        Assert.False(NetworkImport.Save(study, NetworkImport.Prepare(request)));
        Assert.Equal(stamps, Directory.GetFiles(folder["study"], "*", SearchOption.AllDirectories).ToDictionary(f => f, File.GetLastWriteTimeUtc));

        tensors[0].Values[0] += 0.25f;
        Write(folder["net.safetensors"], tensors);
        Assert.True(NetworkImport.Save(study, NetworkImport.Prepare(request)));
        Assert.Equal(2, study.NetworkIds().Count);
        Assert.Empty(study.Planned());
        var id = study.NetworkIds()[0];
        Assert.Equal("imported", study.ReadConfig(id).Import!.Origin);
        Assert.Equal(TrainingStatus.Passed, study.FinishedMetrics(id)!.Status);
    }

    public static TheoryData<string, string> BadStateDicts() => new()
    {
        { "multi-layer", "tensor 'rnn.weight_ih_l1': a multi-layer module (num_layers > 1)" },
        { "bidirectional", "tensor 'rnn.weight_ih_l0_reverse': a bidirectional module" },
        { "projection", "tensor 'rnn.weight_hr_l0': an LSTM with proj_size > 0" },
        { "missing", "no tensor 'rnn.weight_hh_l0' beside 'rnn.weight_ih_l0'" },
        { "extra", "tensor 'rnn.other': belongs neither to the recurrent module 'rnn.' nor to the readout 'readout.'" },
        { "cell", "tensor 'rnn.weight_hh_l0': shape [8, 8] does not fit a gru cell ([3·H, H])" },
        { "inputs", "tensor 'rnn.weight_ih_l0': 4 inputs, but task flipflop has 3" },
        { "outputs", "tensor 'readout.weight': 2 outputs, but task flipflop has 3" },
        { "nan", "tensor 'rnn.weight_hh_l0': value NaN at flat index 5 (weights must be finite)" },
        { "one bias", "no tensor 'rnn.bias_hh_l0' although 'rnn.bias_ih_l0' is there" },
        { "no readout", "no nn.Linear readout whose input size is the hidden size 8" },
        { "two readouts", "2 nn.Linear layers take the 8 hidden units ('a.', 'readout.'); pass --readout-prefix" },
        { "no module", "no tensor named '…weight_ih_l0', so no torch.nn.RNN/GRU/LSTM state dict" },
        { "two modules", "2 recurrent modules ('enc.', 'rnn.'); pass --prefix" },
    };

    [Theory]
    [MemberData(nameof(BadStateDicts))]
    public void AMalformedStateDictIsRefusedInOneLineAndNoStudyIsCreated(string damage, string expected)
    {
        using var folder = new TempFolder();
        var tensors = StateDict(Parameters(CellKind.Gru), "rnn.", "readout.");
        NamedTensor Copy(string name, NamedTensor t) => new(name, t.Shape, t.Values);
        var byName = tensors.ToDictionary(t => t.Name);
        var hidden = byName["rnn.weight_hh_l0"];
        tensors = damage switch
        {
            "multi-layer" => [.. tensors, Copy("rnn.weight_ih_l1", byName["rnn.weight_ih_l0"])],
            "bidirectional" => [.. tensors, Copy("rnn.weight_ih_l0_reverse", byName["rnn.weight_ih_l0"])],
            "projection" => [.. tensors, Copy("rnn.weight_hr_l0", hidden)],
            "missing" => [.. tensors.Where(t => t.Name != "rnn.weight_hh_l0")],
            "extra" => [.. tensors, Copy("rnn.other", hidden)],
            "cell" => [.. tensors.Select(t => t.Name == "rnn.weight_hh_l0" ? new NamedTensor(t.Name, [8, 8], t.Values[..64]) : t)],
            "inputs" => [.. tensors.Select(t => t.Name == "rnn.weight_ih_l0" ? new NamedTensor(t.Name, [24, 4], new float[96]) : t)],
            "outputs" => [.. tensors.Select(t => t.Name switch { "readout.weight" => new NamedTensor(t.Name, [2, 8], t.Values[..16]), "readout.bias" => new NamedTensor(t.Name, [2], t.Values[..2]), _ => t })],
            "nan" => [.. tensors.Select(t => t.Name == "rnn.weight_hh_l0" ? new NamedTensor(t.Name, t.Shape, [.. t.Values[..5], float.NaN, .. t.Values[6..]]) : t)],
            "one bias" => [.. tensors.Where(t => t.Name != "rnn.bias_hh_l0")],
            "no readout" => [.. tensors.Where(t => !t.Name.StartsWith("readout.", StringComparison.Ordinal))],
            "two readouts" => [.. tensors, Copy("a.weight", byName["readout.weight"])],
            "no module" => [.. tensors.Where(t => !t.Name.StartsWith("rnn.", StringComparison.Ordinal))],
            _ => [.. tensors, .. tensors.Where(t => t.Name.StartsWith("rnn.", StringComparison.Ordinal)).Select(t => Copy("enc." + t.Name[4..], t))],
        };
        Write(folder["net.safetensors"], tensors);
        var console = new TestConsole();

        var error = Assert.Throws<BadInputFileException>(() => new ImportCommand(console).Execute(null!, new ImportSettings { Weights = folder["net.safetensors"], Cell = "gru", Out = folder["study"] }, default));

        Assert.Equal(ExitCodes.BadInput, ErrorReport.Handle(error));
        Assert.StartsWith($"--weights: {folder["net.safetensors"]}: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.False(Directory.Exists(folder["study"]));
    }

    [Fact]
    public void NonFloatArraysAndForeignFilesAreRefusedNamingTheMember()
    {
        using var folder = new TempFolder();
        using (var zip = ZipFile.Open(folder["int.npz"], ZipArchiveMode.Create))
        {
            using var entry = zip.CreateEntry("rnn.weight_ih_l0.npy").Open();
            var header = "{'descr': '<i8', 'fortran_order': False, 'shape': (2,), }";
            header = header.PadRight(118 - 1) + "\n";
            entry.Write([0x93, .. "NUMPY"u8, 1, 0, (byte)header.Length, 0, .. System.Text.Encoding.ASCII.GetBytes(header), .. new byte[16]]);
        }
        File.WriteAllText(folder["net.pt"], "not a state dict");

        var dtype = Assert.Throws<InvalidDataException>(() => NetworkImport.Prepare(new ImportRequest(folder["int.npz"], CellKind.Gru, Activation.Tanh, Task)));
        var format = Assert.Throws<InvalidDataException>(() => NetworkImport.Prepare(new ImportRequest(folder["net.pt"], CellKind.Gru, Activation.Tanh, Task)));

        Assert.Equal($"{folder["int.npz"]}:rnn.weight_ih_l0.npy: dtype <i8 is not supported; use float32 ('<f4') or float64 ('<f8')", dtype.Message);
        Assert.Equal($"{folder["net.pt"]}: extension '.pt' is neither .safetensors nor .npz (np.savez of the state dict)", format.Message);
    }

    [Fact]
    public void AManifestImportsEveryNetworkOrNoneAndTheStagesAfterItAnalyseThem()
    {
        using var folder = new TempFolder();
        Write(folder["a.npz"], StateDict(Parameters(CellKind.Gru), "rnn.", "readout."));
        Write(folder["b.safetensors"], StateDict(Parameters(CellKind.Vanilla), "", "readout."));
        File.WriteAllText(folder["bad.npz"], "damaged");
        File.WriteAllText(folder["all.toml"], """
            [task]
            name = "flipflop"
            time_steps = 40
            criterion = 10.0
            probe_trials = 4

            [[network]]
            weights = "a.npz"
            cell = "gru"

            [[network]]
            weights = "b.safetensors"
            cell = "vanilla"
            activation = "tanh"
            """);
        File.WriteAllText(folder["broken.toml"], File.ReadAllText(folder["all.toml"]) + "\n[[network]]\nweights = \"bad.npz\"\ncell = \"gru\"\n");

        Assert.Throws<BadInputFileException>(() => new ImportCommand(new TestConsole()).Execute(null!, new ImportSettings { Manifest = folder["broken.toml"], Out = folder["study"] }, default));
        Assert.False(Directory.Exists(folder["study"]));

        var console = new TestConsole().Width(200);
        Assert.Equal(ExitCodes.Ok, new ImportCommand(console).Execute(null!, new ImportSettings { Manifest = folder["all.toml"], Out = folder["study"] }, default));
        Assert.Contains("2 network(s) in ", console.Output, StringComparison.Ordinal);

        var study = StudyFolder.Open(folder["study"]);
        var outcomes = new StudyPipeline([StudyPipeline.FixedPoints(study, study.Analysis.FixedPoints, 2, null, null), StudyPipeline.Compare(study, study.Analysis.Compare, 2, null)]).Run(new Unobserved(), default);
        Assert.Equal(2, Assert.IsType<FixedPointOutcome>(outcomes[0]).Networks.Count);
        Assert.Equal(2, Assert.Single(Assert.IsType<ComparisonOutcome>(outcomes[1]).Tasks).Networks.Count);
        var report = File.ReadAllText(RnnAtlas.Reporting.StudyReport.Build(study, null));
        Assert.Contains("2 of these networks were trained elsewhere and imported", report, StringComparison.Ordinal);
        Assert.Contains("<td>a.npz</td>", report, StringComparison.Ordinal);
    }

    [Fact]
    public void ANetworkOfATaskOfYourOwnGoesThroughEveryStageWithAGraphPerCondition()
    {
        using var folder = new TempFolder();
        Write(folder["a.npz"], StateDict(Parameters(CellKind.Gru), "rnn.", "readout."));
        Write(folder["b.npz"], StateDict(Parameters(CellKind.Lstm), "rnn.", "readout."));
        var probe = Task.ProbeTrials();
        NpyFile.Write(folder["probe.npy"], probe.Inputs, probe.BatchSize, probe.TimeSteps, probe.InputSize);
        NpyFile.Write(folder["conditions.npy"], new float[] { 0, 0, 0, 0.5f, 0, 0 }, 2, 3);
        NpyFile.Write(folder["narrow.npy"], new float[] { 0, 0 }, 1, 2);
        var console = new TestConsole().Width(200);
        foreach (var (file, cell) in new[] { ("a.npz", "gru"), ("b.npz", "lstm") })
        {
            Assert.Equal(ExitCodes.Ok, new ImportCommand(console).Execute(null!, new ImportSettings { Weights = folder[file], Cell = cell, Probe = folder["probe.npy"], Conditions = folder["conditions.npy"], Out = folder["study"] }, default));
        }

        var narrow = Assert.Throws<BadInputFileException>(() => new ImportCommand(console).Execute(null!, new ImportSettings { Weights = folder["a.npz"], Cell = "gru", Probe = folder["probe.npy"], Conditions = folder["narrow.npy"], Out = folder["study"] }, default));
        Assert.Equal($"--conditions: {folder["narrow.npy"]}: shape (1, 2) is not [conditions, 3] (one constant input per row, as wide as the probe inputs of probe.npy)", narrow.Message);

        var study = StudyFolder.Open(folder["study"]);
        var config = study.ReadConfig(study.NetworkIds()[0]);
        var task = Assert.IsType<CustomTask>(config.Task);
        Assert.Equal((3, 2, "probe.npy"), (task.OutputSize, task.Conditions.Count, task.Source));
        Assert.True(double.IsNaN(study.FinishedMetrics(config.Id)!.HeldOutNmse));
        var outcomes = StudyPipeline.Merge(study, 2, RnnAtlas.Reporting.StudyReport.Build).Run(new Unobserved(), default);
        var topology = Assert.Single(Assert.IsType<TopologyOutcome>(outcomes[1]).Tasks);
        Assert.All(topology.Reports, r => Assert.Equal(2, Assert.IsType<FixedPointGraphsReport>(r).Graphs.Count));
        Assert.StartsWith("custom: ", topology.Summary, StringComparison.Ordinal);
        Assert.All(Assert.Single(Assert.IsType<ComparisonOutcome>(outcomes[2]).Tasks).Function["behaviour"].Values.ToArray(), d => Assert.True(double.IsFinite(d)));
        Assert.Contains("fixed-point graph", File.ReadAllText(Assert.IsType<ReportOutcome>(outcomes[3]).Index), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void AProbeAsWideAsAnotherNetworkIsRefusedNamingTheProbe()
    {
        using var folder = new TempFolder();
        Write(folder["a.npz"], StateDict(Parameters(CellKind.Gru), "rnn.", "readout."));
        NpyFile.Write(folder["probe.npy"], new float[2 * 5 * 2], 2, 5, 2);
        NpyFile.Write(folder["conditions.npy"], new float[2], 1, 2);

        var error = Assert.Throws<InvalidDataException>(() => NetworkImport.Prepare(new ImportRequest(folder["a.npz"], CellKind.Gru, Activation.Tanh, NetworkImport.ReadCustomTask(folder["probe.npy"], folder["conditions.npy"]))));

        Assert.Equal($"{folder["a.npz"]}: tensor 'rnn.weight_ih_l0': 3 inputs, but the probe inputs probe.npy have 2", error.Message);
    }

    [Fact]
    public void AnInitialStateIsPartOfTheTaskAndMustFitTheNetworksState()
    {
        using var folder = new TempFolder();
        Write(folder["lstm.npz"], StateDict(Parameters(CellKind.Lstm), "rnn.", "readout."));
        var probe = Task.ProbeTrials();
        NpyFile.Write(folder["probe.npy"], probe.Inputs, probe.BatchSize, probe.TimeSteps, probe.InputSize);
        NpyFile.Write(folder["conditions.npy"], new float[3], 1, 3);
        NpyFile.Write(folder["hc.npy"], Enumerable.Range(0, 16).Select(i => 0.05f * i).ToArray(), 16);
        NpyFile.Write(folder["h.npy"], new float[8], 8);

        var imported = NetworkImport.Prepare(new ImportRequest(folder["lstm.npz"], CellKind.Lstm, Activation.Tanh, NetworkImport.ReadCustomTask(folder["probe.npy"], folder["conditions.npy"], folder["hc.npy"])));
        var task = Assert.IsType<CustomTask>(imported.Config.Task);
        var withoutStart = NetworkImport.Prepare(new ImportRequest(folder["lstm.npz"], CellKind.Lstm, Activation.Tanh, NetworkImport.ReadCustomTask(folder["probe.npy"], folder["conditions.npy"])));
        var tooShort = Assert.Throws<InvalidDataException>(() => NetworkImport.Prepare(new ImportRequest(folder["lstm.npz"], CellKind.Lstm, Activation.Tanh, NetworkImport.ReadCustomTask(folder["probe.npy"], folder["conditions.npy"], folder["h.npy"]))));

        Assert.Equal(("hc.npy", 16), (task.InitialStateSource, task.InitialState!.Length));
        Assert.Equal(task.InitialState, task.ProbeTrials().InitialState);
        Assert.NotEqual(withoutStart.Config.Id, imported.Config.Id);
        Assert.Equal($"h.npy: 8 values, but the lstm network of {folder["lstm.npz"]} has a state of 16 ([h; c])", tooShort.Message);
    }

    private static NetworkParameters<float> Parameters(CellKind cell) =>
        NetworkParameters<float>.Initialize(new NetworkShape(cell, Activation.Tanh, Task.InputSize, 8, Task.OutputSize), (ulong)cell + 7);

    private static List<NamedTensor> StateDict(NetworkParameters<float> parameters, string prefix, string readout) =>
        [.. parameters.Layout.Tensors.Select(t => new NamedTensor(
            t.Name.StartsWith("readout.", StringComparison.Ordinal) ? readout + t.Name["readout.".Length..] : prefix + t.Name,
            t.Shape,
            parameters.Values.AsSpan(t.Offset, t.Length).ToArray()))];

    /// <summary>Writes a state dict as safetensors, or as np.savez does (a stored zip of .npy members).</summary>
    private static void Write(string path, IReadOnlyList<NamedTensor> tensors)
    {
        if (path.EndsWith(".safetensors", StringComparison.Ordinal))
        {
            SafeTensorsFile.Write(path, tensors);
            return;
        }
        File.Delete(path);
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        foreach (var tensor in tensors)
        {
            var member = Path.GetTempFileName();
            NpyFile.Write(member, tensor.Values, tensor.Shape);
            zip.CreateEntryFromFile(member, tensor.Name + ".npy", CompressionLevel.NoCompression);
            File.Delete(member);
        }
    }
}

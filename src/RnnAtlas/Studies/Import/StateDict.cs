using System.Globalization;
using System.Text.RegularExpressions;
using RnnAtlas.Networks;
using RnnAtlas.Storage;
using RnnAtlas.Tasks;

namespace RnnAtlas.Studies.Import;

/// <summary>
/// A PyTorch state dict read from a weight file and mapped onto RnnAtlas's parameter layout (which already uses
/// <c>torch.nn.RNN</c>/<c>GRU</c>/<c>LSTM</c> names and gate order): the recurrent module's prefix found or given, the
/// readout Linear found or given, absent biases set to zero, every other tensor, shape and value checked.
/// </summary>
internal static partial class StateDict
{
    /// <summary>The mapped parameters and how they were found.</summary>
    /// <exception cref="InvalidDataException">The file cannot be read or does not hold such a network; the message names the file and the tensor.</exception>
    public static (NetworkParameters<float> Parameters, string Format, string Prefix, string ReadoutPrefix, IReadOnlyList<string> ZeroBiases) Map(ImportRequest request)
    {
        var file = request.Weights;
        var (format, tensors) = Read(file);
        Exception Bad(string tensor, string problem) => new InvalidDataException($"{file}: tensor '{tensor}': {problem}");

        var prefix = request.Prefix ?? DetectPrefix(file, tensors.Keys);
        string Recurrent(string name) => prefix + name;
        if (!tensors.ContainsKey(Recurrent(ParameterLayout.InputWeightsName)))
        {
            throw new InvalidDataException($"{file}: no tensor '{Recurrent(ParameterLayout.InputWeightsName)}' (the --prefix given does not name a recurrent module; tensors: {Names(tensors.Keys)})");
        }
        foreach (var name in tensors.Keys.Where(n => n.StartsWith(prefix, StringComparison.Ordinal)))
        {
            var local = name[prefix.Length..];
            if (local.EndsWith("_reverse", StringComparison.Ordinal))
            {
                throw Bad(name, "a bidirectional module (bidirectional=True); RnnAtlas analyses one direction of recurrence");
            }
            if (OtherLayer().IsMatch(local))
            {
                throw Bad(name, "a multi-layer module (num_layers > 1); RnnAtlas analyses single-layer networks");
            }
            if (local.StartsWith("weight_hr_", StringComparison.Ordinal))
            {
                throw Bad(name, "an LSTM with proj_size > 0; RnnAtlas's LSTM has no projection");
            }
        }

        var gates = new NetworkShape(request.Cell, request.Activation, 1, 1, 1).GateCount;
        var cellName = request.Cell.ToString().ToLowerInvariant();
        var recurrent = tensors[Recurrent(ParameterLayout.InputWeightsName)];
        if (!tensors.TryGetValue(Recurrent(ParameterLayout.RecurrentWeightsName), out var hh))
        {
            throw new InvalidDataException($"{file}: no tensor '{Recurrent(ParameterLayout.RecurrentWeightsName)}' beside '{Recurrent(ParameterLayout.InputWeightsName)}'");
        }
        if (hh.Shape.Length != 2 || hh.Shape[0] != gates * hh.Shape[1])
        {
            throw Bad(Recurrent(ParameterLayout.RecurrentWeightsName), $"shape {Shape(hh.Shape)} does not fit a {cellName} cell ([{gates}·H, H])");
        }
        var hidden = hh.Shape[1];
        if (recurrent.Shape.Length != 2 || recurrent.Shape[0] != gates * hidden)
        {
            throw Bad(Recurrent(ParameterLayout.InputWeightsName), $"shape {Shape(recurrent.Shape)} does not fit a {cellName} cell of {hidden} units ([{gates * hidden}, inputs])");
        }
        var inputs = recurrent.Shape[1];
        if (inputs != request.Task.InputSize)
        {
            throw Bad(Recurrent(ParameterLayout.InputWeightsName), request.Task is CustomTask custom
                ? $"{inputs} inputs, but the probe inputs {custom.Source} have {custom.InputSize}"
                : $"{inputs} inputs, but task {request.Task.Name} has {request.Task.InputSize}");
        }

        var readoutPrefix = request.ReadoutPrefix ?? DetectReadout(file, tensors, hidden);
        if (!tensors.TryGetValue(readoutPrefix + "weight", out var readout))
        {
            throw new InvalidDataException($"{file}: no tensor '{readoutPrefix}weight' (the --readout-prefix given names no nn.Linear; tensors: {Names(tensors.Keys)})");
        }
        if (readout.Shape.Length != 2 || readout.Shape[1] != hidden)
        {
            throw Bad(readoutPrefix + "weight", $"shape {Shape(readout.Shape)} is not a readout of {hidden} units ([outputs, {hidden}])");
        }
        if (request.Task is not CustomTask { OutputSize: CustomTask.OutputsFromReadout } && readout.Shape[0] != request.Task.OutputSize)
        {
            throw Bad(readoutPrefix + "weight", $"{readout.Shape[0]} outputs, but task {request.Task.Name} has {request.Task.OutputSize}");
        }

        var shape = new NetworkShape(request.Cell, request.Activation, inputs, hidden, readout.Shape[0]);
        var sources = new Dictionary<string, string>
        {
            [ParameterLayout.InputWeightsName] = Recurrent(ParameterLayout.InputWeightsName),
            [ParameterLayout.RecurrentWeightsName] = Recurrent(ParameterLayout.RecurrentWeightsName),
            [ParameterLayout.InputBiasName] = Recurrent(ParameterLayout.InputBiasName),
            [ParameterLayout.RecurrentBiasName] = Recurrent(ParameterLayout.RecurrentBiasName),
            [ParameterLayout.ReadoutWeightsName] = readoutPrefix + "weight",
            [ParameterLayout.ReadoutBiasName] = readoutPrefix + "bias",
        };
        var recurrentBiases = new[] { ParameterLayout.InputBiasName, ParameterLayout.RecurrentBiasName };
        var absent = recurrentBiases.Where(b => !tensors.ContainsKey(sources[b])).ToList();
        if (absent.Count == 1)
        {
            throw new InvalidDataException($"{file}: no tensor '{sources[absent[0]]}' although '{sources[recurrentBiases.Single(b => b != absent[0])]}' is there (a module with bias=False has neither)");
        }
        var extra = tensors.Keys.Where(n => !sources.ContainsValue(n)).Order(StringComparer.Ordinal).ToList();
        if (extra.Count > 0)
        {
            throw Bad(extra[0], $"belongs neither to the recurrent module '{prefix}' nor to the readout '{readoutPrefix}'{(extra.Count > 1 ? $" (nor do {Names(extra.Skip(1))})" : "")}");
        }

        var parameters = new NetworkParameters<float>(shape, new float[shape.Layout.Count]);
        var zeros = new List<string>();
        foreach (var tensor in parameters.Layout.Tensors)
        {
            var source = sources[tensor.Name];
            if (!tensors.TryGetValue(source, out var stored))
            {
                zeros.Add(tensor.Name);
                continue;
            }
            if (!stored.Shape.SequenceEqual(tensor.Shape))
            {
                throw Bad(source, $"shape {Shape(stored.Shape)} does not fit the network ({Shape(tensor.Shape)} for a {cellName} cell of {hidden} units)");
            }
            for (var i = 0; i < stored.Values.Length; i++)
            {
                if (!double.IsFinite(stored.Values[i]))
                {
                    throw Bad(source, string.Create(CultureInfo.InvariantCulture, $"value {stored.Values[i]} at flat index {i} (weights must be finite)"));
                }
                parameters.Values[tensor.Offset + i] = (float)stored.Values[i];
            }
        }
        return (parameters, format, prefix, readoutPrefix, zeros);
    }

    /// <summary>Reads a safetensors (F32) or .npz (float32/float64) file by its extension.</summary>
    private static (string Format, Dictionary<string, (double[] Values, int[] Shape)> Tensors) Read(string file)
    {
        var extension = Path.GetExtension(file).ToLowerInvariant();
        return extension switch
        {
            ".safetensors" => ("safetensors", SafeTensorsFile.Read(file).ToDictionary(t => t.Key, t => (Array.ConvertAll(t.Value.Values, v => (double)v), t.Value.Shape), StringComparer.Ordinal)),
            ".npz" => ("npz", NpzFile.Read(file).ToDictionary(StringComparer.Ordinal)),
            _ => throw new InvalidDataException($"{file}: extension '{extension}' is neither .safetensors nor .npz (np.savez of the state dict)"),
        };
    }

    private static string DetectPrefix(string file, IEnumerable<string> names)
    {
        var modules = names.Where(n => n.EndsWith(ParameterLayout.InputWeightsName, StringComparison.Ordinal))
            .Select(n => n[..^ParameterLayout.InputWeightsName.Length]).Order(StringComparer.Ordinal).ToList();
        return modules.Count switch
        {
            1 => modules[0],
            0 => throw new InvalidDataException($"{file}: no tensor named '…{ParameterLayout.InputWeightsName}', so no torch.nn.RNN/GRU/LSTM state dict (tensors: {Names(names)})"),
            _ => throw new InvalidDataException($"{file}: {modules.Count} recurrent modules ({string.Join(", ", modules.Select(m => $"'{m}'"))}); pass --prefix to choose one"),
        };
    }

    /// <summary>The one nn.Linear that reads the hidden state (recurrent weights end in <c>_l0</c>, so never match).</summary>
    private static string DetectReadout(string file, Dictionary<string, (double[] Values, int[] Shape)> tensors, int hidden)
    {
        var linears = tensors.Where(t => t.Key.EndsWith("weight", StringComparison.Ordinal) && t.Value.Shape.Length == 2 && t.Value.Shape[1] == hidden)
            .Select(t => t.Key[..^"weight".Length]).Order(StringComparer.Ordinal).ToList();
        return linears.Count switch
        {
            1 => linears[0],
            0 => throw new InvalidDataException($"{file}: no nn.Linear readout whose input size is the hidden size {hidden} (no '….weight' of shape [outputs, {hidden}]); pass --readout-prefix"),
            _ => throw new InvalidDataException($"{file}: {linears.Count} nn.Linear layers take the {hidden} hidden units ({string.Join(", ", linears.Select(l => $"'{l}'"))}); pass --readout-prefix to choose the readout"),
        };
    }

    private static string Names(IEnumerable<string> names)
    {
        var list = names.Order(StringComparer.Ordinal).ToList();
        return list.Count == 0 ? "none" : string.Join(", ", list.Take(8)) + (list.Count > 8 ? $", … ({list.Count} in all)" : "");
    }

    private static string Shape(int[] shape) => $"[{string.Join(", ", shape)}]";

    [GeneratedRegex(@"_l[1-9][0-9]*$")]
    private static partial Regex OtherLayer();
}

using System.Globalization;
using System.Numerics;
using RnnAtlas.Storage;

namespace RnnAtlas.Similarity;

/// <summary>
/// Activity of one network or recording: rows are samples (time points of the probe trials), columns are units. The
/// one orientation used everywhere in RnnAtlas.
/// </summary>
public sealed class ActivityMatrix
{
    private readonly double[] _values;

    /// <summary>Wraps <paramref name="values"/> ([samples, units] row-major) after checking that every value is finite.</summary>
    /// <param name="values">The activity, [samples, units] row-major; not copied, so do not change it afterwards.</param>
    /// <param name="samples">Rows.</param>
    /// <param name="units">Columns.</param>
    /// <param name="source">Where the activity came from (a file or a network id), named in error messages.</param>
    /// <exception cref="InvalidDataException">The shape does not match the values, or a value is NaN or infinite.</exception>
    public ActivityMatrix(double[] values, int samples, int units, string source)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(source);
        if (samples < 2 || units < 1 || (long)samples * units != values.Length)
        {
            throw new InvalidDataException($"{source}: activity of {samples} samples × {units} units does not fit {values.Length} values (need at least 2 samples and 1 unit)");
        }
        for (var i = 0; i < values.Length; i++)
        {
            if (!double.IsFinite(values[i]))
            {
                throw new InvalidDataException($"{source}: activity[{i / units}, {i % units}] = {values[i].ToString(CultureInfo.InvariantCulture)}; every value must be finite");
            }
        }
        _values = values;
        Samples = samples;
        Units = units;
        Source = source;
    }

    /// <summary>Rows (samples).</summary>
    public int Samples { get; }

    /// <summary>Columns (units).</summary>
    public int Units { get; }

    /// <summary>Where the activity came from.</summary>
    public string Source { get; }

    /// <summary>The values, [samples, units] row-major.</summary>
    public ReadOnlySpan<double> Values => _values;

    /// <summary>
    /// The activity matrix of a network's states on its probe trials: every trial's state at every
    /// <paramref name="stride"/>-th time step, trial-major (sample = trial · kept steps + step).
    /// </summary>
    /// <param name="states">States, [batch, time, state] row-major (as returned by a network run).</param>
    /// <param name="batch">Trials.</param>
    /// <param name="time">Time steps per trial.</param>
    /// <param name="stateSize">Units (the LSTM's state is [h; c]).</param>
    /// <param name="stride">Keep every stride-th time step (1 keeps all), to bound memory.</param>
    /// <param name="source">The network's id.</param>
    public static ActivityMatrix FromStates<T>(ReadOnlySpan<T> states, int batch, int time, int stateSize, int stride, string source)
        where T : IFloatingPointIeee754<T>
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(stride, 1);
        ArgumentOutOfRangeException.ThrowIfNotEqual(states.Length, batch * time * stateSize);
        var kept = (time + stride - 1) / stride;
        var values = new double[batch * kept * stateSize];
        var row = 0;
        for (var b = 0; b < batch; b++)
        {
            for (var t = 0; t < time; t += stride, row++)
            {
                var from = states.Slice((b * time + t) * stateSize, stateSize);
                for (var u = 0; u < stateSize; u++)
                {
                    values[row * stateSize + u] = double.CreateTruncating(from[u]);
                }
            }
        }
        return new ActivityMatrix(values, batch * kept, stateSize, source);
    }

    /// <summary>Most units an activity file may have: the comparison's work grows as units² (covariance) and units³ (its eigendecomposition).</summary>
    public const int MaxFileUnits = 4096;

    /// <summary>Most values (samples × units) an activity file may hold: 2²⁶, 512 MiB as float64.</summary>
    public const long MaxFileValues = 1L << 26;

    private const long MaxCsvBytes = 2L << 30;

    private const int MaxCsvLineChars = MaxFileUnits * 40;

    /// <summary>
    /// Reads a samples × units matrix from a <c>.npy</c> file (float32 or float64, two dimensions) or a <c>.csv</c>
    /// file (comma-separated numbers, one sample per line; a first line that is not numeric is taken as a header).
    /// The size is checked against <see cref="MaxFileUnits"/> and <see cref="MaxFileValues"/> before the values are read.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is unreadable, not two-dimensional, ragged, or holds a non-number, NaN or infinity; the message names the file and the place.</exception>
    public static ActivityMatrix Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var extension = Path.GetExtension(path).ToLowerInvariant();
        return extension switch
        {
            ".npy" => ReadNpy(path),
            ".csv" => ReadCsv(path),
            _ => throw new InvalidDataException($"{path}: activity files must be .npy or .csv (samples × units), not '{extension}'"),
        };
    }

    private static ActivityMatrix ReadNpy(string path)
    {
        var shape = NpyFile.Shape(path);
        if (shape.Length != 2)
        {
            throw new InvalidDataException($"{path}: shape ({string.Join(", ", shape)}) is not two-dimensional; activity must be samples × units");
        }
        CheckSize(path, shape[0], shape[1]);
        return new ActivityMatrix(NpyFile.Read(path).Values, shape[0], shape[1], path);
    }

    private static void CheckSize(string path, long samples, int units)
    {
        if (units > MaxFileUnits || samples * units > MaxFileValues)
        {
            throw new InvalidDataException($"{path}: activity of {samples} samples × {units} units is over the limits ({MaxFileUnits} units, {MaxFileValues} values) of what RnnAtlas compares");
        }
    }

    private static ActivityMatrix ReadCsv(string path)
    {
        var values = new List<double>();
        var units = -1;
        var rows = 0;
        var lineNumber = 0;
        foreach (var line in InputFile.ReadLines(path, MaxCsvBytes, MaxCsvLineChars))
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }
            var fields = line.Split(',');
            var numbers = new double[fields.Length];
            var numeric = true;
            for (var j = 0; j < fields.Length && numeric; j++)
            {
                numeric = double.TryParse(fields[j], NumberStyles.Float, CultureInfo.InvariantCulture, out numbers[j]);
            }
            if (!numeric)
            {
                if (rows == 0 && units < 0)
                {
                    units = fields.Length;
                    continue;
                }
                var bad = fields.First(f => !double.TryParse(f, NumberStyles.Float, CultureInfo.InvariantCulture, out _));
                throw new InvalidDataException($"{path}: line {lineNumber}: '{bad}' is not a number");
            }
            if (units >= 0 && fields.Length != units)
            {
                throw new InvalidDataException($"{path}: line {lineNumber} has {fields.Length} values, expected {units} (one per unit)");
            }
            units = fields.Length;
            CheckSize(path, rows + 1L, units);
            values.AddRange(numbers);
            rows++;
        }
        return new ActivityMatrix([.. values], rows, Math.Max(units, 0), path);
    }
}

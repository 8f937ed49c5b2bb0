using System.Globalization;
using System.Text;
using System.Text.Json.Serialization;
using Parquet.Serialization;
using RnnAtlas.Storage;
using RnnAtlas.Training;

namespace RnnAtlas.Studies.Analyses;

/// <summary>
/// The study-wide fixed-point table, one row per kept point: <c>tables/fixedpoints.csv</c> and
/// <c>tables/fixedpoints.parquet</c> (same columns; the readout is a list in Parquet and ';'-separated in CSV).
/// </summary>
public static class FixedPointTable
{
    /// <summary>Writes both files from the reports of <paramref name="networks"/>, atomically.</summary>
    public static void Write(StudyFolder study, IEnumerable<(NetworkConfig Config, FixedPointReport Report)> networks)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(networks);
        var rows = networks.SelectMany(n => n.Report.Conditions.SelectMany(c => c.Points.Select(p => new FixedPointRow
        {
            NetworkId = n.Config.Id.Value,
            Task = n.Config.Task.Name,
            Cell = n.Config.Cell.ToString().ToLowerInvariant(),
            Activation = n.Config.Activation.ToString().ToLowerInvariant(),
            HiddenSize = n.Config.HiddenSize,
            Condition = c.Name,
            Speed = p.Speed,
            Status = p.Status.ToString().ToLowerInvariant(),
            UnstableDimensions = p.UnstableDimensions,
            TopMagnitude = p.Eigenvalues.Length == 0 ? double.NaN : Math.Sqrt(p.Eigenvalues[0][0] * p.Eigenvalues[0][0] + p.Eigenvalues[0][1] * p.Eigenvalues[0][1]),
            Readout = p.Readout,
        }))).ToList();
        var folder = Path.Combine(study.Root, "tables");
        var csv = new StringBuilder("network_id,task,cell,activation,hidden_size,condition,q,status,unstable_dimensions,top_abs_eigenvalue,readout\n");
        foreach (var r in rows)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{r.NetworkId},{r.Task},{r.Cell},{r.Activation},{r.HiddenSize},{r.Condition},{r.Speed:R},{r.Status},{r.UnstableDimensions},{r.TopMagnitude:R},{string.Join(';', r.Readout.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))}\n");
        }
        Directory.CreateDirectory(folder);
        using var held = AnalysisFolder.Lock(folder);
        AtomicFile.WriteText(Path.Combine(folder, "fixedpoints.csv"), csv.ToString());
        AtomicFile.Write(Path.Combine(folder, "fixedpoints.parquet"), stream => ParquetSerializer.SerializeAsync(rows, stream).GetAwaiter().GetResult());
    }

    /// <summary>One row of the table (public for the Parquet serializer).</summary>
    public sealed class FixedPointRow
    {
        /// <summary>Network id.</summary>
        [JsonPropertyName("network_id")]
        public string NetworkId { get; set; } = "";

        /// <summary>Task name.</summary>
        [JsonPropertyName("task")]
        public string Task { get; set; } = "";

        /// <summary>Cell kind.</summary>
        [JsonPropertyName("cell")]
        public string Cell { get; set; } = "";

        /// <summary>Activation.</summary>
        [JsonPropertyName("activation")]
        public string Activation { get; set; } = "";

        /// <summary>Hidden size.</summary>
        [JsonPropertyName("hidden_size")]
        public int HiddenSize { get; set; }

        /// <summary>Analysis condition.</summary>
        [JsonPropertyName("condition")]
        public string Condition { get; set; } = "";

        /// <summary>q at the point.</summary>
        [JsonPropertyName("q")]
        public double Speed { get; set; }

        /// <summary>converged or slow.</summary>
        [JsonPropertyName("status")]
        public string Status { get; set; } = "";

        /// <summary>Unstable dimension count.</summary>
        [JsonPropertyName("unstable_dimensions")]
        public int UnstableDimensions { get; set; }

        /// <summary>Largest |λ|.</summary>
        [JsonPropertyName("top_abs_eigenvalue")]
        public double TopMagnitude { get; set; }

        /// <summary>Readout of the point.</summary>
        [JsonPropertyName("readout")]
        public double[] Readout { get; set; } = [];
    }
}

using RnnAtlas.FixedPoints;

namespace RnnAtlas.Studies.Analyses;

/// <summary>
/// <c>networks/&lt;id&gt;/fixedpoints.json</c>: every kept fixed and slow point of one network at every analysis condition,
/// with its linearization summary. Bulk arrays (states, Jacobians, full spectra and eigenvectors) are in
/// <c>networks/&lt;id&gt;/fixedpoints/*.npy</c>, indexed by <see cref="FixedPointRecord.Index"/> (docs/fixed-points.md).
/// </summary>
public sealed record FixedPointReport
{
    /// <summary>Schema of this file.</summary>
    public const string CurrentSchema = "rnnatlas.fixedpoints/2";

    /// <summary>Schema tag, <see cref="CurrentSchema"/>.</summary>
    public string Schema { get; init; } = CurrentSchema;

    /// <summary>The network's id.</summary>
    public required string NetworkId { get; init; }

    /// <summary>The search settings used.</summary>
    public required FixedPointOptions Options { get; init; }

    /// <summary>One entry per analysis condition of the task.</summary>
    public required IReadOnlyList<ConditionReport> Conditions { get; init; }
}

/// <summary>The outcome of the search at one analysis condition.</summary>
/// <param name="Name">Condition name.</param>
/// <param name="Input">Constant input x*.</param>
/// <param name="Candidates">Initial states searched.</param>
/// <param name="Rejected">Candidates that ended without a kept point, by status (max_iterations, diverged, non_finite).</param>
/// <param name="Duplicates">Candidates merged into a point they coincided with.</param>
/// <param name="Outliers">Points dropped as outliers.</param>
/// <param name="Points">Kept points, lowest q first.</param>
/// <param name="Saturation">The root search's saturation curve and whether it saturated ("all found") or ran out of budget.</param>
public sealed record ConditionReport(
    string Name,
    double[] Input,
    int Candidates,
    IReadOnlyDictionary<FixedPointStatus, int> Rejected,
    int Duplicates,
    int Outliers,
    IReadOnlyList<FixedPointRecord> Points,
    SearchSaturation Saturation)
{
    /// <summary>Why the search failed at this condition (then <see cref="Points"/> is empty), or null.</summary>
    public string? Failure { get; init; }
}

/// <summary>One kept point and the summary of its linearization.</summary>
/// <param name="Index">Row of this point in the <c>fixedpoints/*.npy</c> arrays.</param>
/// <param name="State">h*.</param>
/// <param name="Speed">q = ½‖F(h*, x*) − h*‖² in float64.</param>
/// <param name="Iterations">Search iterations spent.</param>
/// <param name="Status">Converged or slow.</param>
/// <param name="InitialStateIndex">Which sampled initial state led here.</param>
/// <param name="UnstableDimensions">Modes with |λ| &gt; 1 + tolerance.</param>
/// <param name="Eigenvalues">The largest-magnitude eigenvalues (up to 10) as [re, im].</param>
/// <param name="TimeConstants">−1/ln|λ| of those modes, in steps.</param>
/// <param name="Frequencies">|arg λ|/(2π) of those modes, cycles per step.</param>
/// <param name="Readout">W_out h* + b_out.</param>
public sealed record FixedPointRecord(
    int Index,
    double[] State,
    double Speed,
    int Iterations,
    FixedPointStatus Status,
    int InitialStateIndex,
    int UnstableDimensions,
    double[][] Eigenvalues,
    double[] TimeConstants,
    double[] Frequencies,
    double[] Readout)
{
    /// <summary>A converged point with no unstable direction: a memory.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsStable => Status == FixedPointStatus.Converged && UnstableDimensions == 0;
}

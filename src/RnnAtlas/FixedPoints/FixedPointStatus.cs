namespace RnnAtlas.FixedPoints;

/// <summary>How a candidate's search ended. Non-convergence is data, not an exception.</summary>
public enum FixedPointStatus
{
    /// <summary>q = ½‖F(h, x*) − h‖² ≤ the tolerance (default 1e-12), evaluated in float64.</summary>
    Converged,

    /// <summary>Stalled above the tolerance but at or below the slow-point tolerance (default 1e-6): a slow point.</summary>
    Slow,

    /// <summary>Still above the slow-point tolerance when the iteration budget ran out.</summary>
    MaxIterations,

    /// <summary>Left the region the network's own trajectories occupy (the search keeps candidates inside it).</summary>
    Diverged,

    /// <summary>F or q became NaN or infinite.</summary>
    NonFinite,

    /// <summary>
    /// Ended on the face of the box a bounded state can reach (|h| = 1 for a tanh cell's h), where saturated gates make q
    /// tiny without a fixed point: a "fixed point at infinity", labelled and not counted.
    /// </summary>
    Saturated,

    /// <summary>A fixed point whose Jacobian's eigendecomposition did not converge: counted, not linearized or kept.</summary>
    LinearizationFailed,
}

namespace RnnAtlas.Cells;

/// <summary>The nonlinearity φ on a cell's non-gate paths (gates always use the logistic sigmoid).</summary>
public enum Activation
{
    /// <summary>Hyperbolic tangent.</summary>
    Tanh,

    /// <summary>Rectified linear unit, max(0, x).</summary>
    Relu,
}

using System.Numerics;

namespace RnnAtlas.Linearization;

/// <summary>One eigenmode of a linearization ∂F/∂h at a fixed point (discrete time).</summary>
/// <param name="Value">Eigenvalue λ.</param>
/// <param name="Right">Right eigenvector v (J v = λ v), unit norm.</param>
/// <param name="Left">Left eigenvector w (wᵀ J = λ wᵀ), scaled so that wᵀ v = 1.</param>
/// <param name="Unstable">|λ| &gt; 1 + the stability tolerance.</param>
public sealed record EigenMode(Complex Value, Complex[] Right, Complex[] Left, bool Unstable)
{
    /// <summary>Magnitude |λ|.</summary>
    public double Magnitude => Value.Magnitude;

    /// <summary>Time constant −1/ln|λ| in steps (positive for decaying modes, negative for growing ones, ∞ at |λ| = 1).</summary>
    public double TimeConstant => -1 / Math.Log(Value.Magnitude);

    /// <summary>Oscillation frequency |arg λ| / (2π), cycles per step.</summary>
    public double Frequency => Math.Abs(Value.Phase) / (2 * Math.PI);
}

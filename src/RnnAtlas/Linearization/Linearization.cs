using System.Numerics;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Factorization;
using RnnAtlas.Networks;

namespace RnnAtlas.Linearization;

/// <summary>
/// The linearized dynamics δh' = J δh + B δx at a point (h*, x*): the recurrent Jacobian J = ∂F/∂h, the input Jacobian
/// B = ∂F/∂x, and J's eigenmodes sorted by |λ|, largest first.
/// </summary>
/// <param name="Recurrent">J, [state, state] row-major.</param>
/// <param name="Input">B, [state, input] row-major.</param>
/// <param name="Modes">Eigenmodes of J, |λ| descending.</param>
public sealed record Linearization(double[] Recurrent, double[] Input, IReadOnlyList<EigenMode> Modes)
{
    /// <summary>Number of unstable modes (|λ| &gt; 1 + tolerance): 0 for a stable point, k for a k-saddle.</summary>
    public int UnstableDimensions => Modes.Count(m => m.Unstable);

    /// <summary>Linearizes <paramref name="network"/> at (<paramref name="state"/>, <paramref name="input"/>).</summary>
    /// <param name="network">The network (float64).</param>
    /// <param name="state">h*.</param>
    /// <param name="input">x*.</param>
    /// <param name="stabilityTolerance">A mode is unstable when |λ| &gt; 1 + this (see docs/decisions/0004).</param>
    public static Linearization At(RecurrentNetwork<double> network, double[] state, double[] input, double stabilityTolerance)
    {
        ArgumentNullException.ThrowIfNull(network);
        var s = network.Shape.StateSize;
        var recurrent = new double[s * s];
        var inputJacobian = new double[s * network.Shape.InputSize];
        network.Jacobians(state, input, recurrent, inputJacobian);
        return new Linearization(recurrent, inputJacobian, Eigenmodes(recurrent, s, stabilityTolerance));
    }

    /// <summary>Eigenmodes of the real [n, n] matrix <paramref name="matrix"/>, |λ| descending.</summary>
    public static IReadOnlyList<EigenMode> Eigenmodes(double[] matrix, int n, double stabilityTolerance)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        var evd = Matrix<double>.Build.DenseOfRowMajor(n, n, matrix).Evd(Symmetricity.Asymmetric);
        var values = evd.EigenValues;
        var columns = evd.EigenVectors;
        var right = Matrix<Complex>.Build.Dense(n, n);
        for (var j = 0; j < n; j++)
        {
            // Real Schur convention: a complex pair (a ± bi) occupies columns j, j+1 as (real part, imaginary part).
            if (values[j].Imaginary > 0 && j + 1 < n)
            {
                for (var i = 0; i < n; i++)
                {
                    right[i, j] = new Complex(columns[i, j], columns[i, j + 1]);
                    right[i, j + 1] = new Complex(columns[i, j], -columns[i, j + 1]);
                }
                j++;
            }
            else
            {
                for (var i = 0; i < n; i++)
                {
                    right[i, j] = columns[i, j];
                }
            }
        }
        for (var j = 0; j < n; j++)
        {
            var norm = right.Column(j).L2Norm();
            right.SetColumn(j, right.Column(j) / norm);
        }
        var left = right.Inverse();
        return
        [
            .. Enumerable.Range(0, n)
                .Select(j => new EigenMode(values[j], right.Column(j).ToArray(), left.Row(j).ToArray(), values[j].Magnitude > 1 + stabilityTolerance))
                .OrderByDescending(m => m.Magnitude),
        ];
    }
}

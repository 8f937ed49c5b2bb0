using System.Numerics;
using MathNet.Numerics.LinearAlgebra;
using System.Numerics.Tensors;
using RnnAtlas.Networks;
using RnnAtlas.Numerics;

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
    /// <remarks>
    /// Zero rows (the dead units of a ReLU network, whose every derivative vanishes) are deflated before the
    /// decomposition, as LAPACK's balancing isolates them: with the live units L and dead units D ordered L, D the matrix
    /// is [[B, X], [0, 0]], so its eigenvalues are B's and |D| zeros, B's eigenvectors v extend as [v; 0], and the dead
    /// unit k contributes the λ = 0 vector [−B⁻¹X e_k; e_k] (its dead-unit part alone when B is singular: then J is
    /// defective there). Many equal zero eigenvalues otherwise stall MathNet's Hessenberg QR on ReLU networks.
    /// MathNet's eigendecomposition returns a real matrix V whose columns hold real eigenvectors and, for a complex pair
    /// α ± iβ, the real and imaginary parts a, b of v = a ± ib. With P = V⁻¹ (rows p, q at the pair's columns), the left
    /// eigenvectors are p for a real mode and (p ∓ iq)/2 for the pair, since p·a = q·b = 1 and p·b = q·a = 0; scaling
    /// each right vector to unit norm scales its left vector by that norm, so wᵀv = 1 holds. V⁻¹ comes from one real LU
    /// (n solves of Vᵀ) instead of inverting the complex matrix. A defective J (V singular) gets NaN left vectors.
    /// </remarks>
    /// <exception cref="MathNet.Numerics.NonConvergenceException">The QR iteration did not converge on the live block.</exception>
    public static IReadOnlyList<EigenMode> Eigenmodes(double[] matrix, int n, double stabilityTolerance)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        var dead = Enumerable.Range(0, n).Where(i => matrix.AsSpan(i * n, n).IndexOfAnyExcept(0.0) < 0).ToArray();
        var live = Enumerable.Range(0, n).Except(dead).ToArray();
        var values = new Complex[n];
        var vectors = new double[n, n];
        if (live.Length > 0)
        {
            var block = Matrix<double>.Build.Dense(live.Length, live.Length, (i, j) => matrix[live[i] * n + live[j]]);
            var evd = block.Evd(Symmetricity.Asymmetric);
            for (var j = 0; j < live.Length; j++)
            {
                values[j] = evd.EigenValues[j];
                for (var i = 0; i < live.Length; i++)
                {
                    vectors[live[i], j] = evd.EigenVectors[i, j];
                }
            }
            var solver = new LuDecomposition(live.Length);
            var regular = solver.Factor(block.ToRowMajorArray());
            for (var k = 0; k < dead.Length; k++)
            {
                var column = live.Length + k;
                vectors[dead[k], column] = 1;
                if (regular)
                {
                    var x = live.Select(i => -matrix[i * n + dead[k]]).ToArray();
                    solver.Solve(x);
                    for (var i = 0; i < live.Length; i++)
                    {
                        vectors[live[i], column] = x[i];
                    }
                }
            }
        }
        else
        {
            for (var k = 0; k < n; k++)
            {
                vectors[k, k] = 1;
            }
        }
        return SortedModes(values, vectors, n, stabilityTolerance);
    }

    private static IReadOnlyList<EigenMode> SortedModes(Complex[] values, double[,] vectors, int n, double stabilityTolerance)
    {
        var inverseRows = new double[n * n];
        var solver = new LuDecomposition(n);
        var transposed = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                transposed[j * n + i] = vectors[i, j];
            }
        }
        if (solver.Factor(transposed))
        {
            for (var j = 0; j < n; j++)
            {
                var row = inverseRows.AsSpan(j * n, n);
                row[j] = 1;
                solver.Solve(row);
            }
        }
        else
        {
            Array.Fill(inverseRows, double.NaN);
        }
        var modes = new EigenMode[n];
        for (var j = 0; j < n; j++)
        {
            var a = Column(vectors, j, n);
            var p = inverseRows.AsSpan(j * n, n);
            if (values[j].Imaginary > 0 && j + 1 < n)
            {
                var b = Column(vectors, j + 1, n);
                var q = inverseRows.AsSpan((j + 1) * n, n);
                var norm = Math.Sqrt(TensorPrimitives.SumOfSquares<double>(a) + TensorPrimitives.SumOfSquares<double>(b));
                var right = new Complex[n];
                var left = new Complex[n];
                for (var i = 0; i < n; i++)
                {
                    right[i] = new Complex(a[i], b[i]) / norm;
                    left[i] = new Complex(p[i], -q[i]) * (norm / 2);
                }
                modes[j] = Mode(values[j], right, left, stabilityTolerance);
                modes[j + 1] = Mode(values[j + 1], [.. right.Select(Complex.Conjugate)], [.. left.Select(Complex.Conjugate)], stabilityTolerance);
                j++;
            }
            else
            {
                var norm = Math.Sqrt(TensorPrimitives.SumOfSquares<double>(a));
                modes[j] = Mode(values[j], [.. a.Select(x => new Complex(x / norm, 0))], [.. p.ToArray().Select(x => new Complex(x * norm, 0))], stabilityTolerance);
            }
        }
        return [.. modes.OrderByDescending(m => m.Magnitude)];
    }

    private static double[] Column(double[,] matrix, int j, int n)
    {
        var column = new double[n];
        for (var i = 0; i < n; i++)
        {
            column[i] = matrix[i, j];
        }
        return column;
    }

    private static EigenMode Mode(Complex value, Complex[] right, Complex[] left, double stabilityTolerance) =>
        new(value, right, left, value.Magnitude > 1 + stabilityTolerance);
}

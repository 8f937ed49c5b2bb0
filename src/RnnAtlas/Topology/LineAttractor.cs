using System.Numerics;
using MathNet.Numerics.LinearAlgebra;
using RnnAtlas.Networks;
using Lin = RnnAtlas.Linearization.Linearization;

namespace RnnAtlas.Topology;

/// <summary>
/// The integration scaffold in one context: the fixed and slow points fitted to a line (share of their variance on the
/// first principal component, and their extent along it), the mean sorted eigenvalue magnitudes at the points (the
/// paper's Fig. 3e), and the mode-truncation curve of Fig. 3f: the output of the linearized system T steps after a
/// unit input on the cued channel, keeping the k largest modes, as a share of the full response, averaged over points.
/// </summary>
/// <param name="Condition">Analysis condition (context) name.</param>
/// <param name="Points">Fixed and slow points used.</param>
/// <param name="VarianceShare">Share of the points' variance on their first principal component (NaN with fewer than 3 points, where any points lie on a line).</param>
/// <param name="Length">Extent of the points along that component, in state units.</param>
/// <param name="Spectrum">Mean |λ| of the k-th largest mode over the points, k = 1…K.</param>
/// <param name="Response">Mean share of the full response kept by the k largest modes, k = 1…K.</param>
public sealed record LineAttractor(string Condition, int Points, double VarianceShare, double Length, double[] Spectrum, double[] Response)
{
    /// <summary>Fits the line and linear responses for <paramref name="points"/> at <paramref name="input"/>.</summary>
    /// <param name="network">The network (float64).</param>
    /// <param name="condition">Context name.</param>
    /// <param name="input">The context's constant input.</param>
    /// <param name="points">Its fixed and slow points.</param>
    /// <param name="cuedChannel">The input channel integrated in this context.</param>
    /// <param name="horizon">T: steps after the input at which the output is read (the trial length).</param>
    /// <param name="modes">K.</param>
    /// <param name="stabilityTolerance">Stability tolerance of the linearization.</param>
    public static LineAttractor Fit(RecurrentNetwork<double> network, string condition, double[] input, IReadOnlyList<ScaffoldPoint> points, int cuedChannel, int horizon, int modes, double stabilityTolerance)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(points);
        var s = network.Shape.StateSize;
        var (share, length) = (double.NaN, 0.0);
        if (points.Count >= 3)
        {
            var centred = Matrix<double>.Build.Dense(points.Count, s, (i, j) => points[i].State[j] - points.Average(p => p.State[j]));
            var svd = centred.Svd(computeVectors: true);
            var total = svd.S.Sum(v => v * v);
            share = total > 0 ? svd.S[0] * svd.S[0] / total : double.NaN;
            var projection = centred * svd.VT.Row(0);
            length = projection.Maximum() - projection.Minimum();
        }
        var k = Math.Min(modes, s);
        var spectrum = new double[k];
        var response = new double[k];
        var zero = new double[s];
        var bias = new double[network.Shape.OutputSize];
        network.Readout(zero, bias, 1);
        foreach (var point in points)
        {
            var linearization = Lin.At(network, point.State, input, stabilityTolerance);
            var cued = Enumerable.Range(0, s).Select(i => linearization.Input[i * network.Shape.InputSize + cuedChannel]).ToArray();
            var terms = linearization.Modes.Select(m => Readout(network, m.Right, bias) * Dot(m.Left, cued) * Complex.Pow(m.Value, horizon)).ToArray();
            var full = terms.Aggregate(Complex.Zero, (a, b) => a + b).Real;
            var partial = Complex.Zero;
            for (var i = 0; i < k; i++)
            {
                partial += terms[i];
                spectrum[i] += linearization.Modes[i].Magnitude / points.Count;
                response[i] += (Math.Abs(full) > 1e-12 ? partial.Real / full : double.NaN) / points.Count;
            }
        }
        if (points.Count == 0)
        {
            Array.Fill(spectrum, double.NaN);
            Array.Fill(response, double.NaN);
        }
        return new LineAttractor(condition, points.Count, share, length, spectrum, response);
    }

    /// <summary>
    /// Distance between two networks' line attractors over the same contexts: the mean over contexts of three terms in
    /// [0, 1] — |Δ variance share|, |Δ leading |λ|| (capped at 1), and the mean over k of |Δ response share| (capped
    /// at 1); a value known for one network only counts 1.
    /// </summary>
    /// <exception cref="ArgumentException">The contexts differ.</exception>
    public static double Distance(IReadOnlyList<LineAttractor> a, IReadOnlyList<LineAttractor> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (!a.Select(x => x.Condition).SequenceEqual(b.Select(x => x.Condition)))
        {
            throw new ArgumentException("line attractors of different contexts");
        }
        return a.Zip(b).Average(p => (
            Term(p.First.VarianceShare, p.Second.VarianceShare)
            + Term(p.First.Spectrum.FirstOrDefault(double.NaN), p.Second.Spectrum.FirstOrDefault(double.NaN))
            + p.First.Response.Zip(p.Second.Response).DefaultIfEmpty((First: double.NaN, Second: double.NaN)).Average(r => Term(r.First, r.Second))) / 3);
    }

    private static double Term(double a, double b) => (double.IsNaN(a), double.IsNaN(b)) switch
    {
        (true, true) => 0,
        (false, false) => Math.Min(1, Math.Abs(a - b)),
        _ => 1,
    };

    private static Complex Readout(RecurrentNetwork<double> network, Complex[] vector, double[] bias)
    {
        var re = new double[network.Shape.OutputSize];
        var im = new double[network.Shape.OutputSize];
        network.Readout(vector.Select(c => c.Real).ToArray(), re, 1);
        network.Readout(vector.Select(c => c.Imaginary).ToArray(), im, 1);
        return new Complex(re[0] - bias[0], im[0] - bias[0]);
    }

    private static Complex Dot(Complex[] left, double[] vector)
    {
        var sum = Complex.Zero;
        for (var i = 0; i < vector.Length; i++)
        {
            sum += left[i] * vector[i];
        }
        return sum;
    }
}

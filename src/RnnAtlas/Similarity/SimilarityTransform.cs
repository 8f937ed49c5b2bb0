using MathNet.Numerics.LinearAlgebra;
using RnnAtlas.Numerics;

namespace RnnAtlas.Similarity;

/// <summary>
/// The similarity-transform distance of DSA between two operators of equal size n: with Â = A/‖A‖_F and
/// B̂ = B/‖B‖_F, the minimum over every orthogonal C (rotations and reflections) of ‖Â − C B̂ Cᵀ‖_F, reported as the
/// angle arccos tr(Âᵀ C B̂ Cᵀ) = 2 asin(‖Â − C B̂ Cᵀ‖_F / 2) (the second form is accurate near 0). Not thread-safe:
/// one instance per worker.
/// </summary>
/// <remarks>
/// The reference (mitchellostrow/DSA <c>SimilarityTransformDist</c>) runs Adam once per component of O(n) on an
/// over-parametrised Cayley map started at the identity; it often stops in a local minimum, and the Cayley map cannot
/// reach rotations by angles near π. Here the loss is minimised by BFGS on a Cayley chart re-centred at every step,
/// C ← C (I − X)⁻¹(I + X) with X skew (the gradient in the chart at X = 0 is 2(M − Mᵀ), M = Cᵀ ∂loss/∂C), from several
/// starts: the identity, a reflection, the alignments of the two matrices' symmetric-part eigenvectors and of their
/// singular vectors (C = E_A D E_Bᵀ, exact when B̂ = Cᵀ Â C, with the signs D chosen greedily), and
/// <see cref="DsaOptions.RandomStarts"/> Haar-random orthogonal matrices (seeded, the same for every pair). The best
/// local minimum is kept.
/// </remarks>
public sealed class SimilarityTransform
{
    private const int MaxIterations = 400;
    private const double GradientTolerance = 1e-10;

    private readonly int _n;
    private readonly int _p;
    private readonly double[][] _randomStarts;
    private readonly double[] _a;
    private readonly double[] _b;
    private readonly double[] _work1;
    private readonly double[] _work2;
    private readonly double[] _work3;
    private readonly double[] _transpose;
    private readonly double[] _diff;
    private readonly double[] _gradientC;
    private readonly double[] _inverseHessian;
    private readonly double[] _step;
    private readonly double[] _gradient;
    private readonly double[] _nextGradient;
    private readonly double[] _hy;
    private readonly double[] _skew;
    private readonly double[] _cayley;
    private readonly double[] _candidate;
    private readonly LuDecomposition _lu;

    /// <summary>Prepares the search for operators of size <paramref name="size"/>.</summary>
    /// <param name="size">n.</param>
    /// <param name="randomStarts">Haar-random starts besides the structured ones.</param>
    public SimilarityTransform(int size, int randomStarts)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(randomStarts);
        _n = size;
        _p = size * (size - 1) / 2;
        var random = new SeededRandom(SeededRandom.Derive(0x05A_7A11, (ulong)size));
        _randomStarts = [.. Enumerable.Range(0, randomStarts).Select(_ => Haar(size, random))];
        var nn = size * size;
        _a = new double[nn];
        _b = new double[nn];
        _work1 = new double[nn];
        _work2 = new double[nn];
        _work3 = new double[nn];
        _transpose = new double[nn];
        _diff = new double[nn];
        _gradientC = new double[nn];
        _skew = new double[nn];
        _cayley = new double[nn];
        _candidate = new double[nn];
        _inverseHessian = new double[_p * _p];
        _step = new double[_p];
        _gradient = new double[_p];
        _nextGradient = new double[_p];
        _hy = new double[_p];
        _lu = new LuDecomposition(size);
    }

    /// <summary>
    /// The distance between <paramref name="a"/> and <paramref name="b"/> ([n, n] row-major each): the angle, the
    /// euclidean distance ‖Â − C B̂ Cᵀ‖_F and the best C found.
    /// </summary>
    /// <exception cref="ArgumentException">A matrix is not n × n, or is zero.</exception>
    public SimilarityTransformFit Fit(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        Normalize(a, _a, nameof(a));
        Normalize(b, _b, nameof(b));
        var best = (Loss: double.PositiveInfinity, C: Array.Empty<double>());
        foreach (var start in Starts())
        {
            var loss = Minimize(start);
            if (loss < best.Loss)
            {
                best = (loss, start);
            }
        }
        var euclidean = Math.Sqrt(Math.Max(best.Loss, 0));
        return new SimilarityTransformFit(2 * Math.Asin(Math.Min(1, euclidean / 2)), euclidean, best.C);
    }

    /// <summary>
    /// The angular score of a given orthogonal <paramref name="c"/>: arccos(tr(Âᵀ C B̂ Cᵀ)), as the reference scores its
    /// optimiser's result.
    /// </summary>
    public double Angle(ReadOnlySpan<double> a, ReadOnlySpan<double> b, ReadOnlySpan<double> c)
    {
        Normalize(a, _a, nameof(a));
        Normalize(b, _b, nameof(b));
        c.CopyTo(_candidate);
        Transformed(_candidate);
        var inner = 0.0;
        for (var i = 0; i < _a.Length; i++)
        {
            inner += _a[i] * _work2[i];
        }
        return Math.Acos(Math.Clamp(inner, -1, 1));
    }

    private void Normalize(ReadOnlySpan<double> source, double[] destination, string name)
    {
        if (source.Length != destination.Length)
        {
            throw new ArgumentException($"expected {_n} × {_n} values, got {source.Length}", name);
        }
        var norm = Math.Sqrt(System.Numerics.Tensors.TensorPrimitives.SumOfSquares(source));
        if (!(norm > 0) || !double.IsFinite(norm))
        {
            throw new ArgumentException($"the operator's norm is {norm}", name);
        }
        System.Numerics.Tensors.TensorPrimitives.Divide(source, norm, destination);
    }

    /// <summary>The starts, each a new matrix (the search moves them in place).</summary>
    private IEnumerable<double[]> Starts()
    {
        yield return Diagonal(1);
        yield return Diagonal(-1);
        var (symmetricA, symmetricB) = (Matrix<double>.Build.Dense(_n, _n, (i, j) => _a[i * _n + j] + _a[j * _n + i]), Matrix<double>.Build.Dense(_n, _n, (i, j) => _b[i * _n + j] + _b[j * _n + i]));
        yield return Aligned(symmetricA.Evd(Symmetricity.Symmetric).EigenVectors, symmetricB.Evd(Symmetricity.Symmetric).EigenVectors);
        var (svdA, svdB) = (Matrix<double>.Build.DenseOfRowMajor(_n, _n, _a).Svd(), Matrix<double>.Build.DenseOfRowMajor(_n, _n, _b).Svd());
        yield return Aligned(svdA.U, svdB.U);
        foreach (var start in _randomStarts)
        {
            yield return (double[])start.Clone();
        }
    }

    /// <summary>diag(first, 1, …, 1): the identity, or a reflection (the other component of O(n)).</summary>
    private double[] Diagonal(double first)
    {
        var c = new double[_n * _n];
        for (var i = 0; i < _n; i++)
        {
            c[i * _n + i] = 1;
        }
        c[0] = first;
        return c;
    }

    /// <summary>C = E_A D E_Bᵀ with the signs D chosen one at a time while the loss falls.</summary>
    private double[] Aligned(Matrix<double> vectorsA, Matrix<double> vectorsB)
    {
        var signs = Enumerable.Repeat(1.0, _n).ToArray();
        var c = new double[_n * _n];
        void Build()
        {
            for (var i = 0; i < _n; i++)
            {
                for (var j = 0; j < _n; j++)
                {
                    var sum = 0.0;
                    for (var k = 0; k < _n; k++)
                    {
                        sum += vectorsA[i, k] * signs[k] * vectorsB[j, k];
                    }
                    c[i * _n + j] = sum;
                }
            }
        }
        Build();
        var loss = Loss(c);
        for (var pass = 0; pass < 3; pass++)
        {
            var improved = false;
            for (var k = 0; k < _n; k++)
            {
                signs[k] = -signs[k];
                Build();
                var flipped = Loss(c);
                if (flipped < loss)
                {
                    loss = flipped;
                    improved = true;
                }
                else
                {
                    signs[k] = -signs[k];
                }
            }
            if (!improved)
            {
                break;
            }
        }
        Build();
        return c;
    }

    /// <summary>_work2 = C B̂ Cᵀ (and _work1 = C B̂).</summary>
    private void Transformed(double[] c)
    {
        MatrixProduct.Multiply<double>(_n, _n, _n, c, _n, 1, _b, _n, _work1, _n, accumulate: false);
        MatrixProduct.Multiply<double>(_n, _n, _n, _work1, _n, 1, Transpose(c), _n, _work2, _n, accumulate: false);
    }

    /// <summary>The transpose of an [n, n] matrix, in a buffer reused by the next call.</summary>
    private double[] Transpose(double[] matrix)
    {
        MatrixProduct.Transpose<double>(matrix, _n, _n, _transpose);
        return _transpose;
    }

    /// <summary>‖Â − C B̂ Cᵀ‖²_F, leaving the difference in _diff.</summary>
    private double Loss(double[] c)
    {
        Transformed(c);
        var loss = 0.0;
        for (var i = 0; i < _diff.Length; i++)
        {
            var d = _a[i] - _work2[i];
            _diff[i] = d;
            loss += d * d;
        }
        return loss;
    }

    /// <summary>The loss at C and its gradient in the chart at C (skew coordinates i &lt; j), into <paramref name="gradient"/>.</summary>
    private double LossAndGradient(double[] c, double[] gradient)
    {
        var loss = Loss(c);
        var n = _n;
        // ∂loss/∂C = −2 (D C B̂ᵀ + Dᵀ C B̂), D = Â − C B̂ Cᵀ; _work1 still holds C B̂.
        MatrixProduct.Multiply<double>(n, n, n, c, n, 1, Transpose(_b), n, _work3, n, accumulate: false);
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                var sum = 0.0;
                for (var k = 0; k < n; k++)
                {
                    sum += (_diff[i * n + k] * _work3[k * n + j]) + (_diff[k * n + i] * _work1[k * n + j]);
                }
                _gradientC[i * n + j] = -2 * sum;
            }
        }
        // M = Cᵀ G; the chart's gradient is 2(M_ij − M_ji).
        var index = 0;
        for (var i = 0; i < n; i++)
        {
            for (var j = i + 1; j < n; j++)
            {
                double mij = 0, mji = 0;
                for (var k = 0; k < n; k++)
                {
                    mij += c[k * n + i] * _gradientC[k * n + j];
                    mji += c[k * n + j] * _gradientC[k * n + i];
                }
                gradient[index++] = 2 * (mij - mji);
            }
        }
        return loss;
    }

    /// <summary>BFGS from <paramref name="c"/> (updated in place to the local minimum); returns the loss there.</summary>
    private double Minimize(double[] c)
    {
        var p = _p;
        var loss = LossAndGradient(c, _gradient);
        if (p == 0)
        {
            return loss;
        }
        Array.Clear(_inverseHessian);
        for (var i = 0; i < p; i++)
        {
            _inverseHessian[i * p + i] = 1;
        }
        var scaled = false;
        for (var iteration = 0; iteration < MaxIterations; iteration++)
        {
            if (Norm(_gradient) < GradientTolerance)
            {
                break;
            }
            var slope = 0.0;
            for (var i = 0; i < p; i++)
            {
                var sum = 0.0;
                for (var j = 0; j < p; j++)
                {
                    sum += _inverseHessian[i * p + j] * _gradient[j];
                }
                _step[i] = -sum;
                slope += _step[i] * _gradient[i];
            }
            if (slope >= 0)
            {
                for (var i = 0; i < p; i++)
                {
                    _step[i] = -_gradient[i];
                }
                slope = -Norm(_gradient) * Norm(_gradient);
            }
            var t = 1.0;
            double next;
            while (true)
            {
                Retract(c, _step, t, _candidate);
                next = LossAndGradient(_candidate, _nextGradient);
                if (next <= loss + 1e-4 * t * slope || t < 1e-10)
                {
                    break;
                }
                t *= 0.5;
            }
            if (!(next < loss))
            {
                break;
            }
            Array.Copy(_candidate, c, c.Length);
            var decrease = loss - next;
            loss = next;
            Update(t, ref scaled);
            Array.Copy(_nextGradient, _gradient, p);
            if (decrease <= 1e-16 * Math.Max(loss, 1e-300) && Norm(_gradient) < 1e-6)
            {
                break;
            }
        }
        return loss;
    }

    /// <summary>The BFGS update of the inverse Hessian with s = t·step and y = ∇next − ∇.</summary>
    private void Update(double t, ref bool scaled)
    {
        var p = _p;
        double ys = 0, yy = 0;
        for (var i = 0; i < p; i++)
        {
            _step[i] *= t;
            var y = _nextGradient[i] - _gradient[i];
            ys += y * _step[i];
            yy += y * y;
        }
        if (!(ys > 1e-300))
        {
            return;
        }
        if (!scaled)
        {
            Array.Clear(_inverseHessian);
            for (var i = 0; i < p; i++)
            {
                _inverseHessian[i * p + i] = ys / yy;
            }
            scaled = true;
        }
        var rho = 1 / ys;
        var yHy = 0.0;
        for (var i = 0; i < p; i++)
        {
            var sum = 0.0;
            for (var j = 0; j < p; j++)
            {
                sum += _inverseHessian[i * p + j] * (_nextGradient[j] - _gradient[j]);
            }
            _hy[i] = sum;
            yHy += (_nextGradient[i] - _gradient[i]) * sum;
        }
        var ss = (rho * rho * yHy) + rho;
        for (var i = 0; i < p; i++)
        {
            for (var j = 0; j < p; j++)
            {
                _inverseHessian[i * p + j] += (ss * _step[i] * _step[j]) - (rho * ((_step[i] * _hy[j]) + (_hy[i] * _step[j])));
            }
        }
    }

    /// <summary>destination = C (I − X)⁻¹(I + X) with X the skew matrix of t·coordinates.</summary>
    private void Retract(double[] c, double[] coordinates, double t, double[] destination)
    {
        var n = _n;
        Array.Clear(_skew);
        var index = 0;
        for (var i = 0; i < n; i++)
        {
            for (var j = i + 1; j < n; j++)
            {
                var x = t * coordinates[index++];
                _skew[i * n + j] = x;
                _skew[j * n + i] = -x;
            }
        }
        // K = (I − X)⁻¹(I + X): factor I − X, then solve for each column of I + X.
        for (var i = 0; i < n * n; i++)
        {
            _cayley[i] = -_skew[i];
        }
        for (var i = 0; i < n; i++)
        {
            _cayley[i * n + i] += 1;
        }
        _lu.Factor(_cayley);
        for (var j = 0; j < n; j++)
        {
            var column = _work1.AsSpan(j * n, n);
            for (var i = 0; i < n; i++)
            {
                column[i] = _skew[i * n + j] + (i == j ? 1 : 0);
            }
            _lu.Solve(column);
        }
        // _work1 holds Kᵀ (row j = column j of K); destination = C K.
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                var sum = 0.0;
                for (var k = 0; k < n; k++)
                {
                    sum += c[i * n + k] * _work1[j * n + k];
                }
                destination[i * n + j] = sum;
            }
        }
    }

    private static double Norm(double[] vector) => Math.Sqrt(System.Numerics.Tensors.TensorPrimitives.SumOfSquares<double>(vector));

    /// <summary>A Haar-random orthogonal matrix: Q of a Gaussian matrix's QR with R's diagonal made positive.</summary>
    private static double[] Haar(int n, SeededRandom random)
    {
        var qr = Matrix<double>.Build.Dense(n, n, (_, _) => random.NextGaussian()).QR();
        var q = qr.Q;
        for (var j = 0; j < n; j++)
        {
            if (qr.R[j, j] < 0)
            {
                q.SetColumn(j, q.Column(j).Negate());
            }
        }
        return q.ToRowMajorArray();
    }
}

using MathNet.Numerics.LinearAlgebra;
using RnnAtlas.Numerics;

namespace RnnAtlas.Similarity;

/// <summary>
/// The per-pair step every metric starts from: the cross product M = QaᵀQb of two prepared subspaces
/// ([A.Directions, B.Directions]), whose singular values are the canonical correlations.
/// </summary>
public sealed class SubspacePair
{
    private double[]? _canonical;

    /// <summary>Pairs <paramref name="a"/> with <paramref name="b"/>, computing M.</summary>
    /// <exception cref="ArgumentException">The two activities have different sample counts.</exception>
    public SubspacePair(Subspace a, Subspace b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        RequireSameSamples(a, b);
        var cross = new double[a.Directions * b.Directions];
        MatrixProduct.Multiply<double>(a.Directions, b.Directions, a.Samples, a.Basis, 1, a.Directions, b.Basis, b.Directions, cross, b.Directions, accumulate: false);
        A = a;
        B = b;
        Cross = Matrix<double>.Build.DenseOfRowMajor(a.Directions, b.Directions, cross);
    }

    /// <summary>Pairs <paramref name="a"/> with <paramref name="b"/> given M as a block of a larger row-major product.</summary>
    /// <param name="a">First subspace.</param>
    /// <param name="b">Second subspace.</param>
    /// <param name="cross">The product holding M.</param>
    /// <param name="offset">Index of M[0, 0] in <paramref name="cross"/>.</param>
    /// <param name="leadingDimension">Row length of <paramref name="cross"/>.</param>
    public SubspacePair(Subspace a, Subspace b, ReadOnlySpan<double> cross, int offset, int leadingDimension)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        RequireSameSamples(a, b);
        var block = new double[a.Directions * b.Directions];
        for (var i = 0; i < a.Directions; i++)
        {
            cross.Slice(offset + i * leadingDimension, b.Directions).CopyTo(block.AsSpan(i * b.Directions));
        }
        A = a;
        B = b;
        Cross = Matrix<double>.Build.DenseOfRowMajor(a.Directions, b.Directions, block);
    }

    /// <summary>First subspace.</summary>
    public Subspace A { get; }

    /// <summary>Second subspace.</summary>
    public Subspace B { get; }

    /// <summary>M = QaᵀQb.</summary>
    public Matrix<double> Cross { get; }

    /// <summary>
    /// The canonical correlations of the leading <paramref name="directionsA"/> and <paramref name="directionsB"/>
    /// directions: singular values of the top-left block of M, clipped to [0, 1], largest first.
    /// </summary>
    /// <exception cref="InvalidOperationException">A subspace was prepared with fewer directions.</exception>
    public double[] CanonicalCorrelations(int directionsA, int directionsB)
    {
        if (directionsA > A.Directions || directionsB > B.Directions)
        {
            throw new InvalidOperationException($"the comparison needs {directionsA} and {directionsB} directions, but the subspaces were prepared with {A.Directions} and {B.Directions}");
        }
        if (directionsA == A.Rank && directionsB == B.Rank && _canonical is not null)
        {
            return _canonical;
        }
        // Singular values as square roots of the eigenvalues of the smaller Gram matrix of the block: twice as fast as
        // an SVD for these small blocks; the squaring costs accuracy only below ρ ≈ 1e-7 (docs/decisions/0005).
        var block = Cross.SubMatrix(0, directionsA, 0, directionsB);
        var gram = directionsA <= directionsB ? block.TransposeAndMultiply(block) : block.TransposeThisAndMultiply(block);
        var values = gram.Evd(Symmetricity.Symmetric).EigenValues
            .Select(l => Math.Sqrt(Math.Clamp(l.Real, 0.0, 1.0))).OrderDescending().ToArray();
        if (directionsA == A.Rank && directionsB == B.Rank)
        {
            _canonical = values;
        }
        return values;
    }

    /// <summary>The canonical correlations of all directions (up to each side's rank).</summary>
    public double[] CanonicalCorrelations() => CanonicalCorrelations(A.Rank, B.Rank);

    /// <summary>Za ᵀ Zb = Waᵀ M Wb: the cross-covariance of the two activities in their principal coordinates.</summary>
    public Matrix<double> ScoreCross()
    {
        RequireFull();
        var wa = Matrix<double>.Build.DenseOfRowMajor(A.Directions, A.Directions, A.Scale.ToArray());
        var wb = Matrix<double>.Build.DenseOfRowMajor(B.Directions, B.Directions, B.Scale.ToArray());
        return wa.TransposeThisAndMultiply(Cross) * wb;
    }

    /// <summary>Throws unless both subspaces kept every direction of their rank.</summary>
    /// <exception cref="InvalidOperationException">A subspace was truncated.</exception>
    public void RequireFull()
    {
        if (A.Directions < A.Rank || B.Directions < B.Rank)
        {
            throw new InvalidOperationException("this metric needs subspaces prepared with every direction");
        }
    }

    private static void RequireSameSamples(Subspace a, Subspace b)
    {
        if (a.Samples != b.Samples)
        {
            throw new ArgumentException($"{a.Source} has {a.Samples} samples and {b.Source} has {b.Samples}; activities compared must share their samples");
        }
    }
}

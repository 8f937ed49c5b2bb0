using System.Numerics;
using RnnAtlas.Numerics;

namespace RnnAtlas.Similarity;

/// <summary>
/// DSA's eigenvalue-only comparison: the optimal-transport distance between two operators' spectra, each eigenvalue a
/// point (Re, Im) of the plane with uniform weight.
/// </summary>
public static class SpectralWasserstein
{
    /// <summary>Largest lcm(n₁, n₂) for which spectra of unequal sizes are compared (the transport is solved as an lcm × lcm assignment).</summary>
    public const int MaxReplicatedSize = 1024;

    /// <summary>
    /// W₂²: the minimum over transport plans of Σ G_ij |λ_i − μ_j|² with uniform weights 1/n₁ and 1/n₂, the score
    /// mitchellostrow/DSA computes (<c>score_method='wasserstein'</c>, on the DSA class's eigenvalue path: no zero
    /// padding). For equal sizes it is (1/n) min over permutations σ of Σ|λ_i − μ_σ(i)|²; otherwise each eigenvalue is
    /// repeated lcm/n times, an exact vertex of the same transport problem.
    /// </summary>
    /// <exception cref="ArgumentException">A spectrum is empty, or lcm(n₁, n₂) exceeds <see cref="MaxReplicatedSize"/>.</exception>
    public static double Squared(IReadOnlyList<Complex> first, IReadOnlyList<Complex> second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        if (first.Count == 0 || second.Count == 0)
        {
            throw new ArgumentException("a spectrum is empty");
        }
        var size = first.Count / Gcd(first.Count, second.Count) * second.Count;
        if (size > MaxReplicatedSize)
        {
            throw new ArgumentException($"spectra of {first.Count} and {second.Count} eigenvalues need a {size} × {size} assignment (at most {MaxReplicatedSize})");
        }
        var (repeatFirst, repeatSecond) = (size / first.Count, size / second.Count);
        var cost = new double[size * size];
        for (var i = 0; i < size; i++)
        {
            for (var j = 0; j < size; j++)
            {
                var difference = first[i / repeatFirst] - second[j / repeatSecond];
                cost[i * size + j] = (difference.Real * difference.Real) + (difference.Imaginary * difference.Imaginary);
            }
        }
        var assignment = LinearAssignment.Solve(cost, size);
        return assignment.Select((j, i) => cost[i * size + j]).Sum() / size;
    }

    private static int Gcd(int a, int b) => b == 0 ? a : Gcd(b, a % b);
}

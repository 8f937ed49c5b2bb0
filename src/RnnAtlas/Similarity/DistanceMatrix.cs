using System.Globalization;

namespace RnnAtlas.Similarity;

/// <summary>A symmetric network × network distance matrix with a zero diagonal, [count, count] row-major.</summary>
public sealed class DistanceMatrix
{
    private readonly double[] _values;

    /// <summary>Wraps <paramref name="values"/> after checking that it is square, symmetric, finite and zero on the diagonal.</summary>
    /// <exception cref="InvalidDataException">It is not; the message names <paramref name="source"/> and the entry.</exception>
    public DistanceMatrix(double[] values, int count, string source)
    {
        ArgumentNullException.ThrowIfNull(values);
        if ((long)count * count != values.Length)
        {
            throw new InvalidDataException($"{source}: {values.Length} values do not make a {count} × {count} matrix");
        }
        for (var i = 0; i < count; i++)
        {
            for (var j = 0; j < count; j++)
            {
                var v = values[i * count + j];
                if (!double.IsFinite(v) || v < 0 || (i == j && v != 0) || v != values[j * count + i])
                {
                    throw new InvalidDataException($"{source}: entry [{i}, {j}] = {v.ToString(CultureInfo.InvariantCulture)}; a distance matrix is finite, non-negative, symmetric and zero on the diagonal");
                }
            }
        }
        _values = values;
        Count = count;
    }

    /// <summary>Rows (= columns).</summary>
    public int Count { get; }

    /// <summary>The distance between items <paramref name="i"/> and <paramref name="j"/>.</summary>
    public double this[int i, int j] => _values[i * Count + j];

    /// <summary>All values, row-major.</summary>
    public ReadOnlySpan<double> Values => _values;
}

namespace RnnAtlas.Numerics;

/// <summary>The linear assignment problem: the permutation σ minimising Σ_i cost[i, σ(i)] of a square cost matrix.</summary>
public static class LinearAssignment
{
    /// <summary>
    /// The optimal assignment of rows to columns of the [n, n] row-major <paramref name="cost"/>: result[i] is row i's
    /// column. Shortest augmenting paths with dual potentials (Kuhn–Munkres in the Jonker–Volgenant form), O(n³).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="cost"/> is not n × n or holds a value that is not finite.</exception>
    public static int[] Solve(ReadOnlySpan<double> cost, int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        if (cost.Length != n * n)
        {
            throw new ArgumentException($"expected {n} × {n} costs, got {cost.Length}", nameof(cost));
        }
        if (!System.Numerics.Tensors.TensorPrimitives.IsFiniteAll(cost))
        {
            throw new ArgumentException("every cost must be finite", nameof(cost));
        }
        // 1-based arrays; column 0 is the virtual start of each augmenting path.
        var u = new double[n + 1];
        var v = new double[n + 1];
        var rowOf = new int[n + 1];
        var previous = new int[n + 1];
        var reach = new double[n + 1];
        var used = new bool[n + 1];
        for (var row = 1; row <= n; row++)
        {
            rowOf[0] = row;
            var column = 0;
            Array.Fill(reach, double.PositiveInfinity);
            Array.Clear(used);
            do
            {
                used[column] = true;
                var i = rowOf[column];
                var delta = double.PositiveInfinity;
                var next = 0;
                for (var j = 1; j <= n; j++)
                {
                    if (used[j])
                    {
                        continue;
                    }
                    var reduced = cost[(i - 1) * n + j - 1] - u[i] - v[j];
                    if (reduced < reach[j])
                    {
                        reach[j] = reduced;
                        previous[j] = column;
                    }
                    if (reach[j] < delta)
                    {
                        delta = reach[j];
                        next = j;
                    }
                }
                for (var j = 0; j <= n; j++)
                {
                    if (used[j])
                    {
                        u[rowOf[j]] += delta;
                        v[j] -= delta;
                    }
                    else
                    {
                        reach[j] -= delta;
                    }
                }
                column = next;
            }
            while (rowOf[column] != 0);
            do
            {
                var before = previous[column];
                rowOf[column] = rowOf[before];
                column = before;
            }
            while (column != 0);
        }
        var assignment = new int[n];
        for (var j = 1; j <= n; j++)
        {
            assignment[rowOf[j] - 1] = j - 1;
        }
        return assignment;
    }
}

using RnnAtlas.Numerics;

namespace RnnAtlas.Similarity;

/// <summary>
/// All-pairs distances of a population under the dynamical metrics, from each network's prepared operator
/// (<see cref="HavokDmd"/>). Rows of pairs are spread over threads, each worker with its own searches; every value
/// depends only on its two operators, so results are identical for any thread count.
/// </summary>
/// <param name="Metrics">The metrics to compute.</param>
/// <param name="Threads">Worker threads.</param>
public sealed record DynamicalDistances(IReadOnlyList<IDynamicalMetric> Metrics, int Threads)
{
    /// <summary>
    /// Computes the distances of every pair (i &lt; j) for which <paramref name="needed"/> holds (all pairs when null);
    /// returns one [count, count] row-major matrix per metric (pairs not needed are left 0).
    /// </summary>
    /// <param name="operators">The prepared networks, in matrix order.</param>
    /// <param name="needed">Which pairs to compute.</param>
    /// <param name="progress">Receives the number of pairs finished so far.</param>
    /// <param name="cancellation">Stops between rows.</param>
    public double[][] Compute(IReadOnlyList<HavokDmd> operators, Func<int, int, bool>? needed, IProgress<long>? progress, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(operators);
        var n = operators.Count;
        var results = Metrics.Select(_ => new double[n * n]).ToArray();
        var finished = new PairCounter(progress);
        WorkQueue.Run(Enumerable.Range(0, n), Threads, () => new DsaWorkspace(), (workspace, a) =>
        {
            var count = 0;
            for (var b = a + 1; b < n; b++)
            {
                if (needed is not null && !needed(a, b))
                {
                    continue;
                }
                for (var m = 0; m < Metrics.Count; m++)
                {
                    var distance = Metrics[m].Compare(operators[a], operators[b], workspace).Distance;
                    results[m][a * n + b] = distance;
                    results[m][b * n + a] = distance;
                }
                count++;
            }
            finished.Add(count);
        }, cancellation);
        return results;
    }
}

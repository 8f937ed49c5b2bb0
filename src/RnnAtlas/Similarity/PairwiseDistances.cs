using RnnAtlas.Numerics;

namespace RnnAtlas.Similarity;

/// <summary>
/// All-pairs distances of a population under several metrics at once. The prepared bases are grouped into blocks of
/// consecutive networks (about <see cref="BlockColumns"/> columns each), every pair of blocks is packed side by side
/// (a copy of 1/<see cref="BlockColumns"/> of the product's cost, so no second copy of the population is held) and
/// costs one large matrix product Q_Iᵀ Q_J on the fast kernel, and each network pair then reads its M = QaᵀQb from that product. Block pairs
/// are spread over threads; every value depends only on its two networks, so results are identical for any thread count
/// and any population the two networks sit in.
/// </summary>
/// <param name="Metrics">The metrics to compute.</param>
/// <param name="Threads">Worker threads.</param>
public sealed record PairwiseDistances(IReadOnlyList<IRepresentationalMetric> Metrics, int Threads)
{
    /// <summary>Target width of a packed block of bases.</summary>
    public const int BlockColumns = 256;

    /// <summary>Directions each network must be prepared with so that every metric can run.</summary>
    public int DirectionsNeeded => Metrics.Max(m => m.DirectionsNeeded);

    /// <summary>
    /// Computes the distances of every pair (i &lt; j) for which <paramref name="needed"/> holds (all pairs when null);
    /// returns one [count, count] row-major matrix per metric (pairs not needed are left 0).
    /// </summary>
    /// <param name="subspaces">The prepared networks, in matrix order, all with the same samples.</param>
    /// <param name="needed">Which pairs to compute.</param>
    /// <param name="progress">Receives the number of pairs finished so far.</param>
    /// <param name="cancellation">Stops between block pairs.</param>
    public double[][] Compute(IReadOnlyList<Subspace> subspaces, Func<int, int, bool>? needed, IProgress<long>? progress, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(subspaces);
        var n = subspaces.Count;
        var results = Metrics.Select(_ => new double[n * n]).ToArray();
        if (n < 2)
        {
            return results;
        }
        var samples = subspaces[0].Samples;
        var blocks = Blocks(subspaces);
        var work = new List<(int I, int J)>();
        for (var bi = 0; bi < blocks.Count; bi++)
        {
            for (var bj = bi; bj < blocks.Count; bj++)
            {
                if (needed is null || PairsOf(blocks[bi], blocks[bj]).Any(p => needed(p.A, p.B)))
                {
                    work.Add((bi, bj));
                }
            }
        }
        var finished = new PairCounter(progress);
        var widest = blocks.Max(b => b.Columns);
        WorkQueue.Run(work, Threads, () => new Workspace(samples * widest, widest * widest), (space, item) =>
        {
            var (first, second) = (blocks[item.I], blocks[item.J]);
            // Block pairs arrive ordered by their first block, so a worker packs that block once for many products.
            if (space.RowsBlock != item.I)
            {
                Pack(subspaces, first, samples, space.Rows);
                space.RowsBlock = item.I;
            }
            var columns = space.Rows;
            if (item.I != item.J)
            {
                Pack(subspaces, second, samples, space.Columns);
                columns = space.Columns;
            }
            var product = space.Product;
            MatrixProduct.Multiply<double>(first.Columns, second.Columns, samples, space.Rows, 1, first.Columns, columns, second.Columns, product, second.Columns, accumulate: false);
            var count = 0;
            foreach (var (a, b) in PairsOf(first, second))
            {
                if (needed is not null && !needed(a, b))
                {
                    continue;
                }
                var offset = first.Offsets[a - first.Start] * second.Columns + second.Offsets[b - second.Start];
                var pair = new SubspacePair(subspaces[a], subspaces[b], product, offset, second.Columns);
                for (var m = 0; m < Metrics.Count; m++)
                {
                    // 1 − a similarity that rounding put a hair above 1 (identical networks, a coarse stride) is a
                    // distance of −2e-16: it is 0, not a damaged matrix.
                    var distance = Math.Max(Metrics[m].Compare(pair).Distance, 0);
                    results[m][a * n + b] = distance;
                    results[m][b * n + a] = distance;
                }
                count++;
            }
            finished.Add(count);
        }, cancellation);
        return results;
    }

    private static IEnumerable<(int A, int B)> PairsOf(Block first, Block second)
    {
        for (var a = first.Start; a < first.Start + first.Count; a++)
        {
            for (var b = Math.Max(second.Start, a + 1); b < second.Start + second.Count; b++)
            {
                yield return (a, b);
            }
        }
    }

    private static List<Block> Blocks(IReadOnlyList<Subspace> subspaces)
    {
        var blocks = new List<Block>();
        var start = 0;
        while (start < subspaces.Count)
        {
            var offsets = new List<int>();
            var columns = 0;
            var end = start;
            while (end < subspaces.Count && (end == start || columns + subspaces[end].Directions <= BlockColumns))
            {
                if (subspaces[end].Samples != subspaces[start].Samples)
                {
                    throw new ArgumentException($"{subspaces[end].Source} has {subspaces[end].Samples} samples and {subspaces[start].Source} has {subspaces[start].Samples}; a population is compared on the same samples");
                }
                offsets.Add(columns);
                columns += subspaces[end].Directions;
                end++;
            }
            blocks.Add(new Block(start, end - start, columns, [.. offsets]));
            start = end;
        }
        return blocks;
    }

    private static void Pack(IReadOnlyList<Subspace> subspaces, Block block, int samples, double[] packed)
    {
        for (var k = 0; k < block.Count; k++)
        {
            var subspace = subspaces[block.Start + k];
            var d = subspace.Directions;
            for (var i = 0; i < samples; i++)
            {
                subspace.Basis.Slice(i * d, d).CopyTo(packed.AsSpan(i * block.Columns + block.Offsets[k], d));
            }
        }
    }

    private sealed record Block(int Start, int Count, int Columns, int[] Offsets);

    /// <summary>A worker's buffers: its current first block packed, the second block packed, and their product.</summary>
    private sealed class Workspace(int packed, int product)
    {
        public int RowsBlock { get; set; } = -1;

        public double[] Rows { get; } = new double[packed];

        public double[] Columns { get; } = new double[packed];

        public double[] Product { get; } = new double[product];
    }
}

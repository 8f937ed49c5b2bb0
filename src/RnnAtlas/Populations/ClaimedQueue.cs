using System.Collections.Concurrent;
using RnnAtlas.Numerics;

namespace RnnAtlas.Populations;

/// <summary>
/// Per-network work shared with other processes on the same study (overlapping shards, a second worker): each item is
/// done only under a claim (<see cref="INetworkStore.TryClaim"/>); an item another worker holds is put back and taken
/// again later, and an item another worker finished meanwhile is not redone. Ends when every item is done here or
/// elsewhere.
/// </summary>
public static class ClaimedQueue
{
    private static readonly TimeSpan Retry = TimeSpan.FromMilliseconds(500);

    /// <summary>Processes <paramref name="items"/> on <paramref name="threads"/> workers.</summary>
    /// <param name="items">The work.</param>
    /// <param name="threads">Workers.</param>
    /// <param name="createWorker">Per-worker state.</param>
    /// <param name="claim">Claims an item, or returns null while another live worker holds it.</param>
    /// <param name="doneElsewhere">True (after recording its result) when the item was finished by another worker.</param>
    /// <param name="process">Does the item; runs while the claim is held.</param>
    /// <param name="cancellation">Stops between items.</param>
    public static void Run<TItem, TWorker>(
        IEnumerable<TItem> items,
        int threads,
        Func<TWorker> createWorker,
        Func<TItem, IDisposable?> claim,
        Func<TItem, bool> doneElsewhere,
        Action<TWorker, TItem> process,
        CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(doneElsewhere);
        ArgumentNullException.ThrowIfNull(process);
        var queue = new ConcurrentQueue<TItem>(items);
        var remaining = queue.Count;
        WorkQueue.Run(Enumerable.Range(0, Math.Max(1, Math.Min(threads, queue.Count))), threads, createWorker, (worker, _) =>
        {
            while (Volatile.Read(ref remaining) > 0)
            {
                cancellation.ThrowIfCancellationRequested();
                if (!queue.TryDequeue(out var item))
                {
                    // The items left are in the hands of other workers of this process, each of which finishes its
                    // item or puts it back and stays to retry it: this worker is done. (Waiting here for them cost
                    // up to one retry interval after the last item, a third of a short population's time.)
                    return;
                }
                if (doneElsewhere(item))
                {
                    Interlocked.Decrement(ref remaining);
                    continue;
                }
                using var held = claim(item);
                if (held is null)
                {
                    queue.Enqueue(item);
                    Thread.Sleep(Retry);
                    continue;
                }
                if (!doneElsewhere(item))
                {
                    process(worker, item);
                }
                Interlocked.Decrement(ref remaining);
            }
        }, cancellation);
    }
}

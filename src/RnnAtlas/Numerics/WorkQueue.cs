using System.Collections.Concurrent;

namespace RnnAtlas.Numerics;

/// <summary>
/// Runs one action per item on <c>threads</c> long-running workers that each take the next item; every worker keeps its
/// own state (workspaces) from <c>createWorker</c>. Cancellation surfaces as one <see cref="OperationCanceledException"/>;
/// a failing item's exception is rethrown as itself.
/// </summary>
public static class WorkQueue
{
    /// <summary>Processes <paramref name="items"/> in order of dequeueing with per-worker state.</summary>
    public static void Run<TItem, TWorker>(IEnumerable<TItem> items, int threads, Func<TWorker> createWorker, Action<TWorker, TItem> process, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(createWorker);
        ArgumentNullException.ThrowIfNull(process);
        var queue = new ConcurrentQueue<TItem>(items);
        var workers = Enumerable.Range(0, Math.Max(1, Math.Min(threads, queue.Count))).Select(_ => Task.Factory.StartNew(() =>
        {
            var worker = createWorker();
            while (queue.TryDequeue(out var item))
            {
                cancellation.ThrowIfCancellationRequested();
                process(worker, item);
            }
        }, cancellation, TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToArray();
        try
        {
            Task.WaitAll(workers);
        }
        catch (AggregateException e) when (e.InnerExceptions.All(x => x is OperationCanceledException or TaskCanceledException))
        {
            throw new OperationCanceledException("cancelled", e, cancellation);
        }
        catch (AggregateException e)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions.First(x => x is not OperationCanceledException)).Throw();
        }
    }
}

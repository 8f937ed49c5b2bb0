using System.Collections.Concurrent;
using RnnAtlas.Populations;

namespace RnnAtlas.Tests.Populations;

/// <summary>Claims held elsewhere are retried until done; every item is done once; nothing is waited for once all are done.</summary>
public sealed class ClaimedQueueTests
{
    [Fact]
    public void AnItemHeldByAnotherWorkerIsRetriedAfterTheOtherWorkersOfThisProcessHaveLeft()
    {
        var refusals = new ConcurrentDictionary<int, int>();
        var done = new ConcurrentBag<int>();

        // Item 5 is held by "another process" for its first two claims: by then the queue is empty and the other
        // worker here has left, so only the worker that put it back is left to retry it.
        ClaimedQueue.Run(
            Enumerable.Range(0, 6),
            2,
            () => 0,
            item => item == 5 && refusals.AddOrUpdate(item, 1, (_, n) => n + 1) <= 2 ? null : new MemoryStream(),
            _ => false,
            (_, item) => done.Add(item),
            default);

        Assert.Equal(Enumerable.Range(0, 6), done.Order());
        Assert.Equal(3, refusals[5]);
    }

    [Fact]
    public void AnItemFinishedElsewhereWhileItWasHeldIsNotRedone()
    {
        var finishedElsewhere = new ConcurrentDictionary<int, bool>();
        var done = new ConcurrentBag<int>();

        ClaimedQueue.Run(
            Enumerable.Range(0, 4),
            2,
            () => 0,
            item =>
            {
                if (item != 2 || finishedElsewhere.ContainsKey(item))
                {
                    return new MemoryStream();
                }
                finishedElsewhere[item] = true;
                return null;
            },
            item => finishedElsewhere.ContainsKey(item),
            (_, item) => done.Add(item),
            default);

        Assert.Equal([0, 1, 3], done.Order());
    }
}

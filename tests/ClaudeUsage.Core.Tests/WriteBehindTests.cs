using ClaudeUsage.Core.Ledger;

namespace ClaudeUsage.Tests;

/// <summary>An ingest's transactions on another thread: in order, one at a time, and their failures not lost.</summary>
public class WriteBehindTests
{
    [Fact]
    public void A_write_starts_only_once_the_one_before_has_ended_and_their_counts_add_up()
    {
        using var firstMayEnd = new ManualResetEventSlim();
        using var secondStarted = new ManualResetEventSlim();
        bool firstEnded = false, secondSawFirstEnded = false;
        using var writes = new WriteBehind();
        writes.Start(() =>
        {
            firstMayEnd.Wait();
            firstEnded = true;
            return new LedgerWriteCounts(1, 2, 3);
        });

        // Started from a thread of its own, so the thread pool has a thread free for it.
        var second = new Thread(() => writes.Start(() =>
        {
            secondSawFirstEnded = firstEnded;
            secondStarted.Set();
            return new LedgerWriteCounts(10, 20, 30);
        }));
        second.Start();

        // While the first is held, the second has not begun.
        Assert.False(secondStarted.Wait(TimeSpan.FromSeconds(1)));
        firstMayEnd.Set();
        second.Join();
        Assert.Equal(new LedgerWriteCounts(11, 22, 33), writes.Finish());
        Assert.True(secondSawFirstEnded);
    }

    [Fact]
    public void A_failed_write_is_thrown_by_the_next_call_and_no_later_write_runs()
    {
        bool laterRan = false;
        using var writes = new WriteBehind();
        writes.Start(() => throw new LedgerException(LedgerProblem.Unavailable, "the ledger is busy"));

        var failure = Assert.Throws<LedgerException>(() => writes.Start(() =>
        {
            laterRan = true;
            return default;
        }));
        Assert.Equal("the ledger is busy", failure.Message);
        Assert.False(laterRan);
    }

    [Fact]
    public void Ending_early_waits_for_the_write_in_flight()
    {
        var release = new ManualResetEventSlim();
        bool finished = false;
        var writes = new WriteBehind();
        writes.Start(() =>
        {
            release.Wait();
            Thread.Sleep(50);
            finished = true;
            return default;
        });

        release.Set();
        writes.Dispose();
        Assert.True(finished);
    }
}

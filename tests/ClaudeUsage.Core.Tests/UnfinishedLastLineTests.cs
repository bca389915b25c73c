using ClaudeUsage.Core;
using ClaudeUsage.Core.Caching;
using ClaudeUsage.Core.Ledger;
using ClaudeUsage.Core.Scanning;
using static ClaudeUsage.Tests.Transcript;

namespace ClaudeUsage.Tests;

/// <summary>
/// A last line without its newline may still be being written: it is not judged until it is finished, so a file read
/// while it grows (through the usage cache or the ledger) reports what one read of the finished file reports.
/// </summary>
public class UnfinishedLastLineTests
{
    private const string Session = ".claude/projects/-home-user-work-demo/s.jsonl";

    /// <summary>A whole JSON object that counts as malformed: usage at a time on the calendar's edge (no valid timestamp).</summary>
    private static string UsageWithoutValidTime() => ClaudeAssistant("0001-01-01T00:00:00Z", "msg_2", "req_2", input: 20, output: 2);

    private static (ScanResult Scan, CollectingObserver Observer) Scan(string logs, ScanCache? cache)
    {
        var observer = new CollectingObserver();
        return (CollectingObserver.ScanAndFinish(new ScanRequest { Paths = [logs], Cache = cache }, observer), observer);
    }

    /// <summary>The file as the writer leaves it: line 1, the malformed line 2 still without its newline.</summary>
    private static string WriteGrowing(TempFolder logs) =>
        logs.WriteRaw(Session, ClaudeAssistant("2026-11-20T10:00:00Z", "msg_1", "req_1", input: 10, output: 5) + "\n" + UsageWithoutValidTime());

    /// <summary>The writer finishes line 2 (a trailing space and its newline) and writes line 3.</summary>
    private static void Finish(string path) =>
        File.AppendAllText(path, " \n" + ClaudeAssistant("2026-11-20T11:00:00Z", "msg_3", "req_3", input: 1, output: 2) + "\n");

    [Fact]
    public void Through_the_cache_a_malformed_last_line_is_counted_once_when_its_newline_comes()
    {
        using var logs = new TempFolder();
        using var cacheDir = new TempFolder();
        var cache = new ScanCache(cacheDir.Path);
        string path = WriteGrowing(logs);

        (ScanResult growing, CollectingObserver growingObserver) = Scan(logs.Path, cache);
        Finish(path);
        (ScanResult finished, CollectingObserver finishedObserver) = Scan(logs.Path, cache);
        (ScanResult again, _) = Scan(logs.Path, cache);
        (ScanResult uncached, CollectingObserver uncachedObserver) = Scan(logs.Path, cache: null);

        // While line 2 has no newline: not judged, and line 1 counts (10 + 5).
        Assert.Equal(0, growing.MalformedLines);
        Assert.Empty(growingObserver.Malformed);
        Assert.Equal(15, growing.Responses.Sum(e => e.Tokens.Total));
        // Finished: line 2 once, as one read of the final file says; lines 1 and 3 count (15 + 3).
        Assert.Equal(1, uncached.MalformedLines);
        Assert.Equal((1, 2L), (finished.MalformedLines, Assert.Single(finishedObserver.Malformed).FirstLine));
        Assert.Equal(Assert.Single(uncachedObserver.Malformed).Count, Assert.Single(finishedObserver.Malformed).Count);
        Assert.Equal(1, again.MalformedLines);
        Assert.Equal(18, finished.Responses.Sum(e => e.Tokens.Total));
        Assert.Equal(18, uncached.Responses.Sum(e => e.Tokens.Total));
    }

    [Fact]
    public void Through_the_ledger_a_malformed_last_line_is_counted_once_when_its_newline_comes()
    {
        using var logs = new TempFolder();
        using var ledgerDir = new TempFolder();
        using SqliteLedgerStore store = SqliteLedgerStore.Open(Path.Combine(ledgerDir.Path, "ledger.db"));
        string path = WriteGrowing(logs);
        LedgerIngestResult Ingest() => LedgerIngest.Run(store, new ScanRequest { Paths = [logs.Path] }, new CollectingObserver(), CancellationToken.None);

        LedgerIngestResult growing = Ingest();
        Finish(path);
        LedgerIngestResult finished = Ingest();
        LedgerIngestResult again = Ingest();

        Assert.Equal(0, growing.MalformedLines);
        Assert.Equal(1, finished.MalformedLines);
        Assert.Equal(1, again.MalformedLines);
        Assert.Equal(Scan(logs.Path, cache: null).Scan.MalformedLines, finished.MalformedLines);
        // msg_1 (10 + 5) and msg_3 (1 + 2); line 2 never counts.
        Assert.Equal(18, store.ReadCounted(null, null, null, withIds: false).Sum(e => e.Tokens.Total));
    }

    [Fact]
    public void A_long_unfinished_line_that_is_passed_over_is_read_from_its_start_when_it_is_finished()
    {
        using var logs = new TempFolder();
        using var cacheDir = new TempFolder();
        var cache = new ScanCache(cacheDir.Path);
        // A file-history snapshot longer than the read buffer (2 MiB of text) is passed over unread; the writer has
        // written half of it. Its second half names "usage" inside the snapshot, which counts for nothing.
        string half = new('x', 1 << 20);
        string path = logs.WriteRaw(Session,
            ClaudeAssistant("2026-11-20T10:00:00Z", "msg_1", "req_1", input: 10, output: 5) + "\n"
            + "{\"type\":\"file-history-snapshot\",\"snapshot\":{\"text\":\"" + half);

        (ScanResult growing, _) = Scan(logs.Path, cache);
        File.AppendAllText(path, half + "\",\"usage\":{\"input_tokens\":1}}}\n" + ClaudeAssistant("2026-11-20T11:00:00Z", "msg_3", "req_3", input: 1, output: 2) + "\n");
        (ScanResult finished, CollectingObserver finishedObserver) = Scan(logs.Path, cache);
        (ScanResult uncached, _) = Scan(logs.Path, cache: null);

        Assert.Equal(15, growing.Responses.Sum(e => e.Tokens.Total));
        // The snapshot is passed over whole both ways: nothing malformed, msg_1 and msg_3 (on line 3) count.
        Assert.Equal(0, uncached.MalformedLines);
        Assert.Empty(finishedObserver.Malformed);
        Assert.Equal(18, finished.Responses.Sum(e => e.Tokens.Total));
        Assert.Equal(3, finished.Responses.Single(e => e.ResponseId == "msg_3").LineNumber);
    }
}

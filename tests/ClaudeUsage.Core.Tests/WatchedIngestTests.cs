using ClaudeUsage.Core;
using ClaudeUsage.Core.Discovery;
using ClaudeUsage.Core.Ledger;
using ClaudeUsage.Core.Scanning;
using static ClaudeUsage.Tests.Transcript;

namespace ClaudeUsage.Tests;

/// <summary>
/// The default folders watched between ingests in one process: an ingest with nothing changed since the last one is
/// answered without looking at the files, and every change, however it is made and however soon before the next
/// ingest, is seen by it.
/// </summary>
public class WatchedIngestTests
{
    private const string Project = ".claude/projects/-home-user-work-demo/";

    private static readonly string Line1 = ClaudeAssistant("2026-11-20T10:00:00Z", "msg_1", "req_1", input: 10, output: 5);
    private static readonly string Line2 = ClaudeAssistant("2026-11-20T10:05:00Z", "msg_2", "req_2", input: 100, output: 50);
    private static readonly string Line3 = ClaudeAssistant("2026-11-20T10:10:00Z", "msg_3", "req_3", input: 1000, output: 500);

    private static (LedgerIngestResult Result, bool Watched, CollectingObserver Observer) Ingest(ILedgerStore store, string home)
    {
        var observer = new CollectingObserver();
        var request = new ScanRequest { Environment = new UserEnvironment(home, _ => null), Sources = new HashSet<UsageSource> { UsageSource.ClaudeCode } };
        LedgerIngestResult result = LedgerIngest.Run(store, request, observer, CancellationToken.None);
        return (result, observer.VerboseMessages.Any(m => m.Contains("watched for changes", StringComparison.Ordinal)), observer);
    }

    private static long Output(ILedgerStore store) => store.ReadCounted(null, null, null, withIds: false).Sum(e => e.Tokens.Output);

    [Fact]
    public void Nothing_changed_is_answered_by_the_watch_and_an_append_just_before_is_seen()
    {
        using var home = new TempFolder();
        using var ledgerDir = new TempFolder();
        string file = home.Write(Project + "s.jsonl", Line1);
        using SqliteLedgerStore store = SqliteLedgerStore.Open(Path.Combine(ledgerDir.Path, "ledger.db"));

        Assert.False(Ingest(store, home.Path).Watched);
        (LedgerIngestResult again, bool watched, _) = Ingest(store, home.Path);
        Assert.Equal(OperatingSystem.IsLinux(), watched);
        Assert.Equal((1, 1, 0, 0), (again.FileCount, again.FilesUnchanged, again.CopiesRead, again.Counts.Added));

        File.AppendAllText(file, Line2 + "\n");
        (LedgerIngestResult appended, bool watchedAfterAppend, _) = Ingest(store, home.Path);
        Assert.False(watchedAfterAppend);
        Assert.Equal((1, 1), (appended.FilesAppended, appended.Counts.Added));
        Assert.Equal(5 + 50, Output(store));
    }

    [Fact]
    public void A_root_made_after_the_first_ingest_and_a_new_subfolder_are_seen()
    {
        using var home = new TempFolder();
        using var ledgerDir = new TempFolder();
        using SqliteLedgerStore store = SqliteLedgerStore.Open(Path.Combine(ledgerDir.Path, "ledger.db"));
        Ingest(store, home.Path);
        Ingest(store, home.Path);

        // ~/.claude does not exist at first: the watch on the home folder sees it made.
        home.Write(Project + "s.jsonl", Line1);
        Assert.Equal(1, Ingest(store, home.Path).Result.Counts.Added);
        Ingest(store, home.Path);

        // A subagent's transcript in a folder made after the last listing.
        home.Write(Project + "s/subagents/agent-a1.jsonl", Line2);
        Assert.Equal(1, Ingest(store, home.Path).Result.Counts.Added);
        Assert.Equal(5 + 50, Output(store));
    }

    [Fact]
    public void A_root_moved_away_and_made_again_is_read_anew()
    {
        using var home = new TempFolder();
        using var ledgerDir = new TempFolder();
        home.Write(Project + "s.jsonl", Line1);
        using SqliteLedgerStore store = SqliteLedgerStore.Open(Path.Combine(ledgerDir.Path, "ledger.db"));
        Ingest(store, home.Path);
        Ingest(store, home.Path);

        // The old folder keeps its watches where it went; the one above it sees the name change.
        Directory.Move(Path.Combine(home.Path, ".claude"), Path.Combine(home.Path, ".claude-old"));
        home.Write(Project + "t.jsonl", Line3);
        (LedgerIngestResult result, bool watched, _) = Ingest(store, home.Path);

        Assert.False(watched);
        Assert.Equal((1, 1), (result.Counts.Added, result.FilesGone));
        Assert.Equal(5 + 500, Output(store));
    }

    [Fact]
    public void A_ledger_made_again_at_the_same_path_is_filled_again()
    {
        using var home = new TempFolder();
        using var ledgerDir = new TempFolder();
        home.Write(Project + "s.jsonl", Line1, Line2);
        string path = Path.Combine(ledgerDir.Path, "ledger.db");
        using (SqliteLedgerStore first = SqliteLedgerStore.Open(path))
        {
            Ingest(first, home.Path);
            Ingest(first, home.Path);
        }

        foreach (string file in Directory.EnumerateFiles(ledgerDir.Path, "ledger.db*"))
        {
            File.Delete(file);
        }

        // The logs did not change, but this is not the ledger that read them.
        using SqliteLedgerStore second = SqliteLedgerStore.Open(path);
        (LedgerIngestResult result, bool watched, _) = Ingest(second, home.Path);
        Assert.False(watched);
        Assert.Equal(2, result.Counts.Added);
        Assert.Equal(5 + 50, Output(second));
    }

    [Fact]
    public void A_malformed_line_is_reported_again_when_the_watch_answers()
    {
        using var home = new TempFolder();
        using var ledgerDir = new TempFolder();
        home.Write(Project + "s.jsonl", Line1, "{not json", Line2);
        using SqliteLedgerStore store = SqliteLedgerStore.Open(Path.Combine(ledgerDir.Path, "ledger.db"));
        Ingest(store, home.Path);

        (LedgerIngestResult result, bool watched, CollectingObserver observer) = Ingest(store, home.Path);

        Assert.Equal(OperatingSystem.IsLinux(), watched);
        Assert.Equal(1, result.MalformedLines);
        (string path, int count, long line, _) = Assert.Single(observer.Malformed);
        Assert.Equal((Path.Combine(home.Path, Project + "s.jsonl"), 1, 2L), (path, count, line));
    }
}

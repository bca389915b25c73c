using ClaudeUsage.Core;
using ClaudeUsage.Core.Ledger;
using ClaudeUsage.Core.Scanning;
using Microsoft.Data.Sqlite;
using static ClaudeUsage.Tests.Transcript;

namespace ClaudeUsage.Tests;

/// <summary>
/// A new ledger's first ingest, written into a file of its own and moved into place at the end (AsideFill): the
/// ledger appears whole or not at all, is the same as one written in place, and never replaces one made meanwhile.
/// </summary>
public class LedgerAsideFillTests
{
    private const string Projects = ".claude/projects/-home-user-work-demo/";

    private static LedgerIngestResult Ingest(ILedgerStore store, string root, CancellationToken cancellation = default) =>
        LedgerIngest.Run(store, new ScanRequest { Paths = [root] }, new CollectingObserver(), cancellation);

    private static string[] AsideFiles(string folder) =>
        [.. Directory.EnumerateFiles(folder, "ledger.db.filling-*").Select(Path.GetFileName).Order()!];

    private static string Scalar(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture)!;
    }

    /// <summary>The ledger's tables, indexes and triggers, as SQLite keeps their definitions.</summary>
    private static string Schema(string path) =>
        Scalar(path, "SELECT group_concat(type || ' ' || name || ': ' || COALESCE(sql, ''), char(10)) FROM (SELECT * FROM sqlite_master ORDER BY type, name);");

    [Fact]
    public void A_new_ledger_is_written_aside_and_appears_whole_when_the_ingest_ends()
    {
        using var dir = new TempFolder();
        using var ledgerDir = new TempFolder();
        LedgerTests.WriteManyFiles(dir); // 25 files of 1,000 responses of 1 + 3 tokens: several transactions
        string path = Path.Combine(ledgerDir.Path, "ledger.db");
        var seen = new List<(bool LedgerThere, int AsideFiles)>();
        void Look() => seen.Add((File.Exists(path), AsideFiles(ledgerDir.Path).Length));

        using (SqliteLedgerStore sqlite = SqliteLedgerStore.Open(path, firstFillAside: true))
        {
            var store = new ObservedStore(sqlite, afterWrite: Look, beforePublish: Look);
            Assert.Equal(25_000, Ingest(store, dir.Path).Counts.Added);

            // At least two writes, then the end; until then no ledger, and one aside file.
            Assert.True(store.Writes >= 2);
            Assert.Equal(Enumerable.Repeat((false, 1), store.Writes + 1), seen);
            Assert.True(File.Exists(path));
            Assert.Empty(AsideFiles(ledgerDir.Path));

            // The store goes on with the ledger in place: reports, and a later ingest in WAL mode.
            Assert.Equal((25_000, 100_000L), LedgerTests.Totals(sqlite.ReadCounted(null, null, null, withIds: false)));
            Assert.Equal(100_000L, sqlite.ReadCountedGroups(null, null, null, QuarterSums.Thresholds)!.Sum(g => g.Tokens.Total));
            dir.Write(Projects + "more.jsonl", [ClaudeAssistant("2026-11-28T10:00:00Z", "msg_more", "req_more", input: 5, output: 7)]);
            Assert.Equal(1, Ingest(sqlite, dir.Path).Counts.Added);
            Assert.Equal((25_001, 100_012L), LedgerTests.Totals(sqlite.ReadCounted(null, null, null, withIds: false)));
        }

        // What the fill left out for speed is all there: the same schema as a ledger made in place, every quarter
        // summed (25 days of 1,000 responses over 17 minutes each: 2 quarters a day, and the later response's), none stale.
        string inPlace = Path.Combine(ledgerDir.Path, "in-place.db");
        SqliteLedgerStore.Open(inPlace).Dispose();
        Assert.Equal(Schema(inPlace), Schema(path));
        Assert.Equal("wal", Scalar(path, "PRAGMA journal_mode;"));
        Assert.Equal("0", Scalar(path, "SELECT COUNT(*) FROM response_sums_stale;"));
        Assert.Equal("100012", Scalar(path, "SELECT SUM(input_tokens + output_tokens) FROM response_sums;"));
        Assert.Equal("51", Scalar(path, "SELECT COUNT(DISTINCT quarter) FROM response_sums;"));
    }

    [Fact]
    public void A_response_replayed_under_another_request_id_counts_once_in_a_ledger_written_aside()
    {
        using var dir = new TempFolder();
        using var ledgerDir = new TempFolder();
        // The subagent transcript replays the parent's message (50 output tokens) under its own request id: two rows,
        // one response, which is the parent's once both are recorded.
        dir.Write(Projects + "s.jsonl", ClaudeAssistant("2026-11-20T10:00:00Z", "msg_1", "req_parent", output: 50));
        dir.Write(Projects + "s/subagents/agent-a.jsonl", ClaudeAssistant("2026-11-20T10:00:00Z", "msg_1", "req_replay", output: 50, sidechain: true));

        using SqliteLedgerStore store = SqliteLedgerStore.Open(Path.Combine(ledgerDir.Path, "ledger.db"), firstFillAside: true);
        Ingest(store, dir.Path);

        Assert.Equal(2, store.Statistics().Rows);
        UsageEntry counted = Assert.Single(store.ReadCounted(null, null, null, withIds: true));
        Assert.Equal(("req_parent", 50L), (counted.RequestId, counted.Tokens.Total));
        Assert.Equal(50L, store.ReadCountedGroups(null, null, null, QuarterSums.Thresholds)!.Sum(g => g.Tokens.Total));
    }

    [Fact]
    public void A_ledger_another_process_made_meanwhile_is_kept_and_the_logs_are_read_into_it()
    {
        using var dir = new TempFolder();
        using var other = new TempFolder();
        using var ledgerDir = new TempFolder();
        LedgerTests.WriteManyFiles(dir); // 25 files of 1,000 responses of 1 + 3 tokens: several transactions
        // What the other process read: 3 responses of its own logs, 5 input + 7 output tokens each (36 tokens).
        other.Write(Projects + "other.jsonl", [.. Enumerable.Range(0, 3)
            .Select(i => ClaudeAssistant($"2026-10-01T09:00:0{i}Z", $"msg_other_{i}", $"req_other_{i}", input: 5, output: 7))]);
        string path = Path.Combine(ledgerDir.Path, "ledger.db");
        bool made = false;
        void MakeTheOtherLedger()
        {
            if (!made)
            {
                made = true;
                using SqliteLedgerStore theirs = SqliteLedgerStore.Open(path);
                Assert.Equal(3, Ingest(theirs, other.Path).Counts.Added);
            }
        }

        using SqliteLedgerStore sqlite = SqliteLedgerStore.Open(path, firstFillAside: true);
        var store = new ObservedStore(sqlite, beforePublish: MakeTheOtherLedger);
        LedgerIngestResult result = Ingest(store, dir.Path);

        // The rows written aside were dropped, and the logs read again into the ledger there: its 3 rows and these 25,000.
        Assert.Equal(25_000, result.Counts.Added);
        Assert.Equal((25_003, 100_036L), LedgerTests.Totals(sqlite.ReadCounted(null, null, null, withIds: false)));
        Assert.Empty(AsideFiles(ledgerDir.Path));
    }

    [Fact]
    public void An_ingest_stopped_before_its_new_ledger_is_in_place_leaves_no_file()
    {
        using var dir = new TempFolder();
        using var ledgerDir = new TempFolder();
        LedgerTests.WriteManyFiles(dir); // 25 files of 1,000 responses of 1 + 3 tokens: several transactions
        string path = Path.Combine(ledgerDir.Path, "ledger.db");
        using var stop = new CancellationTokenSource();

        using (SqliteLedgerStore sqlite = SqliteLedgerStore.Open(path, firstFillAside: true))
        {
            var store = new ObservedStore(sqlite, afterWrite: stop.Cancel);
            Assert.ThrowsAny<OperationCanceledException>(() => Ingest(store, dir.Path, stop.Token));
            Assert.Single(AsideFiles(ledgerDir.Path));
        }

        // Nothing half-made is left; the next ingest starts afresh and counts everything.
        Assert.False(File.Exists(path));
        Assert.Empty(AsideFiles(ledgerDir.Path));
        using SqliteLedgerStore again = SqliteLedgerStore.Open(path, firstFillAside: true);
        Assert.Equal(25_000, Ingest(again, dir.Path).Counts.Added);
        Assert.True(File.Exists(path));
    }

    [Fact]
    public void Aside_files_nobody_wrote_for_an_hour_are_removed_by_the_next_first_ingest()
    {
        using var ledgerDir = new TempFolder();
        string path = Path.Combine(ledgerDir.Path, "ledger.db");
        string Make(string name, TimeSpan age)
        {
            string file = Path.Combine(ledgerDir.Path, name);
            File.WriteAllText(file, "left by a process that ended");
            File.SetLastWriteTimeUtc(file, DateTime.UtcNow - age);
            return file;
        }

        string abandoned = Make("ledger.db.filling-1-a", TimeSpan.FromMinutes(61));
        string recent = Make("ledger.db.filling-2-b", TimeSpan.FromMinutes(59)); // another process may be filling it
        string otherLedgers = Make("other.db.filling-3-c", TimeSpan.FromHours(2));

        SqliteLedgerStore.Open(path, firstFillAside: true).Dispose();

        Assert.False(File.Exists(abandoned));
        Assert.True(File.Exists(recent));
        Assert.True(File.Exists(otherLedgers));
    }

    [Fact]
    public void A_ledger_that_is_there_is_written_in_place()
    {
        using var dir = new TempFolder();
        using var ledgerDir = new TempFolder();
        LedgerTests.WriteManyFiles(dir); // 25 files of 1,000 responses of 1 + 3 tokens: several transactions
        string path = Path.Combine(ledgerDir.Path, "ledger.db");
        SqliteLedgerStore.Open(path).Dispose(); // an empty ledger, made by a report before there were logs

        using SqliteLedgerStore sqlite = SqliteLedgerStore.Open(path, firstFillAside: true);
        var store = new ObservedStore(sqlite, afterWrite: () => Assert.Empty(AsideFiles(ledgerDir.Path)));
        Assert.Equal(25_000, Ingest(store, dir.Path).Counts.Added);
        Assert.Equal("25000", Scalar(path, "SELECT COUNT(*) FROM responses;")); // committed where other processes see it
    }
}

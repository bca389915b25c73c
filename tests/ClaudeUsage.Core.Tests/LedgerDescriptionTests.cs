using ClaudeUsage.Core.Ledger;
using ClaudeUsage.Core.Scanning;
using Microsoft.Data.Sqlite;
using static ClaudeUsage.Tests.Transcript;

namespace ClaudeUsage.Tests;

/// <summary>Get-ClaudeUsageLedger's reading of a ledger: what it holds, without changing or making anything.</summary>
public class LedgerDescriptionTests
{
    private const string Projects = ".claude/projects/-home-user-work-demo/";

    /// <summary>
    /// a.jsonl: two responses (20 November 09:00 and 10:00 UTC); b.jsonl: one (21 November 08:00) and its replay in a
    /// sidechain under a new request id, a row of its own that does not count. b.jsonl is then deleted and the ledger
    /// updated, with a third response appended to a.jsonl (20 November 11:00); <c>SecondRead</c> is when that began.
    /// </summary>
    private static (SqliteLedgerStore Store, string Path, DateTimeOffset SecondRead) LedgerWithADeletedLog(TempFolder logs, TempFolder ledgerDir)
    {
        string a = logs.Write(Projects + "a.jsonl",
            ClaudeAssistant("2026-11-20T09:00:00Z", "msg_a1", "req_a1", input: 10, output: 5),
            ClaudeAssistant("2026-11-20T10:00:00Z", "msg_a2", "req_a2", input: 20, output: 5));
        string b = logs.Write(Projects + "b.jsonl",
            ClaudeAssistant("2026-11-21T08:00:00Z", "msg_b1", "req_b1", input: 30, output: 5),
            ClaudeAssistant("2026-11-21T08:00:01Z", "msg_b1", "req_b1_replay", input: 30, output: 5, sidechain: true));
        string path = Path.Combine(ledgerDir.Path, "ledger.db");
        SqliteLedgerStore store = SqliteLedgerStore.Open(path);
        var request = new ScanRequest { Paths = [logs.Path] };
        LedgerIngest.Run(store, request, new CollectingObserver(), CancellationToken.None);
        File.Delete(b);
        File.AppendAllText(a, ClaudeAssistant("2026-11-20T11:00:00Z", "msg_a3", "req_a3", input: 40, output: 5) + "\n");
        DateTimeOffset secondRead = DateTimeOffset.UtcNow;
        LedgerIngest.Run(store, request, new CollectingObserver(), CancellationToken.None);
        return (store, path, secondRead);
    }

    [Fact]
    public void It_counts_the_responses_the_files_and_what_only_the_ledger_still_has()
    {
        using var logs = new TempFolder();
        using var ledgerDir = new TempFolder();
        (SqliteLedgerStore store, string path, DateTimeOffset secondRead) = LedgerWithADeletedLog(logs, ledgerDir);
        using (store)
        {
            UsageLedger ledger = LedgerDescription.Read(path)!;

            Assert.Equal(path, ledger.LedgerPath);
            Assert.Equal(LedgerSchema.CurrentVersion, ledger.SchemaVersion);
            Assert.Equal(store.Machine.Id, ledger.MachineId);
            Assert.Equal([store.Machine.HostName], ledger.Machines);
            Assert.Equal(5, ledger.Responses); // msg_b1 is two rows (its request and the replay) ...
            Assert.Equal(4, ledger.CountedResponses); // ... counted once
            Assert.Equal(1, ledger.ResponsesOfDeletedLogs); // msg_b1, whose file is gone
            Assert.Equal(new DateTimeOffset(2026, 11, 20, 9, 0, 0, TimeSpan.Zero), ledger.FirstResponse);
            Assert.Equal(new DateTimeOffset(2026, 11, 21, 8, 0, 0, TimeSpan.Zero), ledger.LastResponse);
            Assert.Equal(2, ledger.LogFiles);
            Assert.Equal(1, ledger.DeletedLogFiles);
            Assert.InRange(ledger.LastRead!.Value, secondRead, DateTimeOffset.UtcNow); // the append's read
            Assert.True(ledger.SizeBytes >= new FileInfo(path).Length);
        }
    }

    [Fact]
    public void No_ledger_is_null_and_nothing_is_made()
    {
        using var dir = new TempFolder();
        string path = Path.Combine(dir.Path, "not-yet", "ledger.db");

        Assert.Null(LedgerDescription.Read(path));
        Assert.False(Directory.Exists(Path.GetDirectoryName(path)));
    }

    [Fact]
    public void An_older_schema_is_described_as_it_is_and_not_migrated()
    {
        using var logs = new TempFolder();
        using var ledgerDir = new TempFolder();
        (SqliteLedgerStore store, string current, _) = LedgerWithADeletedLog(logs, ledgerDir);
        store.Dispose();
        string older = Path.Combine(ledgerDir.Path, "schema1.db");
        OlderLedgers.Write(current, older, version: 1);
        byte[] bytes = File.ReadAllBytes(older);

        UsageLedger ledger = LedgerDescription.Read(older)!;

        Assert.Equal(1, ledger.SchemaVersion);
        Assert.Equal((5L, 4L, 1L, 2L, 1L), (ledger.Responses, ledger.CountedResponses, ledger.ResponsesOfDeletedLogs, ledger.LogFiles, ledger.DeletedLogFiles));
        Assert.Equal(bytes, File.ReadAllBytes(older));
    }

    [Fact]
    public void A_ledger_of_a_newer_schema_or_a_file_that_is_no_ledger_is_refused()
    {
        using var dir = new TempFolder();
        string newer = Path.Combine(dir.Path, "newer.db");
        using (var connection = new SqliteConnection($"Data Source={newer};Pooling=False"))
        {
            connection.Open();
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = $"PRAGMA user_version = {LedgerSchema.CurrentVersion + 1};";
            command.ExecuteNonQuery();
        }

        string garbage = dir.WriteRaw("garbage.db", new string('x', 5000));

        Assert.Equal(LedgerProblem.TooNew, Assert.Throws<LedgerException>(() => LedgerDescription.Read(newer)).Problem);
        LedgerException damaged = Assert.Throws<LedgerException>(() => LedgerDescription.Read(garbage));
        Assert.Equal(LedgerProblem.Damaged, damaged.Problem);
        Assert.Contains(garbage, damaged.Message);
        Assert.Equal(new string('x', 5000), File.ReadAllText(garbage));
    }
}

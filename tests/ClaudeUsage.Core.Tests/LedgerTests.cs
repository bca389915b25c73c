using System.Globalization;
using ClaudeUsage.Core;
using ClaudeUsage.Core.Caching;
using ClaudeUsage.Core.Discovery;
using ClaudeUsage.Core.Ledger;
using ClaudeUsage.Core.Pricing;
using ClaudeUsage.Core.Scanning;
using Microsoft.Data.Sqlite;
using static ClaudeUsage.Tests.Transcript;

namespace ClaudeUsage.Tests;

/// <summary>The usage ledger: what it keeps, what it never loses, and the files it refuses.</summary>
public class LedgerTests
{
    private const string Projects = ".claude/projects/-home-user-work-demo/";

    private static LedgerIngestResult Ingest(ILedgerStore store, string root) =>
        LedgerIngest.Run(store, new ScanRequest { Paths = [root] }, new CollectingObserver(), CancellationToken.None);

    internal static (int Count, long Tokens) Totals(IEnumerable<UsageEntry> entries) =>
        (entries.Count(), entries.Sum(e => e.Tokens.Total));

    /// <summary>
    /// 25 files of 1,000 responses each (1 input + 3 output tokens, file f on 2026-11-(f + 1)), more than several
    /// transactions take, each file ending with the lines <paramref name="extra"/> gives it.
    /// </summary>
    internal static void WriteManyFiles(TempFolder dir, Func<int, string[]>? extra = null)
    {
        for (int f = 0; f < 25; f++)
        {
            int day = f + 1;
            dir.Write(Projects + $"s{f:00}.jsonl", [.. Enumerable.Range(0, 1_000)
                .Select(i => ClaudeAssistant($"2026-11-{day:00}T10:{i / 60 % 60:00}:{i % 60:00}Z", $"msg_{f}_{i}", $"req_{f}_{i}", input: 1, output: 3))
                .Concat(extra?.Invoke(f) ?? [])]);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)] // a new ledger written aside, whose rows are recounted once when it is put in place
    public void Every_source_counts_as_the_logs_do_and_deleting_the_logs_changes_nothing(bool aside)
    {
        using TempFolder dir = MixedLogs.Create();
        using var ledgerDir = new TempFolder();
        using SqliteLedgerStore store = SqliteLedgerStore.Open(Path.Combine(ledgerDir.Path, "ledger.db"), firstFillAside: aside);

        Ingest(store, dir.Path);
        List<UsageEntry> counted = store.ReadCounted(null, null, null, withIds: true);

        // The hand count of MixedLogs: 11 responses, 112,602 tokens, by source and model.
        Assert.Equal((11, 112_602L), Totals(counted));
        var bySourceModel = counted.GroupBy(e => (e.Source.ToString(), e.Model!)).ToDictionary(g => g.Key, g => (g.Count(), g.Sum(e => e.Tokens.Input), g.Sum(e => e.Tokens.Output)));
        Assert.Equal(MixedLogs.Expected.ToDictionary(e => e.Key, e => (e.Value.Requests, e.Value.In, e.Value.Out)).OrderBy(e => e.Key), bySourceModel.OrderBy(e => e.Key));

        // The agents delete their transcripts: the ledger keeps every response, and says their files are gone.
        foreach (string file in Directory.EnumerateFiles(dir.Path, "*", SearchOption.AllDirectories).ToList())
        {
            File.Delete(file);
        }

        LedgerIngestResult again = Ingest(store, dir.Path);
        List<UsageEntry> after = store.ReadCounted(null, null, null, withIds: false);

        Assert.Equal(8, again.FilesGone);
        Assert.Equal((11, 112_602L), Totals(after));
        Assert.All(after, e => Assert.True(e.IsLogDeleted));
    }

    [Fact]
    public void Reading_again_adds_nothing_and_a_larger_later_copy_replaces_the_smaller_one()
    {
        using var dir = new TempFolder();
        using var ledgerDir = new TempFolder();
        string file = dir.Write(Projects + "s.jsonl", ClaudeAssistant("2026-11-20T10:00:00Z", "msg_1", "req_1", input: 10, output: 5));
        using SqliteLedgerStore store = SqliteLedgerStore.Open(Path.Combine(ledgerDir.Path, "ledger.db"));

        Assert.Equal(new LedgerWriteCounts(1, 0, 0), Ingest(store, dir.Path).Counts);
        Assert.Equal(default, Ingest(store, dir.Path).Counts); // unchanged: nothing read, nothing written

        // Claude Code's next line of the same response repeats the usage with more output.
        File.AppendAllText(file, ClaudeAssistant("2026-11-20T10:00:01Z", "msg_1", "req_1", input: 10, output: 90) + "\n");
        Assert.Equal(new LedgerWriteCounts(0, 1, 0), Ingest(store, dir.Path).Counts);

        UsageEntry only = Assert.Single(store.ReadCounted(null, null, null, withIds: true));
        Assert.Equal((10, 90), (only.Tokens.Input, only.Tokens.Output));
        Assert.Equal(("msg_1", "req_1", 2L), (only.ResponseId, only.RequestId, only.LineNumber));
    }

    [Fact]
    public void Copies_in_one_ingest_count_once_as_added_and_the_better_one_as_replacing()
    {
        using var dir = new TempFolder();
        using var ledgerDir = new TempFolder();
        // Two responses, each in both files, the larger copy of each in a different file: whichever file is written
        // first, one response is inserted and then replaced by its larger copy within the same write.
        dir.Write(Projects + "a.jsonl",
            ClaudeAssistant("2026-11-20T10:00:00Z", "msg_1", "req_1", input: 10, output: 5),
            ClaudeAssistant("2026-11-20T10:01:00Z", "msg_2", "req_2", input: 10, output: 90));
        dir.Write(Projects + "b.jsonl",
            ClaudeAssistant("2026-11-20T10:00:00Z", "msg_1", "req_1", input: 10, output: 90),
            ClaudeAssistant("2026-11-20T10:01:00Z", "msg_2", "req_2", input: 10, output: 5));
        using SqliteLedgerStore store = SqliteLedgerStore.Open(Path.Combine(ledgerDir.Path, "ledger.db"));

        Assert.Equal(new LedgerWriteCounts(2, 1, 1), Ingest(store, dir.Path).Counts);
        Assert.Equal(2, store.Statistics().Rows);
        Assert.All(store.ReadCounted(null, null, null, withIds: false), e => Assert.Equal(90, e.Tokens.Output));
    }

    [Fact]
    public void An_ingest_of_many_transactions_writes_every_copy_in_the_order_read()
    {
        using var dir = new TempFolder();
        using var ledgerDir = new TempFolder();
        // 25 files of 1,000 responses each (1 input + 3 output tokens): about 5,000 copies to a transaction, so the
        // first and the last file are written by different transactions, the first while later files are read. Two
        // responses have a copy in each of them, the larger (1 + 20 tokens) in a different one: whichever is written
        // first, one is replaced by its larger copy and the other's smaller copy changes nothing.
        WriteManyFiles(dir, f => f is 0 or 24
            ? [ClaudeAssistant("2026-11-20T12:00:00Z", "msg_x", "req_x", input: 1, output: f == 0 ? 10 : 20),
               ClaudeAssistant("2026-11-20T12:01:00Z", "msg_y", "req_y", input: 1, output: f == 0 ? 20 : 10)]
            : []);

        using SqliteLedgerStore store = SqliteLedgerStore.Open(Path.Combine(ledgerDir.Path, "ledger.db"));

        Assert.Equal(new LedgerWriteCounts(25_002, 1, 1), Ingest(store, dir.Path).Counts);
        List<UsageEntry> counted = store.ReadCounted(null, null, null, withIds: true);
        Assert.Equal((25_002, 25_000 * 4L + 2 * 21), Totals(counted));
        Assert.All(counted.Where(e => e.ResponseId is "msg_x" or "msg_y"), e => Assert.Equal(20, e.Tokens.Output));
    }

    [Fact]
    public void A_report_reads_one_state_of_the_ledger_while_another_process_writes()
    {
        // The report's store has a.jsonl's two responses (10 + 5 and 20 + 5 tokens) when it begins its snapshot; then
        // another store, as another process would, records b.jsonl (100 + 5 tokens in the same quarter hour) and
        // sums it. The report's sums and its rows read afterwards still hold 40 tokens; a new store reads 145.
        using var dir = new TempFolder();
        using var ledgerDir = new TempFolder();
        string path = Path.Combine(ledgerDir.Path, "ledger.db");
        dir.Write(Projects + "a.jsonl",
            ClaudeAssistant("2026-11-20T10:00:00Z", "msg_1", "req_1", input: 10, output: 5),
            ClaudeAssistant("2026-11-20T10:05:00Z", "msg_2", "req_2", input: 20, output: 5));
        IReadOnlyList<long> thresholds = PriceTable.BuiltIn.LongContextThresholds;
        using SqliteLedgerStore report = SqliteLedgerStore.Open(path);
        Ingest(report, dir.Path);
        using (var shell = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            // Another program's change marks the quarter stale: inside the snapshot it is read from the rows, not summed again.
            shell.Open();
            using SqliteCommand stale = shell.CreateCommand();
            stale.CommandText = "INSERT INTO response_sums_stale (quarter) SELECT DISTINCT at_utc_ticks / 9000000000 FROM responses;";
            stale.ExecuteNonQuery();
        }

        report.BeginReadSnapshot();
        Assert.Equal(40, report.ReadCountedGroups(null, null, null, thresholds)!.Sum(e => e.Tokens.Total));

        dir.Write(Projects + "b.jsonl", ClaudeAssistant("2026-11-20T10:07:00Z", "msg_3", "req_3", input: 100, output: 5));
        using (SqliteLedgerStore other = SqliteLedgerStore.Open(path))
        {
            Assert.Equal(1, Ingest(other, dir.Path).Counts.Added);
        }

        Assert.Equal((2, 40L), Totals(report.ReadCounted(null, null, null, withIds: false)));
        Assert.Equal(40, report.ReadCountedGroups(null, null, null, thresholds)!.Sum(e => e.Tokens.Total));
        Assert.Equal(25, report.ReadCountedGroups(new DateTimeOffset(2026, 11, 20, 10, 3, 0, TimeSpan.Zero), null, null, thresholds)!.Sum(e => e.Tokens.Total)); // a part quarter, from the rows
        Assert.Throws<InvalidOperationException>(() => report.Write([], []));
        using SqliteLedgerStore after = SqliteLedgerStore.Open(path);
        Assert.Equal((3, 145L), Totals(after.ReadCounted(null, null, null, withIds: false)));
        Assert.Equal(145, after.ReadCountedGroups(null, null, null, thresholds)!.Sum(e => e.Tokens.Total));
    }

    [Fact]
    public void After_reading_an_ingest_shows_its_writing_and_summing_as_steps_and_a_re_run_shows_none()
    {
        using var dir = new TempFolder();
        using var ledgerDir = new TempFolder();
        dir.Write(Projects + "a.jsonl", ClaudeAssistant("2026-11-20T10:00:00Z", "msg_1", "req_1", input: 10, output: 5));
        dir.Write(Projects + "b.jsonl", ClaudeAssistant("2026-11-20T11:00:00Z", "msg_2", "req_2", input: 10, output: 5));
        using SqliteLedgerStore store = SqliteLedgerStore.Open(Path.Combine(ledgerDir.Path, "ledger.db"));

        var first = new CollectingObserver();
        LedgerIngest.Run(store, new ScanRequest { Paths = [dir.Path] }, first, CancellationToken.None);
        List<ScanProgress> reports = [.. first.ProgressReports];
        int readAll = reports.FindIndex(p => p.Step is null && p.FilesDone == 2 && p.FilesTotal == 2);
        Assert.True(readAll >= 0, "the reading reports its end");
        Assert.Equal(
            [("Writing the last responses read", false), ("Summing the responses per quarter hour", false), ("Summing the responses per quarter hour", true)],
            reports.Skip(readAll + 1).Select(p => (p.Step!, p.StepDone)).ToList());

        var again = new CollectingObserver();
        LedgerIngest.Run(store, new ScanRequest { Paths = [dir.Path] }, again, CancellationToken.None);
        Assert.DoesNotContain(again.ProgressReports, p => p.Step is not null);
    }

    [Fact]
    public void An_ingest_stopped_after_its_first_transaction_keeps_it_and_the_next_ingest_counts_the_rest()
    {
        using var dir = new TempFolder();
        using var ledgerDir = new TempFolder();
        // 25 files of 1,000 responses (1 input + 3 output tokens each): about 5,000 copies to a transaction, so the
        // ingest is stopped (as by Ctrl+C) once its first transaction is written, while later files are read.
        WriteManyFiles(dir);

        using SqliteLedgerStore sqlite = SqliteLedgerStore.Open(Path.Combine(ledgerDir.Path, "ledger.db"));
        using var stop = new CancellationTokenSource();
        var store = new ObservedStore(sqlite, afterWrite: stop.Cancel);

        Assert.ThrowsAny<OperationCanceledException>(() =>
            LedgerIngest.Run(store, new ScanRequest { Paths = [dir.Path] }, new CollectingObserver(), stop.Token));

        // What was written is whole transactions of whole files; the next ingest adds exactly the rest.
        long kept = sqlite.Statistics().Rows;
        Assert.InRange(kept, 5_000, 24_000);
        Assert.Equal(0, kept % 1_000);
        LedgerWriteCounts counts = Ingest(sqlite, dir.Path).Counts;
        Assert.Equal(new LedgerWriteCounts(25_000 - (int)kept, 0, 0), counts);
        Assert.Equal((25_000, 25_000 * 4L), Totals(sqlite.ReadCounted(null, null, null, withIds: false)));
    }

    [Fact]
    public void A_transaction_takes_a_twentieth_of_the_rows_held_from_5000_to_25000_and_grows_with_the_writes()
    {
        using var dir = new TempFolder();
        using var ledgerDir = new TempFolder();
        string path = Path.Combine(ledgerDir.Path, "ledger.db");
        WriteManyFiles(dir);
        using (SqliteLedgerStore store = SqliteLedgerStore.Open(path))
        {
            store.LoadFiles();
            Assert.Equal(5_000, store.CopiesPerTransaction); // empty: the fewest
            Ingest(store, dir.Path);
            Assert.Equal(5_000, store.CopiesPerTransaction); // 25,000 rows: a twentieth is 1,250, below the fewest
        }

        // The store counts rows by the largest row id: the last row moved to id 200,000 stands for that many rows.
        MoveLastRow(path, 200_000);
        using (SqliteLedgerStore store = SqliteLedgerStore.Open(path))
        {
            store.LoadFiles();
            Assert.Equal(10_000, store.CopiesPerTransaction);
            dir.Write(Projects + "more.jsonl", [.. Enumerable.Range(0, 1_000)
                .Select(i => ClaudeAssistant($"2026-11-28T10:{i / 60 % 60:00}:{i % 60:00}Z", $"msg_more_{i}", $"req_more_{i}", input: 1, output: 3))]);
            Ingest(store, dir.Path);
            Assert.Equal(10_050, store.CopiesPerTransaction); // 1,000 rows more: ids up to 201,000
        }

        MoveLastRow(path, 3_000_000);
        using (SqliteLedgerStore store = SqliteLedgerStore.Open(path))
        {
            store.LoadFiles();
            Assert.Equal(25_000, store.CopiesPerTransaction); // a twentieth is 150,000: the most
        }
    }

    [Fact]
    public void The_ingest_gathers_as_many_copies_to_a_transaction_as_the_store_asks()
    {
        using var dir = new TempFolder();
        using var ledgerDir = new TempFolder();
        WriteManyFiles(dir); // 25 files of 1,000 responses

        int Writes(string name, int copies)
        {
            using SqliteLedgerStore sqlite = SqliteLedgerStore.Open(Path.Combine(ledgerDir.Path, name));
            var store = new ObservedStore(sqlite, copiesPerTransaction: copies);
            Assert.Equal(25_000, Ingest(store, dir.Path).Counts.Added);
            return store.Writes;
        }

        Assert.Equal(1, Writes("all.db", 25_001)); // never enough while reading: one write at the end
        Assert.InRange(Writes("few.db", 5_000), 2, 5); // whole files, at least 5,000 copies each but the last
    }

    private static void MoveLastRow(string path, long rowId)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        using SqliteCommand move = connection.CreateCommand();
        move.CommandText = "UPDATE responses SET rowid = $id WHERE rowid = (SELECT MAX(rowid) FROM responses);";
        move.Parameters.AddWithValue("$id", rowId);
        Assert.Equal(1, move.ExecuteNonQuery());
    }

    [Fact]
    public void A_write_counts_each_copy_as_added_replaced_or_unchanged()
    {
        // Write 1: a.jsonl has msg_x (10 output tokens) and msg_y (10); b.jsonl has msg_x again with 20 and msg_z (5).
        // Added x, y, z; x replaced once by its larger copy in the same write. Write 2: c.jsonl has msg_y with 30
        // (replaces), msg_x with 5 (smaller: unchanged), msg_z with 5 (equal, a later file: unchanged) and msg_w (added).
        static UsageEntry Copy(string file, string id, long output, int line) => new()
        {
            Source = UsageSource.ClaudeCode,
            Timestamp = new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.Zero),
            SessionId = "s",
            Model = "claude-sonnet-4-5",
            Tokens = new TokenCounts(1, output, 0, 0, 0, 0),
            FilePath = $"/logs/{file}",
            LineNumber = line,
            ResponseId = id,
            RequestId = "req_" + id,
            ResponseKey = IdKey.Of(id),
            RequestKey = IdKey.Of("req_" + id),
        };
        static LedgerFileWrite File(string name, params UsageEntry[] copies) => new(
            new CachedFile { File = new LogFile { Path = $"/logs/{name}", Source = UsageSource.ClaudeCode }, Entries = [], TailEntries = [] },
            [.. copies]);

        using var ledgerDir = new TempFolder();
        using SqliteLedgerStore store = SqliteLedgerStore.Open(Path.Combine(ledgerDir.Path, "ledger.db"));
        LedgerWriteCounts first = store.Write(
            [File("a.jsonl", Copy("a.jsonl", "msg_x", 10, 1), Copy("a.jsonl", "msg_y", 10, 2)), File("b.jsonl", Copy("b.jsonl", "msg_x", 20, 1), Copy("b.jsonl", "msg_z", 5, 2))],
            []);
        LedgerWriteCounts second = store.Write(
            [File("c.jsonl", Copy("c.jsonl", "msg_y", 30, 1), Copy("c.jsonl", "msg_x", 5, 2), Copy("c.jsonl", "msg_z", 5, 3), Copy("c.jsonl", "msg_w", 7, 4))],
            []);

        Assert.Equal((3, 1, 0), (first.Added, first.Replaced, first.Unchanged));
        Assert.Equal((1, 1, 2), (second.Added, second.Replaced, second.Unchanged));
        Assert.Equal((0, 0, 4), Counts(store.Write([File("c.jsonl", Copy("c.jsonl", "msg_y", 30, 1), Copy("c.jsonl", "msg_x", 5, 2), Copy("c.jsonl", "msg_z", 5, 3), Copy("c.jsonl", "msg_w", 7, 4))], [])));

        static (int, int, int) Counts(LedgerWriteCounts c) => (c.Added, c.Replaced, c.Unchanged);
    }

    [Fact]
    public void Copies_of_one_response_in_one_write_end_as_if_each_was_written_alone()
    {
        // A transaction upserts its copies in one statement: several copies of one identity in it, in one file or in
        // several, rising, falling or tied in every compared field, must keep the same row (the best, of equal ones the
        // first) and count the same as one write per copy in the order read.
        for (int seed = 0; seed < 40; seed++)
        {
            var random = new Random(seed);
            var files = new List<(CachedFile File, List<UsageEntry> Copies)>();
            int made = 0;
            foreach (string name in new[] { "b.jsonl", "a.jsonl", "c.jsonl" })
            {
                var file = new CachedFile
                {
                    File = new LogFile { Path = $"/logs/{name}", Source = UsageSource.ClaudeCode, CopyRank = random.Next(2) },
                    Entries = [],
                    TailEntries = [],
                };
                var copies = new List<UsageEntry>();
                for (int i = random.Next(1, 7); i > 0; i--)
                {
                    string id = $"msg_{random.Next(3)}";
                    copies.Add(new UsageEntry
                    {
                        Source = UsageSource.ClaudeCode,
                        Timestamp = new DateTimeOffset(2026, 11, 20, 10, random.Next(2) * 20, 0, TimeSpan.Zero),
                        SessionId = "s",
                        Model = $"copy {made++}", // which copy was kept
                        Subagent = random.Next(3) == 0 ? "agent" : null,
                        McpServers = new[] { null, null, "github", "linear", "github, linear" }[random.Next(5)], // the union of all copies is kept
                        Tokens = new TokenCounts(10, random.Next(2) * 10, 0, 0, 0, random.Next(2)),
                        IsFast = random.Next(4) == 0,
                        IsSidechain = random.Next(4) == 0,
                        CopyRank = file.File.CopyRank,
                        FilePath = file.File.Path,
                        LineNumber = random.Next(1, 3),
                        ResponseId = id,
                        RequestId = "req",
                        ResponseKey = IdKey.Of(id),
                        RequestKey = IdKey.Of("req"),
                    });
                }

                files.Add((file, copies));
            }

            using var ledgerDir = new TempFolder();
            string together = Path.Combine(ledgerDir.Path, "together.db"), alone = Path.Combine(ledgerDir.Path, "alone.db");
            LedgerWriteCounts once, each = default;
            using (SqliteLedgerStore store = SqliteLedgerStore.Open(together))
            {
                once = store.Write(files.ConvertAll(f => new LedgerFileWrite(f.File, f.Copies)), []);
            }

            using (SqliteLedgerStore store = SqliteLedgerStore.Open(alone))
            {
                foreach ((CachedFile file, List<UsageEntry> copies) in files)
                {
                    foreach (UsageEntry copy in copies)
                    {
                        each += store.Write([new LedgerFileWrite(file, [copy])], []);
                    }
                }
            }

            Assert.Equal(each, once);
            Assert.Equal(made, once.Added + once.Replaced + once.Unchanged);
            Assert.Equal(Rows(alone), Rows(together));

            // A response's MCP servers are those of all its copies, whichever copy the row keeps.
            var servers = files.SelectMany(f => f.Copies).GroupBy(c => c.ResponseId!)
                .ToDictionary(g => g.Key, g => g.Aggregate((string?)null, (union, c) => McpServerList.Union(union, c.McpServers)));
            using var connection = new SqliteConnection($"Data Source={together};Pooling=False");
            connection.Open();
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = "SELECT message_id, mcp_servers FROM responses;";
            using SqliteDataReader r = command.ExecuteReader();
            while (r.Read())
            {
                Assert.Equal(servers[r.GetString(0)], r.IsDBNull(1) ? null : r.GetString(1));
            }
        }

        static List<string> Rows(string path)
        {
            using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
            connection.Open();
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = """
                SELECT r.message_id, k.model, r.subagent, r.mcp_servers, r.total_tokens, r.web_search_requests, k.speed, r.is_sidechain, r.copy_rank,
                       r.at_utc_ticks, f.path, r.line_number, ff.path, r.first_line_number, r.counted
                FROM responses r JOIN log_files f ON f.file_id = r.file_id JOIN log_files ff ON ff.file_id = r.first_file_id
                JOIN response_keys k ON k.key_id = r.key_id
                ORDER BY r.message_id;
                """;
            using SqliteDataReader r = command.ExecuteReader();
            var rows = new List<string>();
            while (r.Read())
            {
                rows.Add(string.Join("|", Enumerable.Range(0, r.FieldCount).Select(i => r.GetValue(i).ToString())));
            }

            return rows;
        }
    }

    [Fact]
    public void Empty_strings_are_kept_as_empty_strings_and_nulls_as_nulls()
    {
        using var ledgerDir = new TempFolder();
        string path = Path.Combine(ledgerDir.Path, "ledger.db");
        var file = new CachedFile { File = new LogFile { Path = "/logs/a.jsonl" }, Entries = [], TailEntries = [] };
        UsageEntry Copy(string? text, string id) => new()
        {
            Source = UsageSource.Pi,
            Timestamp = new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.Zero),
            SessionId = text ?? "s",
            AgentId = text,
            ProjectPath = text,
            ProjectSlug = text,
            Model = text,
            Provider = text,
            ServiceTier = text,
            InferenceGeo = text,
            Skill = text,
            Plugin = text,
            Tokens = new TokenCounts(1, 1, 0, 0, 0, 0),
            FilePath = file.File.Path,
            LineNumber = 1,
            ResponseId = id,
            RequestId = text,
            ResponseKey = IdKey.Of(id),
        };
        using (SqliteLedgerStore store = SqliteLedgerStore.Open(path))
        {
            store.Write([new LedgerFileWrite(file, [Copy("", "empty"), Copy(null, "null")])], []);
        }

        // The response's own texts as they are; its keys' texts in response_keys as '' with a bit for each null
        // (agent 1, project path 2, project slug 4, model 8, provider 16, region 32).
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using SqliteCommand command = connection.CreateCommand();
            const string Own = "r.service_tier, r.skill, r.plugin, r.request_id";
            const string Keys = "k.session_id, k.agent_id, k.project_path, k.project_slug, k.model, k.provider, k.inference_geo";
            command.CommandText = $"""
                SELECT r.message_id, k.nulls, {string.Join(", ", $"{Own}, {Keys}".Split(", ").Select(c => $"quote({c})"))}
                FROM responses r JOIN response_keys k ON k.key_id = r.key_id ORDER BY r.message_id;
                """;
            using SqliteDataReader r = command.ExecuteReader();
            Assert.True(r.Read());
            Assert.Equal(("empty", 0L), (r.GetString(0), r.GetInt64(1)));
            Assert.All(Enumerable.Range(2, r.FieldCount - 2), i => Assert.Equal("''", r.GetString(i)));
            Assert.True(r.Read());
            Assert.Equal(("null", 63L), (r.GetString(0), r.GetInt64(1)));
            Assert.All(Enumerable.Range(2, 4), i => Assert.Equal("NULL", r.GetString(i)));
            Assert.Equal("'s'", r.GetString(6));
            Assert.All(Enumerable.Range(7, r.FieldCount - 7), i => Assert.Equal("''", r.GetString(i)));
        }

        // And read back as they were written.
        using SqliteLedgerStore reopened = SqliteLedgerStore.Open(path);
        List<UsageEntry> back = [.. reopened.ReadCounted(null, null, null, withIds: true).OrderBy(e => e.ResponseId, StringComparer.Ordinal)];
        string?[] Texts(UsageEntry e) => [e.AgentId, e.ProjectPath, e.ProjectSlug, e.Model, e.Provider, e.ServiceTier, e.InferenceGeo, e.Skill, e.Plugin, e.RequestId];
        Assert.Equal(("empty", ""), (back[0].ResponseId, back[0].SessionId));
        Assert.All(Texts(back[0]), t => Assert.Equal("", t));
        Assert.Equal(("null", "s"), (back[1].ResponseId, back[1].SessionId));
        Assert.All(Texts(back[1]), Assert.Null);
    }

    [Fact]
    public void A_transcript_found_to_be_openclaws_in_an_append_moves_its_recorded_responses_to_openclaw()
    {
        using var dir = new TempFolder();
        using var ledgerDir = new TempFolder();
        static long Ms(string at) => DateTimeOffset.Parse(at, CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();
        // A flat folder: only the content can tell which agent wrote the file, and at first it reads as pi's.
        string file = dir.Write("flat/chat.jsonl",
            PiSession("cb", "2026-11-20T12:00:00.000Z"),
            PiAssistant("2026-11-20T12:00:10.000Z", Ms("2026-11-20T12:00:10.000Z"), model: "claude-opus-4-5", input: 7, output: 3, responseId: "msg_X"));
        using SqliteLedgerStore store = SqliteLedgerStore.Open(Path.Combine(ledgerDir.Path, "ledger.db"));
        IReadOnlyList<long> thresholds = PriceTable.BuiltIn.LongContextThresholds;
        var pi = new HashSet<UsageSource> { UsageSource.Pi };
        var openClaw = new HashSet<UsageSource> { UsageSource.OpenClaw };
        Ingest(store, dir.Path);
        Assert.Equal(UsageSource.Pi, Assert.Single(store.ReadCounted(null, null, null, withIds: false)).Source);
        Assert.Equal(10, Assert.Single(store.ReadCountedGroups(null, null, pi, thresholds)!).Tokens.Total);

        // clawdbot's model snapshot, appended: the whole file is OpenClaw's, its earlier response too.
        File.AppendAllText(file, PiModelSnapshot("2026-11-20T12:01:00.000Z", "anthropic", "claude-opus-4-5") + "\n"
            + PiAssistant("2026-11-20T12:01:10.000Z", Ms("2026-11-20T12:01:10.000Z"), model: "claude-opus-4-5", input: 20, output: 2, responseId: "msg_Y") + "\n");
        Ingest(store, dir.Path);

        List<UsageEntry> rows = store.ReadCounted(null, null, null, withIds: true);
        Assert.Equal([(10L, UsageSource.OpenClaw, "cb"), (22L, UsageSource.OpenClaw, "cb")], rows.Select(e => (e.Tokens.Total, e.Source, e.SessionId)).Order());
        Assert.Empty(store.ReadCountedGroups(null, null, pi, thresholds)!);
        Assert.Equal(32, store.ReadCountedGroups(null, null, openClaw, thresholds)!.Sum(g => g.Tokens.Total)); // 7 + 3 + 20 + 2
        Assert.Empty(store.ReadCounted(null, null, pi, withIds: false));
        QuarterSumsTests.AssertSumsEqualRows(store, null, null);
    }

    [Fact]
    public void Keys_read_before_another_process_adds_one_are_read_again_for_its_id()
    {
        using var dir = new TempFolder();
        using var ledgerDir = new TempFolder();
        string path = Path.Combine(ledgerDir.Path, "ledger.db");
        dir.Write(Projects + "a.jsonl", ClaudeAssistant("2026-11-20T10:00:00Z", "msg_1", "req_1", input: 10, output: 5));
        using SqliteLedgerStore writer = SqliteLedgerStore.Open(path);
        Ingest(writer, dir.Path);
        using var reader = new SqliteConnection($"Data Source={path};Pooling=False");
        reader.Open();
        using SqliteCommand newest = reader.CreateCommand();
        newest.CommandText = "SELECT MAX(key_id) FROM response_keys;";
        long first = (long)newest.ExecuteScalar()!;
        var keys = new LedgerKeys.Map(reader);
        Assert.Equal(UsageSource.ClaudeCode, keys[first].Source); // the keys are read

        // Another connection records a response of another model: a key the map has not read.
        dir.Write(Projects + "b.jsonl", ClaudeAssistant("2026-11-20T11:00:00Z", "msg_2", "req_2", model: "claude-opus-4-5", input: 1, output: 1));
        Ingest(writer, dir.Path);
        long id = (long)newest.ExecuteScalar()!;
        Assert.True(id > first);

        Assert.Equal(("claude-opus-4-5", UsageSource.ClaudeCode), (keys[id].Model, keys[id].Source));
        Assert.Throws<InvalidOperationException>(() => keys[id + 1]);
    }

    [Fact]
    public void A_sidechain_replay_stops_counting_once_its_parent_is_recorded()
    {
        using var dir = new TempFolder();
        using var ledgerDir = new TempFolder();
        // The subagent transcript replays the parent's message under its own request id.
        dir.Write(Projects + "s/subagents/agent-a.jsonl", ClaudeAssistant("2026-11-20T10:00:00Z", "msg_1", "req_replay", output: 50, sidechain: true));
        using SqliteLedgerStore store = SqliteLedgerStore.Open(Path.Combine(ledgerDir.Path, "ledger.db"));
        Ingest(store, dir.Path);
        Assert.Equal("req_replay", Assert.Single(store.ReadCounted(null, null, null, withIds: true)).RequestId);

        dir.Write(Projects + "s.jsonl", ClaudeAssistant("2026-11-20T10:00:00Z", "msg_1", "req_parent", output: 50));
        Ingest(store, dir.Path);

        Assert.Equal("req_parent", Assert.Single(store.ReadCounted(null, null, null, withIds: true)).RequestId);
    }

    [Fact]
    public void A_ledger_from_a_newer_version_is_refused_and_left_as_it_is()
    {
        using var ledgerDir = new TempFolder();
        string path = Path.Combine(ledgerDir.Path, "ledger.db");
        SqliteLedgerStore.Open(path).Dispose();
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = "PRAGMA user_version = 99;";
            command.ExecuteNonQuery();
        }

        byte[] before = File.ReadAllBytes(path);

        var ex = Assert.Throws<LedgerException>(() => SqliteLedgerStore.Open(path));

        Assert.Equal(LedgerProblem.TooNew, ex.Problem);
        Assert.Contains(path, ex.Message);
        Assert.Contains("schema 99", ex.Message);
        Assert.Equal(before, File.ReadAllBytes(path));
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("truncated")]
    public void A_damaged_ledger_file_is_an_error_that_names_it_and_says_how_to_recover(string damage)
    {
        using var ledgerDir = new TempFolder();
        string path = Path.Combine(ledgerDir.Path, "ledger.db");
        if (damage == "garbage")
        {
            File.WriteAllText(path, new string('x', 5000));
        }
        else
        {
            using (SqliteLedgerStore store = SqliteLedgerStore.Open(path))
            {
            }

            // Checkpointed into the main file, then cut in half.
            using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
            {
                connection.Open();
                using SqliteCommand checkpoint = connection.CreateCommand();
                checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE;";
                checkpoint.ExecuteNonQuery();
            }

            byte[] bytes = File.ReadAllBytes(path);
            File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        }

        byte[] before = File.ReadAllBytes(path);

        var ex = Assert.Throws<LedgerException>(() =>
        {
            using SqliteLedgerStore store = SqliteLedgerStore.Open(path);
            store.Statistics();
        });

        Assert.Equal(LedgerProblem.Damaged, ex.Problem);
        Assert.Contains(path, ex.Message);
        Assert.Contains("Update-ClaudeUsageLedger", ex.Message);
        Assert.Equal(before, File.ReadAllBytes(path));
    }

    [Fact]
    public void An_empty_sqlite_file_is_migrated_to_the_current_schema()
    {
        using var ledgerDir = new TempFolder();
        string path = Path.Combine(ledgerDir.Path, "ledger.db");
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open(); // schema version 0: no tables
        }

        using SqliteLedgerStore store = SqliteLedgerStore.Open(path);

        Assert.Equal(new LedgerStatistics(0, 0, 0, 0, 1, LedgerSchema.CurrentVersion), store.Statistics());
    }

    [Fact]
    public async Task A_ledger_another_process_migrated_while_this_one_waited_is_used_not_migrated_again()
    {
        // Two processes open a new ledger at once: both read schema version 0, one migrates, and the other gets the
        // write lock only after that commit. Here the first is a plain connection holding the lock.
        using var ledgerDir = new TempFolder();
        string path = Path.Combine(ledgerDir.Path, "ledger.db");
        using var other = new SqliteConnection($"Data Source={path};Pooling=False");
        other.Open();
        using (SqliteCommand wal = other.CreateCommand())
        {
            wal.CommandText = "PRAGMA journal_mode = WAL;";
            wal.ExecuteNonQuery();
        }

        SqliteTransaction migrating = other.BeginTransaction(); // BEGIN IMMEDIATE
        Task<SqliteLedgerStore> opening = Task.Run(() => SqliteLedgerStore.Open(path));
        await Task.Delay(500); // lets the second open read version 0 and wait for the lock
        using (SqliteCommand migrate = other.CreateCommand())
        {
            migrate.Transaction = migrating;
            migrate.CommandText = string.Concat(LedgerSchema.Migrations) + $"PRAGMA user_version = {LedgerSchema.CurrentVersion};";
            migrate.ExecuteNonQuery();
        }

        migrating.Commit();
        migrating.Dispose();

        using SqliteLedgerStore store = await opening;
        Assert.Equal(new LedgerStatistics(0, 0, 0, 0, 1, LedgerSchema.CurrentVersion), store.Statistics());
    }

    [Fact]
    public void The_machine_id_is_kept_beside_the_ledger_and_stays_the_same()
    {
        using var ledgerDir = new TempFolder();
        string path = Path.Combine(ledgerDir.Path, "ledger.db");
        string first, second;
        using (SqliteLedgerStore store = SqliteLedgerStore.Open(path))
        {
            first = store.Machine.Id;
        }

        using (SqliteLedgerStore store = SqliteLedgerStore.Open(path))
        {
            second = store.Machine.Id;
        }

        Assert.True(Guid.TryParse(first, out _));
        Assert.Equal(first, second);
        Assert.Equal(first, File.ReadAllText(Path.Combine(ledgerDir.Path, LedgerLocation.MachineIdFileName)).Trim());
    }
}

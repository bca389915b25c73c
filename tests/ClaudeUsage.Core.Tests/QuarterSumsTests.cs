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

/// <summary>
/// The ledger's per-quarter sums against the rows they sum, grouped and added up here in plain C#: after ingests that
/// replace copies (also across a quarter boundary), rows written by another program, a migration from schema 1, and
/// sums that would overflow; over whole ranges and ranges that start and end inside a quarter.
/// </summary>
public class QuarterSumsTests
{
    private const string Projects = ".claude/projects/-home-user-work-demo";

    [Fact]
    public void A_copy_replaced_by_a_larger_one_in_another_quarter_moves_its_sums()
    {
        using var dir = new TempFolder();
        using var ledgerDir = new TempFolder();
        using SqliteLedgerStore store = SqliteLedgerStore.Open(Path.Combine(ledgerDir.Path, "ledger.db"));
        dir.Write(Projects + "/a.jsonl",
            ClaudeAssistant("2026-11-20T10:14:59.900Z", "msg_1", "req_1", input: 100, output: 5),
            ClaudeAssistant("2026-11-20T10:20:00.000Z", "msg_2", "req_2", input: 7, output: 3));
        Ingest(store, dir.Path);
        AssertSumsEqualRows(store, null, null);

        // The later, larger copy of msg_1 is stamped in the next quarter (10:15): the 10:00 quarter loses it.
        dir.Write(Projects + "/b.jsonl", ClaudeAssistant("2026-11-20T10:15:00.100Z", "msg_1", "req_1", input: 100, output: 40));
        Ingest(store, dir.Path);
        List<UsageEntry> sums = store.ReadCountedGroups(null, null, null, PriceTable.BuiltIn.LongContextThresholds)!;
        UsageEntry only = Assert.Single(sums);
        Assert.Equal(2, only.Group!.Rows);
        Assert.Equal(107, only.Tokens.Input);
        Assert.Equal(43, only.Tokens.Output);
        Assert.Equal(DateTimeOffset.Parse("2026-11-20T10:15:00.100Z", CultureInfo.InvariantCulture), only.Timestamp);
        Assert.Equal(DateTimeOffset.Parse("2026-11-20T10:20:00.000Z", CultureInfo.InvariantCulture), only.Group.Last);
        AssertSumsEqualRows(store, null, null);
    }

    [Theory]
    [InlineData("2026-11-20T10:07:00Z", "2026-11-20T11:52:30Z")]
    [InlineData("2026-11-20T10:15:00Z", "2026-11-20T11:45:00Z")]
    [InlineData("2026-11-20T10:16:00Z", "2026-11-20T10:29:00Z")]
    [InlineData(null, "2026-11-20T10:40:00Z")]
    [InlineData("2026-11-20T11:01:00Z", null)]
    public void A_range_that_starts_or_ends_inside_a_quarter_takes_its_ends_from_the_rows(string? from, string? until)
    {
        using var dir = new TempFolder();
        using var ledgerDir = new TempFolder();
        using SqliteLedgerStore store = SqliteLedgerStore.Open(Path.Combine(ledgerDir.Path, "ledger.db"));
        var lines = new List<string>();
        for (int minute = 0; minute < 150; minute += 3)
        {
            var at = new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.Zero).AddMinutes(minute);
            lines.Add(ClaudeAssistant(at.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture), $"msg_{minute}", $"req_{minute}", input: 1000 + minute, output: minute));
        }

        dir.Write(Projects + "/a.jsonl", [.. lines]);
        Ingest(store, dir.Path);
        DateTimeOffset? start = from is null ? null : DateTimeOffset.Parse(from, CultureInfo.InvariantCulture);
        DateTimeOffset? end = until is null ? null : DateTimeOffset.Parse(until, CultureInfo.InvariantCulture);
        AssertSumsEqualRows(store, start, end);

        // Worked by hand for the first range: minutes 9, 12, …, 111 (10:09 to 11:51) are in [10:07, 11:52:30).
        if (from == "2026-11-20T10:07:00Z")
        {
            List<UsageEntry> sums = store.ReadCountedGroups(start, end, null, PriceTable.BuiltIn.LongContextThresholds)!;
            Assert.Equal(35, sums.Sum(g => g.Group!.Rows));
            Assert.Equal(Enumerable.Range(3, 35).Sum(i => 1000L + (3 * i)), sums.Sum(g => g.Tokens.Input));
        }
    }

    /// <param name="held">
    /// Whether another process then holds the write lock, as a long ingest would: the report cannot re-sum the quarter
    /// and sums its rows instead.
    /// </param>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_row_another_program_changes_is_summed_by_the_next_report(bool held)
    {
        using var dir = new TempFolder();
        using var ledgerDir = new TempFolder();
        string path = Path.Combine(ledgerDir.Path, "ledger.db");
        using SqliteLedgerStore store = SqliteLedgerStore.Open(path);
        dir.Write(Projects + "/a.jsonl", ClaudeAssistant("2026-11-20T10:00:00.000Z", "msg_1", "req_1", input: 10, output: 5));
        Ingest(store, dir.Path);

        // The sqlite3 shell (or a restore script) changes the row behind the module's back: the triggers mark its quarter.
        using (var other = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            other.Open();
            using SqliteCommand update = other.CreateCommand();
            update.CommandText = "UPDATE responses SET output_tokens = 500, total_tokens = 510;";
            Assert.Equal(1, update.ExecuteNonQuery());
        }

        using var holder = new SqliteConnection($"Data Source={path};Pooling=False");
        holder.Open();
        using SqliteTransaction? writer = held ? holder.BeginTransaction() : null;
        if (writer is not null)
        {
            using SqliteCommand touch = holder.CreateCommand();
            touch.Transaction = writer;
            touch.CommandText = "UPDATE machines SET host_name = host_name;";
            touch.ExecuteNonQuery();
        }

        UsageEntry only = Assert.Single(store.ReadCountedGroups(null, null, null, PriceTable.BuiltIn.LongContextThresholds)!);
        Assert.Equal(500, only.Tokens.Output);
        if (!held)
        {
            AssertSumsEqualRows(store, null, null); // re-summed, so the sums table now holds it
        }
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(2, true)]
    [InlineData(2, false)]
    [InlineData(3, true)]
    [InlineData(3, false)]
    public void A_ledger_of_an_earlier_schema_is_migrated_to_the_same_rows_and_sums(int version, bool sumsRefreshed)
    {
        using TempFolder dir = MixedLogs.Create();
        using var ledgerDir = new TempFolder();
        string current = Path.Combine(ledgerDir.Path, "current.db"), older = Path.Combine(ledgerDir.Path, "older.db");
        dir.Write(Projects + "/a.jsonl",
            ClaudeAssistant("2026-11-20T10:00:00.000Z", "msg_1", "req_1", input: 10, output: 5),
            ClaudeAssistant("2026-11-21T23:59:00.000Z", "msg_2", "req_2", input: 20, output: 6, cacheRead: 250_000));
        // A subagent's replay of msg_1 under its own request id: a row the ledger keeps and does not count.
        dir.Write(Projects + "/a/subagents/agent-x.jsonl", ClaudeAssistant("2026-11-20T10:00:00.000Z", "msg_1", "req_replay", input: 10, output: 5, sidechain: true));
        // And two copies whose texts are all empty, or all null (the session aside), which the keys must tell apart.
        var file = new CachedFile { File = new LogFile { Path = "/logs/p.jsonl" }, Entries = [], TailEntries = [] };
        UsageEntry Copy(string? text, string id) => new()
        {
            Source = UsageSource.Pi,
            Timestamp = new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero),
            SessionId = text ?? "s",
            AgentId = text, ProjectPath = text, ProjectSlug = text, Model = text, Provider = text, ServiceTier = text, InferenceGeo = text,
            Tokens = new TokenCounts(1, 1, 0, 0, 0, 0),
            FilePath = file.File.Path,
            LineNumber = 1,
            ResponseId = id,
            ResponseKey = IdKey.Of(id),
        };
        List<string> written;
        LedgerStatistics before;
        using (SqliteLedgerStore store = SqliteLedgerStore.Open(current))
        {
            Assert.Null(store.Migration); // a new ledger is made, not migrated
            Ingest(store, dir.Path);
            store.Write([new LedgerFileWrite(file, [Copy("", "empty"), Copy(null, "null")])], []);
            store.RefreshSums();
            written = Rows(store, version);
            before = store.Statistics();
        }

        // The same rows in the earlier schema's tables, as an earlier module left them.
        OlderLedgers.Write(current, older, version, sumsRefreshed);

        using SqliteLedgerStore migrated = SqliteLedgerStore.Open(older);
        Assert.Equal(LedgerSchema.CurrentVersion, migrated.Statistics().SchemaVersion);
        Assert.Equal((version, 4), (migrated.Migration!.FromVersion, migrated.Migration.ToVersion));
        Assert.Equal(Schema(current), Schema(older)); // every table, index and trigger as a new ledger has them
        Assert.Contains("USING COVERING INDEX responses_counted_by_time", Plan(older, LedgerResponseRow.SelectSessionFiles(null))); // schema 4
        Assert.Equal(written, Rows(migrated, version));
        Assert.Equal((16, 15), (before.Rows, before.CountedRows)); // every row kept, the replay too
        Assert.Equal((before.Rows, before.CountedRows), (migrated.Statistics().Rows, migrated.Statistics().CountedRows));

        // MixedLogs' hand count (11 responses, 112,602 tokens), the two above (15 and 250,026) and the two copies (2 each).
        List<UsageEntry> rows = migrated.ReadCounted(null, null, null, withIds: false);
        Assert.Equal((15, 362_647L), (rows.Count, rows.Sum(e => e.Tokens.Total)));
        Assert.Equal(["", null], rows.Where(e => e.Timestamp.Day == 22).OrderBy(e => e.SessionId).Select(e => e.ProjectPath));
        List<UsageEntry> sums = migrated.ReadCountedGroups(null, null, new HashSet<UsageSource> { UsageSource.ClaudeCode }, PriceTable.BuiltIn.LongContextThresholds)!;
        Assert.Contains(sums, g => g.Tokens.CacheRead == 250_000 && g.Group!.Tier == 2); // 250,020 prompt tokens exceed 100K and 200K
        AssertSumsEqualRows(migrated, null, null);

        // The migrated ledger goes on as one written by this module: the same logs again (files written moments ago
        // are read again) add and replace nothing.
        LedgerWriteCounts again = LedgerIngest.Run(migrated, new ScanRequest { Paths = [dir.Path] }, new CollectingObserver(), CancellationToken.None).Counts;
        Assert.Equal((0, 0), (again.Added, again.Replaced));
        Assert.Equal(written, Rows(migrated, version));

        static string Plan(string path, string sql)
        {
            using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
            connection.Open();
            using SqliteCommand explain = connection.CreateCommand();
            explain.CommandText = "EXPLAIN QUERY PLAN " + sql;
            explain.Parameters.AddWithValue("$from", 0L);
            explain.Parameters.AddWithValue("$until", long.MaxValue);
            using SqliteDataReader r = explain.ExecuteReader();
            var steps = new List<string>();
            while (r.Read())
            {
                steps.Add(r.GetString(3));
            }

            return string.Join(" | ", steps);
        }

        static List<string> Schema(string path)
        {
            using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
            connection.Open();
            using SqliteCommand select = connection.CreateCommand();
            select.CommandText = "SELECT type || ' ' || name || ': ' || COALESCE(sql, '') FROM sqlite_master ORDER BY type, name;";
            using SqliteDataReader r = select.ExecuteReader();
            var objects = new List<string>();
            while (r.Read())
            {
                objects.Add(r.GetString(0));
            }

            return objects;
        }

        // Every property of every row; schema 1 had no skill, plugin, subagent or MCP servers.
        static List<string> Rows(ILedgerStore store, int version) => [.. store.ReadCounted(null, null, null, withIds: true)
            .Select(CountedRowReaderTests.Describe)
            .Select(d => version >= 2 ? d : string.Join(" | ", d.Split(" | ")[..^4]))
            .Order(StringComparer.Ordinal)];
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)] // a new ledger written aside: its sums are made before it is put in place
    public void Sums_that_would_overflow_are_left_to_the_rows_and_the_other_quarters_still_summed(bool aside)
    {
        using var dir = new TempFolder();
        using var ledgerDir = new TempFolder();
        using SqliteLedgerStore store = SqliteLedgerStore.Open(Path.Combine(ledgerDir.Path, "ledger.db"), firstFillAside: aside);
        long huge = (1L << 53) - 1; // the largest count a line may carry
        var lines = new List<string> { ClaudeAssistant("2026-11-20T08:00:00.000Z", "msg_ok", "req_ok", input: 10, output: 5) };
        for (int i = 0; i < 1100; i++)
        {
            lines.Add(ClaudeAssistant("2026-11-20T10:00:00.000Z", $"msg_{i}", $"req_{i}", output: huge)); // 1,100 × (2^53 − 1) > 2^63
        }

        dir.Write(Projects + "/a.jsonl", [.. lines]);
        Ingest(store, dir.Path);

        // The 08:00 quarter is summed; the 10:00 one cannot be, in the table or by the database: the rows are read.
        var eight = DateTimeOffset.Parse("2026-11-20T08:00:00Z", CultureInfo.InvariantCulture);
        UsageEntry ok = Assert.Single(store.ReadCountedGroups(eight, eight.AddMinutes(15), null, PriceTable.BuiltIn.LongContextThresholds)!);
        Assert.Equal(10, ok.Tokens.Input);
        Assert.Null(store.ReadCountedGroups(null, null, null, PriceTable.BuiltIn.LongContextThresholds));
        Assert.Equal(1101, store.ReadCounted(null, null, null, withIds: false).Count);
    }

    private static void Ingest(ILedgerStore store, string folder) =>
        LedgerIngest.Run(store, new ScanRequest { Paths = [folder] }, new CollectingObserver(), CancellationToken.None);

    /// <summary>
    /// The ledger's sums for the range equal the counted rows of the range grouped here by quarter hour and every key,
    /// each group's counts and tokens added up, its first and last times, and its recorded costs.
    /// </summary>
    internal static void AssertSumsEqualRows(ILedgerStore store, DateTimeOffset? from, DateTimeOffset? until, string? context = null)
    {
        IReadOnlyList<long> thresholds = PriceTable.BuiltIn.LongContextThresholds;
        List<UsageEntry> rows = store.ReadCounted(from, until, null, withIds: false);
        List<UsageEntry> sums = store.ReadCountedGroups(from, until, null, thresholds)
            ?? throw new InvalidOperationException("The ledger could not sum the range.");

        List<string> expected = rows
            .GroupBy(e => Key(e, e.Timestamp, thresholds.Count(t => e.Tokens.Input + e.Tokens.CacheWrite5m + e.Tokens.CacheWrite1h + e.Tokens.CacheRead > t)))
            .Select(g => Describe(g.Key, g.Count(), g.Count(e => e.IsRequest), g.Min(e => e.Timestamp), g.Max(e => e.Timestamp),
                g.Aggregate(default(TokenCounts), (sum, e) => sum + e.Tokens), g.Count(e => e.RecordedCost is not null),
                g.Any(e => e.RecordedCost is not null) ? g.Sum(e => e.RecordedCost ?? 0m) : null, g.Count(e => e.RecordedCost == 0m && e.Tokens.Total > 0)))
            .Order(StringComparer.Ordinal)
            .ToList();
        List<string> actual = sums
            .GroupBy(e => Key(e, e.Timestamp, e.Group!.Tier))
            .Select(g => Describe(g.Key, g.Sum(e => e.Group!.Rows), g.Sum(e => e.Group!.Requests), g.Min(e => e.Timestamp), g.Max(e => e.Group!.Last),
                g.Aggregate(default(TokenCounts), (sum, e) => sum + e.Tokens), g.Sum(e => e.Group!.RecordedRows),
                g.Any(e => e.Group!.RecordedCost is not null) ? g.Sum(e => e.Group!.RecordedCost ?? 0m) : null, g.Sum(e => e.Group!.RecordedZeroRows)))
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.True(expected.SequenceEqual(actual, StringComparer.Ordinal),
            $"{context}sums of {rows.Count} row(s) from {from:O} until {until:O}:\nexpected\n  {string.Join("\n  ", expected)}\nactual\n  {string.Join("\n  ", actual)}");
    }

    private static string Key(UsageEntry e, DateTimeOffset at, int tier) => string.Join(" | ",
        at.UtcTicks / (15 * TimeSpan.TicksPerMinute), e.Source, e.SessionId, e.AgentId, e.ProjectPath, e.ProjectSlug, e.Model, e.Provider, e.IsFast, e.InferenceGeo, tier);

    private static string Describe(string key, int rows, int requests, DateTimeOffset first, DateTimeOffset last, TokenCounts tokens, int recordedRows, decimal? recorded, int zeroRows) =>
        FormattableString.Invariant($"{key}: {rows} rows, {requests} requests, {first:O}..{last:O}, {tokens}, recorded {recordedRows} {recorded?.ToString("G29", CultureInfo.InvariantCulture)} zero {zeroRows}");
}

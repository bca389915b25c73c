using System.Globalization;
using System.Text.Json.Nodes;
using ClaudeUsage.Core;
using ClaudeUsage.Core.Ledger;
using ClaudeUsage.Core.Scanning;
using Microsoft.Data.Sqlite;
using static ClaudeUsage.Tests.Transcript;

namespace ClaudeUsage.Tests;

/// <summary>
/// The ledger's row reader, which reads columns by position through SQLite's own interface, against the plain
/// Microsoft.Data.Sqlite reader of the same rows: every property of every entry the same.
/// </summary>
public class CountedRowReaderTests
{
    [Fact]
    public void Every_property_of_every_row_reads_as_the_plain_reader_reads_it()
    {
        using TempFolder dir = MixedLogs.Create();
        string Cwd(string name) => "/home/user/projets/" + name;
        dir.Write(
            ".claude/projects/-home-user-projets-caf\u00e9/s2.jsonl",
            ClaudeAssistant("2026-11-20T10:00:00Z", "msg_a", "req_a", input: 12, output: 34, cacheWrite1h: 56, cacheRead: 78, webSearch: 2, sessionId: "22222222-2222-2222-2222-222222222222", cwd: Cwd("caf\u00e9 \u2615"), speed: "fast", inferenceGeo: "us"),
            ClaudeAssistant("2026-11-20T10:01:00Z", "msg_b", null, model: "claude-opus-4-5-20251101", output: 5, sessionId: "22222222-2222-2222-2222-222222222222", cwd: "", costUsd: 0.012345678901m, sidechain: true),
            ClaudeAssistant("2026-11-20T10:02:00Z", "msg_c", "req_c", output: 7, sessionId: "22222222-2222-2222-2222-222222222222", cwd: Cwd("caf\u00e9 \u2615"),
                iterations: new JsonArray(new JsonObject { ["type"] = "compaction", ["model"] = "claude-haiku-4-5-20251001", ["input_tokens"] = 3, ["output_tokens"] = 4 })));
        using var ledgerDir = new TempFolder();
        string path = Path.Combine(ledgerDir.Path, "ledger.db");
        using SqliteLedgerStore store = SqliteLedgerStore.Open(path);
        LedgerIngest.Run(store, new ScanRequest { Paths = [dir.Path] }, new CollectingObserver(), CancellationToken.None);

        foreach (bool withIds in new[] { true, false })
        {
            List<UsageEntry> fast = store.ReadCounted(null, null, null, withIds);
            List<UsageEntry> plain = PlainRead(path, withIds);

            Assert.True(plain.Count >= 15, $"{plain.Count} rows");
            Assert.Contains(plain, e => e.ProjectPath == Cwd("caf\u00e9 \u2615") && e.IsFast && e.InferenceGeo == "us");
            Assert.Contains(plain, e => e.RecordedCost == 0.012345678901m && e.IsSidechain && e.RequestId is null);
            Assert.Contains(plain, e => e.Step != SamplingStep.Response);
            Assert.Equal(plain.Select(Describe), fast.Select(Describe));
        }
    }

    /// <summary>Every property an entry read from the ledger has, as text.</summary>
    private static string Describe(UsageEntry e) => string.Join(
        " | ",
        e.ResponseKey, e.RequestKey, e.ResponseId ?? "(null)", e.RequestId ?? "(null)", e.Step, e.StepNumber, e.Timestamp.UtcTicks, e.Source,
        e.SessionId, e.AgentId ?? "(null)", e.ProjectPath ?? "(null)", e.ProjectSlug ?? "(null)", e.Model ?? "(null)", e.Provider ?? "(null)",
        e.Tokens, e.IsFast, e.ServiceTier ?? "(null)", e.InferenceGeo ?? "(null)", e.IsSidechain, e.CopyRank,
        e.RecordedCost?.ToString(CultureInfo.InvariantCulture) ?? "(null)", e.FilePath, e.LineNumber, e.IsLogDeleted,
        e.Skill ?? "(null)", e.Plugin ?? "(null)", e.Subagent ?? "(null)", e.McpServers ?? "(null)");

    /// <summary>The same query read the plain way, each column asked for its type and read by Microsoft.Data.Sqlite.</summary>
    private static List<UsageEntry> PlainRead(string path, bool withIds)
    {
        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = LedgerResponseRow.SelectCounted(null);
        command.Parameters.AddWithValue("$from", long.MinValue);
        command.Parameters.AddWithValue("$until", long.MaxValue);
        using SqliteDataReader r = command.ExecuteReader();
        string? S(int i) => r.IsDBNull(i) ? null : r.GetString(i);
        var entries = new List<UsageEntry>();
        while (r.Read())
        {
            entries.Add(new UsageEntry
            {
                ResponseKey = LedgerResponseRow.Key(r.GetInt64(0), r.GetInt64(1)),
                RequestKey = LedgerResponseRow.Key(r.GetInt64(2), r.GetInt64(3)),
                ResponseId = withIds ? S(4) : null,
                RequestId = withIds ? S(5) : null,
                Step = (SamplingStep)r.GetInt32(6),
                StepNumber = r.GetInt32(7),
                Timestamp = new DateTimeOffset(r.GetInt64(8), TimeSpan.Zero),
                Source = (UsageSource)r.GetInt32(9),
                SessionId = r.GetString(10),
                AgentId = S(11),
                ProjectPath = S(12),
                ProjectSlug = S(13),
                Model = S(14),
                Provider = S(15),
                Tokens = new TokenCounts(r.GetInt64(16), r.GetInt64(17), r.GetInt64(18), r.GetInt64(19), r.GetInt64(20), r.GetInt64(21), r.GetInt64(22), r.GetInt64(23)),
                IsFast = r.GetString(24) == "fast",
                ServiceTier = S(25),
                InferenceGeo = S(26),
                IsSidechain = r.GetInt64(27) != 0,
                CopyRank = r.GetInt32(28),
                RecordedCost = S(29) is { } cost ? decimal.Parse(cost, NumberStyles.Float, CultureInfo.InvariantCulture) : null,
                FilePath = r.GetString(30),
                LineNumber = r.GetInt64(31),
                IsLogDeleted = r.GetInt64(32) == 0,
                Skill = S(33),
                Plugin = S(34),
                Subagent = S(35),
                McpServers = S(36),
            });
        }

        return entries;
    }
}

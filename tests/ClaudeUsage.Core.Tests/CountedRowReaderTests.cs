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
    internal static string Describe(UsageEntry e) => string.Join(
        " | ",
        e.ResponseKey, e.RequestKey, e.ResponseId ?? "(null)", e.RequestId ?? "(null)", e.Step, e.StepNumber, e.Timestamp.UtcTicks, e.Source,
        e.SessionId, e.AgentId ?? "(null)", e.ProjectPath ?? "(null)", e.ProjectSlug ?? "(null)", e.Model ?? "(null)", e.Provider ?? "(null)",
        e.Tokens, e.IsFast, e.ServiceTier ?? "(null)", e.InferenceGeo ?? "(null)", e.IsSidechain, e.CopyRank,
        e.RecordedCost?.ToString(CultureInfo.InvariantCulture) ?? "(null)", e.FilePath, e.LineNumber, e.IsLogDeleted,
        e.Skill ?? "(null)", e.Plugin ?? "(null)", e.Subagent ?? "(null)", e.McpServers ?? "(null)");

    /// <summary>
    /// The same query read the plain way, each column asked for its type and read by Microsoft.Data.Sqlite, the
    /// row's keys joined from <c>response_keys</c> and their nulls told by its bits here.
    /// </summary>
    private static List<UsageEntry> PlainRead(string path, bool withIds)
    {
        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT c.*, k.source, k.session_id, k.agent_id, k.project_path, k.project_slug, k.model, k.provider, k.speed, k.inference_geo, k.nulls
            FROM ({LedgerResponseRow.SelectCounted(null).TrimEnd().TrimEnd(';')}) c JOIN response_keys k ON k.key_id = c.key_id;
            """;
        command.Parameters.AddWithValue("$from", long.MinValue);
        command.Parameters.AddWithValue("$until", long.MaxValue);
        using SqliteDataReader r = command.ExecuteReader();
        string? S(int i) => r.IsDBNull(i) ? null : r.GetString(i);
        var entries = new List<UsageEntry>();
        while (r.Read())
        {
            long nulls = r.GetInt64(38);
            string? Key(int i, int bit) => (nulls & bit) != 0 ? null : r.GetString(i);
            entries.Add(new UsageEntry
            {
                ResponseKey = LedgerResponseRow.Key(r.GetInt64(0), r.GetInt64(1)),
                RequestKey = LedgerResponseRow.Key(r.GetInt64(2), r.GetInt64(3)),
                ResponseId = withIds ? S(4) : null,
                RequestId = withIds ? S(5) : null,
                Step = (SamplingStep)r.GetInt32(6),
                StepNumber = r.GetInt32(7),
                Timestamp = new DateTimeOffset(r.GetInt64(8), TimeSpan.Zero),
                Source = (UsageSource)r.GetInt32(29),
                SessionId = r.GetString(30),
                AgentId = Key(31, 1),
                ProjectPath = Key(32, 2),
                ProjectSlug = Key(33, 4),
                Model = Key(34, 8),
                Provider = Key(35, 16),
                Tokens = new TokenCounts(r.GetInt64(10), r.GetInt64(11), r.GetInt64(12), r.GetInt64(13), r.GetInt64(14), r.GetInt64(15), r.GetInt64(16), r.GetInt64(17)),
                IsFast = r.GetString(36) == "fast",
                ServiceTier = S(18),
                InferenceGeo = Key(37, 32),
                IsSidechain = r.GetInt64(19) != 0,
                CopyRank = r.GetInt32(20),
                RecordedCost = S(21) is { } cost ? decimal.Parse(cost, NumberStyles.Float, CultureInfo.InvariantCulture) : null,
                FilePath = r.GetString(22),
                LineNumber = r.GetInt64(23),
                IsLogDeleted = r.GetInt64(24) == 0,
                Skill = S(25),
                Plugin = S(26),
                Subagent = S(27),
                McpServers = S(28),
            });
        }

        return entries;
    }
}

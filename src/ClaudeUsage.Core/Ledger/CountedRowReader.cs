using System.Globalization;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace ClaudeUsage.Core.Ledger;

/// <summary>
/// Reads the rows of <see cref="LedgerResponseRow.SelectCounted"/> into entries through SQLite's own interface,
/// column by position (<see cref="NativeRow"/>), which makes reading a year of rows several times faster than through
/// Microsoft.Data.Sqlite. A row's keys are those of its key id, read once for all rows, so the rows of one session
/// share their strings.
/// </summary>
internal static class CountedRowReader
{
    /// <summary>The rows <paramref name="sql"/> selects for <c>$from</c> and <c>$until</c>, in the order it gives them.</summary>
    public static List<UsageEntry> Read(SqliteConnection connection, string sql, long from, long until, bool withIds, LedgerKeys.Map keys)
    {
        sqlite3 db = NativeSqlite.Handle(connection);
        using (sqlite3_stmt statement = NativeSqlite.Prepare(db, sql))
        {
            NativeSqlite.Bind(db, statement, "$from", from);
            NativeSqlite.Bind(db, statement, "$until", until);
            var row = new NativeRow(statement);
            var entries = new List<UsageEntry>();
            int rc;
            while ((rc = SqliteCalls.Step(statement)) == raw.SQLITE_ROW)
            {
                SumKey key = keys[row.Int(9)];
                entries.Add(new UsageEntry
                {
                    ResponseKey = LedgerResponseRow.Key(row.Int(0), row.Int(1)),
                    RequestKey = LedgerResponseRow.Key(row.Int(2), row.Int(3)),
                    ResponseId = withIds ? row.UniqueTextOrNull(4) : null,
                    RequestId = withIds ? row.UniqueTextOrNull(5) : null,
                    Step = (SamplingStep)row.Int(6),
                    StepNumber = (int)row.Int(7),
                    Timestamp = new DateTimeOffset(row.Int(8), TimeSpan.Zero),
                    Source = key.Source,
                    SessionId = key.SessionId,
                    AgentId = key.AgentId,
                    ProjectPath = key.ProjectPath,
                    ProjectSlug = key.ProjectSlug,
                    Model = key.Model,
                    Provider = key.Provider,
                    Tokens = new TokenCounts(row.Int(10), row.Int(11), row.Int(12), row.Int(13), row.Int(14), row.Int(15), row.Int(16), row.Int(17)),
                    IsFast = key.IsFast,
                    ServiceTier = row.TextOrNull(18),
                    InferenceGeo = key.InferenceGeo,
                    IsSidechain = row.Int(19) != 0,
                    CopyRank = (int)row.Int(20),
                    RecordedCost = row.IsNull(21) ? null : decimal.Parse(row.Bytes(21), NumberStyles.Float, CultureInfo.InvariantCulture),
                    FilePath = row.Text(22),
                    LineNumber = row.Int(23),
                    IsLogDeleted = row.Int(24) == 0,
                    Skill = row.TextOrNull(25),
                    Plugin = row.TextOrNull(26),
                    Subagent = row.TextOrNull(27),
                    McpServers = row.TextOrNull(28),
                });
            }

            NativeSqlite.Check(rc, db);
            return entries;
        }
    }
}

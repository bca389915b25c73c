using System.Globalization;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace ClaudeUsage.Core.Ledger;

/// <summary>
/// Reads the rows of <see cref="LedgerResponseRow.SelectCounted"/> into entries through SQLite's own interface,
/// column by position (<see cref="NativeRow"/>), which makes reading a year of rows several times faster than through
/// Microsoft.Data.Sqlite.
/// </summary>
internal static class CountedRowReader
{
    /// <summary>The rows <paramref name="sql"/> selects for <c>$from</c> and <c>$until</c>, in the order it gives them.</summary>
    public static List<UsageEntry> Read(SqliteConnection connection, string sql, long from, long until, bool withIds)
    {
        sqlite3 db = NativeSqlite.Handle(connection);
        using (sqlite3_stmt statement = NativeSqlite.Prepare(db, sql))
        {
            NativeSqlite.Bind(db, statement, "$from", from);
            NativeSqlite.Bind(db, statement, "$until", until);
            var row = new NativeRow(statement);
            var entries = new List<UsageEntry>();
            int rc;
            while ((rc = raw.sqlite3_step(statement)) == raw.SQLITE_ROW)
            {
                entries.Add(new UsageEntry
                {
                    ResponseKey = LedgerResponseRow.Key(row.Int(0), row.Int(1)),
                    RequestKey = LedgerResponseRow.Key(row.Int(2), row.Int(3)),
                    ResponseId = withIds ? row.UniqueTextOrNull(4) : null,
                    RequestId = withIds ? row.UniqueTextOrNull(5) : null,
                    Step = (SamplingStep)row.Int(6),
                    StepNumber = (int)row.Int(7),
                    Timestamp = new DateTimeOffset(row.Int(8), TimeSpan.Zero),
                    Source = (UsageSource)row.Int(9),
                    SessionId = row.Text(10),
                    AgentId = row.TextOrNull(11),
                    ProjectPath = row.TextOrNull(12),
                    ProjectSlug = row.TextOrNull(13),
                    Model = row.TextOrNull(14),
                    Provider = row.TextOrNull(15),
                    Tokens = new TokenCounts(row.Int(16), row.Int(17), row.Int(18), row.Int(19), row.Int(20), row.Int(21), row.Int(22), row.Int(23)),
                    IsFast = row.Bytes(24).SequenceEqual("fast"u8),
                    ServiceTier = row.TextOrNull(25),
                    InferenceGeo = row.TextOrNull(26),
                    IsSidechain = row.Int(27) != 0,
                    CopyRank = (int)row.Int(28),
                    RecordedCost = row.IsNull(29) ? null : decimal.Parse(row.Bytes(29), NumberStyles.Float, CultureInfo.InvariantCulture),
                    FilePath = row.Text(30),
                    LineNumber = row.Int(31),
                    IsLogDeleted = row.Int(32) == 0,
                    Skill = row.TextOrNull(33),
                    Plugin = row.TextOrNull(34),
                    Subagent = row.TextOrNull(35),
                    McpServers = row.TextOrNull(36),
                });
            }

            NativeSqlite.Check(rc, db);
            return entries;
        }
    }
}

using System.Globalization;
using System.IO.Hashing;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace ClaudeUsage.Core.Ledger;

/// <summary>
/// Reads the rows of <see cref="LedgerResponseRow.SelectCounted"/> into entries through SQLite's own interface,
/// column by position. Microsoft.Data.Sqlite asks each column's type before reading it and makes a new string of
/// every text; here a column that cannot be null is read with one call, and a text is made into a string once per
/// distinct value (found by a hash of its bytes), which makes reading a year of rows several times faster.
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
            var texts = new Texts(statement);
            var entries = new List<UsageEntry>();
            int rc;
            while ((rc = raw.sqlite3_step(statement)) == raw.SQLITE_ROW)
            {
                long Int(int column) => raw.sqlite3_column_int64(statement, column);
                entries.Add(new UsageEntry
                {
                    ResponseKey = LedgerResponseRow.Key(Int(0), Int(1)),
                    RequestKey = LedgerResponseRow.Key(Int(2), Int(3)),
                    ResponseId = withIds ? texts.Unique(4) : null,
                    RequestId = withIds ? texts.Unique(5) : null,
                    Step = (SamplingStep)Int(6),
                    StepNumber = (int)Int(7),
                    Timestamp = new DateTimeOffset(Int(8), TimeSpan.Zero),
                    Source = (UsageSource)Int(9),
                    SessionId = texts.Of(10),
                    AgentId = texts.OrNull(11),
                    ProjectPath = texts.OrNull(12),
                    ProjectSlug = texts.OrNull(13),
                    Model = texts.OrNull(14),
                    Provider = texts.OrNull(15),
                    Tokens = new TokenCounts(Int(16), Int(17), Int(18), Int(19), Int(20), Int(21), Int(22), Int(23)),
                    IsFast = raw.sqlite3_column_blob(statement, 24).SequenceEqual("fast"u8),
                    ServiceTier = texts.OrNull(25),
                    InferenceGeo = texts.OrNull(26),
                    IsSidechain = Int(27) != 0,
                    CopyRank = (int)Int(28),
                    RecordedCost = texts.IsNull(29) ? null : decimal.Parse(raw.sqlite3_column_blob(statement, 29), NumberStyles.Float, CultureInfo.InvariantCulture),
                    FilePath = texts.Of(30),
                    LineNumber = Int(31),
                    IsLogDeleted = Int(32) == 0,
                    Skill = texts.OrNull(33),
                    Plugin = texts.OrNull(34),
                    Subagent = texts.OrNull(35),
                    McpServers = texts.OrNull(36),
                });
            }

            NativeSqlite.Check(rc, db);
            return entries;
        }
    }

    /// <summary>Text columns of the current row as strings, one string per distinct value read.</summary>
    private sealed class Texts(sqlite3_stmt statement)
    {
        private readonly Dictionary<UInt128, string> _known = [];

        public bool IsNull(int column) => raw.sqlite3_column_type(statement, column) == raw.SQLITE_NULL;

        public string? OrNull(int column) => IsNull(column) ? null : Of(column);

        /// <summary>The column's text, which is not null.</summary>
        public string Of(int column)
        {
            ReadOnlySpan<byte> utf8 = raw.sqlite3_column_blob(statement, column);
            UInt128 key = XxHash128.HashToUInt128(utf8);
            if (!_known.TryGetValue(key, out string? text))
            {
                _known[key] = text = Encoding.UTF8.GetString(utf8);
            }

            return text;
        }

        /// <summary>A text each row has its own of (an id): made into a string, not remembered.</summary>
        public string? Unique(int column) => IsNull(column) ? null : Encoding.UTF8.GetString(raw.sqlite3_column_blob(statement, column));
    }
}

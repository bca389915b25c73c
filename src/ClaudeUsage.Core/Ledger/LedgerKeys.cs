using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace ClaudeUsage.Core.Ledger;

/// <summary>
/// The <c>response_keys</c> table: each combination of the keys a summary groups or prices by (source, session,
/// agent, project, model, provider, speed, region) once, which responses and their sums refer to by id. A text key
/// that is null is kept as an empty string with its bit set in <c>nulls</c> (agent 1, project path 2, project slug
/// 4, model 8, provider 16, region 32), as a unique key treats nulls as all different. A key's row is never changed
/// or deleted, so an id found once stays right.
/// </summary>
internal sealed class LedgerKeys
{
    private readonly Dictionary<SumKey, long> _known = [];

    /// <summary>The keys of a copy of a response.</summary>
    public static SumKey Of(UsageEntry e) =>
        new(e.Source, e.SessionId, e.AgentId, e.ProjectPath, e.ProjectSlug, e.Model, e.Provider, e.IsFast, e.InferenceGeo);

    /// <summary>
    /// Every key by its id, for one connection's reports: read once, then only the rows added since (ids grow, and no
    /// key row is changed or deleted) when a report meets an id it does not know. A row another process wrote after
    /// the keys were read came with its key, which the statement reading the row, still open, sees too.
    /// </summary>
    internal sealed class Map(SqliteConnection connection)
    {
        private readonly Dictionary<long, SumKey> _keys = [];
        private long _last = long.MinValue;

        public SumKey this[long id] =>
            _keys.TryGetValue(id, out SumKey? key) || (ReadNew() && _keys.TryGetValue(id, out key))
                ? key
                : throw new InvalidOperationException($"The ledger has no key row {id}.");

        /// <summary>Reads the keys added since the last read; false when there were none.</summary>
        private bool ReadNew()
        {
            sqlite3 db = NativeSqlite.Handle(connection);
            using sqlite3_stmt statement = NativeSqlite.Prepare(db, """
                SELECT key_id, source, session_id, agent_id, project_path, project_slug, model, provider, speed, inference_geo, nulls
                FROM response_keys WHERE key_id > $last ORDER BY key_id;
                """);
            NativeSqlite.Bind(db, statement, "$last", _last);
            var row = new NativeRow(statement);
            int before = _keys.Count, rc;
            while ((rc = SqliteCalls.Step(statement)) == raw.SQLITE_ROW)
            {
                long nulls = row.Int(10);
                string? S(int column, int bit) => (nulls & bit) != 0 ? null : row.Text(column);
                _last = row.Int(0);
                _keys[_last] = new SumKey((UsageSource)row.Int(1), S(2, 0)!, S(3, 1), S(4, 2), S(5, 4), S(6, 8), S(7, 16), row.Bytes(8).SequenceEqual("fast"u8), S(9, 32));
            }

            NativeSqlite.Check(rc, db);
            return _keys.Count > before;
        }
    }

    /// <summary>Ids looked up or added in the write transaction open on <paramref name="connection"/>.</summary>
    public Lookup InTransaction(SqliteConnection connection) => new(this, connection);

    /// <summary>
    /// Finds or adds the keys' rows in one transaction. Ids found here are remembered only when <see cref="Committed"/>
    /// is called: a row added by a transaction rolled back is not there.
    /// </summary>
    internal sealed class Lookup : IDisposable
    {
        private const string Columns = "source, session_id, agent_id, project_path, project_slug, model, provider, speed, inference_geo, nulls";
        private const string Values = "?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10";

        private readonly LedgerKeys _keys;
        private readonly Dictionary<SumKey, long> _found = [];
        private readonly sqlite3 _db;
        private readonly sqlite3_stmt _find, _add;

        /// <summary>Prepares the look-ups on <paramref name="connection"/>, whose open transaction they run in.</summary>
        public Lookup(LedgerKeys keys, SqliteConnection connection)
        {
            _keys = keys;
            _db = NativeSqlite.Handle(connection);
            _find = NativeSqlite.Prepare(_db, $"SELECT key_id FROM response_keys WHERE ({Columns}) = ({Values});");
            _add = NativeSqlite.Prepare(_db, $"INSERT INTO response_keys ({Columns}) VALUES ({Values}) RETURNING key_id;");
        }

        /// <summary>The id of the row of <paramref name="key"/>, added when there is none.</summary>
        public long IdOf(SumKey key)
        {
            if (_keys._known.TryGetValue(key, out long id) || _found.TryGetValue(key, out id))
            {
                return id;
            }

            id = Run(_find, key) ?? Run(_add, key) ?? throw new InvalidOperationException("The ledger added no key row.");
            _found[key] = id;
            return id;
        }

        /// <summary>The transaction committed: what it found stays known.</summary>
        public void Committed()
        {
            foreach ((SumKey key, long id) in _found)
            {
                _keys._known[key] = id;
            }

            _found.Clear();
        }

        private long? Run(sqlite3_stmt statement, SumKey key)
        {
            void Text(int index, string? value) => NativeSqlite.Bind(_db, statement, index, value ?? string.Empty);
            NativeSqlite.Bind(_db, statement, 1, (long)key.Source);
            Text(2, key.SessionId);
            Text(3, key.AgentId);
            Text(4, key.ProjectPath);
            Text(5, key.ProjectSlug);
            Text(6, key.Model);
            Text(7, key.Provider);
            Text(8, key.IsFast ? "fast" : "standard");
            Text(9, key.InferenceGeo);
            NativeSqlite.Bind(_db, statement, 10, Nulls(key));
            return NativeSqlite.StepForNumber(_db, statement);
        }

        private static long Nulls(SumKey key) =>
            (key.AgentId is null ? 1 : 0) | (key.ProjectPath is null ? 2 : 0) | (key.ProjectSlug is null ? 4 : 0)
            | (key.Model is null ? 8 : 0) | (key.Provider is null ? 16 : 0) | (key.InferenceGeo is null ? 32 : 0);

        public void Dispose()
        {
            _find.Dispose();
            _add.Dispose();
        }
    }
}

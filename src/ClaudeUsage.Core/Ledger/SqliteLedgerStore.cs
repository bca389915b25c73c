using System.Diagnostics;
using System.Globalization;
using ClaudeUsage.Core.Accounting;
using ClaudeUsage.Core.Caching;
using ClaudeUsage.Core.Discovery;
using ClaudeUsage.Core.Parsing;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace ClaudeUsage.Core.Ledger;

/// <summary>
/// The ledger in one SQLite file: WAL mode so a report never waits for an ingest, a busy timeout so two writers
/// take turns instead of failing, and every change in one short transaction. A file that is not a ledger, is
/// damaged, or was written by a newer schema is refused with an error that says how to recover; it is never
/// replaced or rewritten.
/// </summary>
internal sealed class SqliteLedgerStore : ILedgerStore
{
    /// <summary>How long a command waits for another process's write before giving up, in seconds.</summary>
    internal const int BusySeconds = 5;

    private SqliteConnection _connection;

    /// <summary>The ids of the keys this connection has written responses under.</summary>
    private LedgerKeys _keys = new();

    /// <summary>The keys of the ids this connection's reports have met.</summary>
    private LedgerKeys.Map _keyMap;

    /// <summary>A new ledger's first ingest, written aside until <see cref="Publish"/>; null once in place, or for a ledger that was there.</summary>
    private AsideFill? _aside;

    /// <summary>Set by <see cref="BeginReadSnapshot"/>: a read transaction is open until the connection closes.</summary>
    private bool _inSnapshot;

    /// <summary>The fewest copies a transaction gathers while more are being read (<see cref="CopiesPerTransaction"/>).</summary>
    internal const int FewestCopiesPerTransaction = 5_000;

    /// <summary>
    /// The most: about half a second of writing, so another process's wait stays well under <see cref="BusySeconds"/>,
    /// and what the reading holds for the writing stays small.
    /// </summary>
    internal const int MostCopiesPerTransaction = 25_000;

    /// <summary>Rows of <c>responses</c> (its largest row id) as of <see cref="LoadFiles"/>, plus those this connection has added since.</summary>
    private long _rows;

    private SqliteLedgerStore(string path, SqliteConnection connection, LedgerMachine machine)
    {
        Description = path;
        _connection = connection;
        _keyMap = new LedgerKeys.Map(connection);
        Machine = machine;
    }

    public string Description { get; }

    /// <summary>The migration this open took an existing ledger through; null when it was at the current schema or new.</summary>
    public LedgerMigration? Migration { get; private init; }

    public LedgerMachine Machine { get; }

    /// <summary>
    /// Opens the ledger at <paramref name="path"/>, creating it (and its folder) when absent, migrating an older schema.
    /// With <paramref name="firstFillAside"/>, a ledger that is not there yet is made in a file of its own
    /// (<see cref="AsideFill"/>) and put in place by <see cref="Publish"/>: for an ingest, whose rows are most of what
    /// a new ledger is written with.
    /// </summary>
    /// <exception cref="LedgerException">The file is damaged, too new, or cannot be opened.</exception>
    public static SqliteLedgerStore Open(string path, bool firstFillAside = false)
    {
        SqliteNativeLibrary.EnsureInitialized();
        string full = Path.GetFullPath(path);
        AsideFill? aside = null;
        SqliteConnection? connection = null;
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            LedgerMachine machine = MachineIdentity.For(Path.GetDirectoryName(full)!);
            aside = firstFillAside && !File.Exists(full) ? AsideFill.Begin(full) : null;
            connection = Connect(aside?.Path ?? full, full, out LedgerMigration? migration);
            aside?.Prepare(connection);
            var store = new SqliteLedgerStore(full, connection, machine) { Migration = migration, _aside = aside };
            store.RegisterMachine();
            return store;
        }
        catch (SqliteException ex)
        {
            Abandon();
            throw Explain(full, ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Abandon();
            throw new LedgerException(LedgerProblem.Unavailable, $"The usage ledger '{full}' cannot be opened: {ex.Message}", ex);
        }
        catch
        {
            Abandon();
            throw;
        }

        void Abandon()
        {
            connection?.Dispose();
            aside?.Delete();
        }
    }

    /// <summary>
    /// Opens <paramref name="file"/> (the ledger, or the file it is filled in) in WAL mode and takes it to the current
    /// schema; messages name <paramref name="ledger"/>.
    /// </summary>
    private static SqliteConnection Connect(string file, string ledger, out LedgerMigration? migration)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = file,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = BusySeconds,
        }.ToString());
        try
        {
            connection.Open();
            Execute(connection, FormattableString.Invariant($"PRAGMA busy_timeout = {BusySeconds * 1000};"));
            int version = Convert.ToInt32(Scalar(connection, "PRAGMA user_version;"), CultureInfo.InvariantCulture);
            if (version > LedgerSchema.CurrentVersion)
            {
                throw TooNew(ledger, version);
            }

            Execute(connection, "PRAGMA journal_mode = WAL;");
            Execute(connection, "PRAGMA synchronous = NORMAL;");
            var migrating = Stopwatch.StartNew();
            Migrate(connection, ledger, version);
            migration = version > 0 && version < LedgerSchema.CurrentVersion
                ? new LedgerMigration(version, LedgerSchema.CurrentVersion, migrating.Elapsed)
                : null;
            QuarterSums.EnsureThresholds(connection);
            QuarterSums.EnsureGeneration(connection);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A new ledger filled aside is completed (indexes, triggers, sums), made durable and moved into place, and this
    /// store goes on with the ledger there. False when another process made the ledger meanwhile: it is never
    /// replaced, the rows written aside are dropped, and the caller ingests again into the one there.
    /// </summary>
    public bool Publish()
    {
        if (_aside is not { } aside)
        {
            return true;
        }

        if (aside.Spoiled)
        {
            throw new InvalidOperationException("A write of the new ledger failed: it is not put in place.");
        }

        bool placed;
        try
        {
            placed = Guard(() =>
            {
                RecountAll();
                aside.Restore(_connection);
                using (SqliteTransaction transaction = _connection.BeginTransaction())
                {
                    QuarterSums.SumAll(_connection, transaction); // before it is in place: a report never finds the new ledger without its sums
                    transaction.Commit();
                }

                AsideFill.Seal(_connection);
                _connection.Dispose();
                return aside.MoveIntoPlace();
            });
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new LedgerException(LedgerProblem.Unavailable, $"The usage ledger '{Description}' cannot be put in place: {ex.Message}", ex);
        }

        _aside = null;
        _connection = Guard(() => Connect(Description, Description, out _));
        _keyMap = new LedgerKeys.Map(_connection);
        if (!placed)
        {
            _keys = new LedgerKeys(); // the key ids of the other ledger
            Guard(() =>
            {
                RegisterMachine();
                return 0;
            });
        }

        return placed;
    }

    /// <summary>A SQLite error in words a user can act on; a damaged file is named with how to recover.</summary>
    internal static LedgerException Explain(string path, SqliteException ex) => ex.SqliteErrorCode switch
    {
        // SQLITE_CORRUPT, SQLITE_NOTADB
        11 or 26 => new LedgerException(LedgerProblem.Damaged,
            $"The usage ledger '{path}' is damaged or is not a ledger ({ex.Message}). It is left as it is. To start a new one, move the file (and any '{Path.GetFileName(path)}-wal' beside it) elsewhere, then run Update-ClaudeUsageLedger: the logs still on disk are read into the new ledger.", ex),
        // SQLITE_BUSY, SQLITE_LOCKED
        5 or 6 => new LedgerException(LedgerProblem.Unavailable,
            $"The usage ledger '{path}' stayed locked by another process for more than {BusySeconds} seconds; try again.", ex),
        _ => new LedgerException(LedgerProblem.Unavailable, $"The usage ledger '{path}' cannot be used: {ex.Message}", ex),
    };

    /// <summary>
    /// Takes the ledger to the current schema one version at a time. Each step re-reads the version inside its own
    /// write transaction: two processes opening a new ledger at once both see version 0 before either has written,
    /// and the one that waited for the other's transaction must find the tables made, not make them again.
    /// </summary>
    private static void Migrate(SqliteConnection connection, string path, int seen)
    {
        if (seen >= LedgerSchema.CurrentVersion)
        {
            return;
        }

        // A migration may rebuild a table of a million rows, whose primary key's pages do not fit SQLite's default
        // cache of 2 MB: with 128 MB while migrating, a year's ledger takes seconds less.
        Execute(connection, "PRAGMA cache_size = -131072;");
        try
        {
            MigrateFrom(connection, path);
        }
        finally
        {
            Execute(connection, "PRAGMA cache_size = -2000;");
        }
    }

    private static void MigrateFrom(SqliteConnection connection, string path)
    {
        while (true)
        {
            using SqliteTransaction transaction = connection.BeginTransaction(); // BEGIN IMMEDIATE: one migrating process at a time
            int version = Convert.ToInt32(Scalar(connection, "PRAGMA user_version;", transaction), CultureInfo.InvariantCulture);
            if (version > LedgerSchema.CurrentVersion)
            {
                throw TooNew(path, version);
            }

            if (version == LedgerSchema.CurrentVersion)
            {
                return; // another process finished it meanwhile
            }

            Execute(connection, LedgerSchema.Migrations[version], transaction);
            Execute(connection, FormattableString.Invariant($"PRAGMA user_version = {version + 1};"), transaction);
            using SqliteCommand info = Command(connection, "INSERT INTO ledger_info (key, value) VALUES ('schema_version', $v) ON CONFLICT (key) DO UPDATE SET value = excluded.value;", transaction);
            info.Parameters.AddWithValue("$v", (version + 1).ToString(CultureInfo.InvariantCulture));
            info.ExecuteNonQuery();
            using SqliteCommand by = Command(connection, "INSERT INTO ledger_info (key, value) VALUES ('written_by', $v) ON CONFLICT (key) DO UPDATE SET value = excluded.value;", transaction);
            by.Parameters.AddWithValue("$v", "ClaudeUsage " + ScanCacheSerializer.ModuleVersion);
            by.ExecuteNonQuery();
            transaction.Commit();
        }
    }

    internal static LedgerException TooNew(string path, int version) => new(LedgerProblem.TooNew,
        $"The usage ledger '{path}' was written by a newer version of ClaudeUsage (schema {version}; this version reads up to {LedgerSchema.CurrentVersion}). It is left as it is: update the module to use it.");

    private void RegisterMachine()
    {
        // Read first: a report that only reads should not wait for the write lock another process holds.
        using (SqliteCommand known = Command(_connection, "SELECT host_name FROM machines WHERE machine_id = $id;"))
        {
            known.Parameters.AddWithValue("$id", Machine.Id);
            if (known.ExecuteScalar() is string host && host == Machine.HostName)
            {
                return;
            }
        }

        using SqliteCommand command = Command(_connection, """
            INSERT INTO machines (machine_id, host_name, first_seen_utc_ticks) VALUES ($id, $host, $now)
            ON CONFLICT (machine_id) DO UPDATE SET host_name = excluded.host_name;
            """);
        command.Parameters.AddWithValue("$id", Machine.Id);
        command.Parameters.AddWithValue("$host", Machine.HostName);
        command.Parameters.AddWithValue("$now", DateTime.UtcNow.Ticks);
        command.ExecuteNonQuery();
    }

    /// <summary>
    /// A twentieth of the rows held, from <see cref="FewestCopiesPerTransaction"/> to <see cref="MostCopiesPerTransaction"/>.
    /// The primary key is a hash, so a transaction's copies land all over its index, and each commit writes most of
    /// the index's pages again: in transactions of a fixed size, a large ingest's commits would cost more per row the
    /// larger the ledger grew (408,000 rows upserted in the sqlite3 shell: 5,000 at a time 12.1 s, this way 9.2–9.7 s,
    /// a tenth of the rows 8.1 s). A twentieth rather than a tenth because the copies of a transaction, and of the next
    /// one gathered meanwhile, are held in memory: a ledger under 100,000 rows is written as it was at 5,000.
    /// Read without calling SQLite: an ingest asks while another thread writes.
    /// </summary>
    public int CopiesPerTransaction =>
        (int)Math.Clamp(Volatile.Read(ref _rows) / 20, FewestCopiesPerTransaction, MostCopiesPerTransaction);

    public Dictionary<string, LedgerFile> LoadFiles()
    {
        return Guard(() =>
        {
            var files = new Dictionary<string, LedgerFile>(OperatingSystem.IsLinux() ? StringComparer.Ordinal : StringComparer.OrdinalIgnoreCase);
            sqlite3 db = NativeSqlite.Handle(_connection);
            using sqlite3_stmt statement = NativeSqlite.Prepare(db, LedgerFileRow.SelectSql);
            NativeSqlite.Bind(db, statement, "$m", Machine.Id);
            var row = new NativeRow(statement);
            int rc;
            while ((rc = SqliteCalls.Step(statement)) == raw.SQLITE_ROW)
            {
                LedgerFile file = LedgerFileRow.Read(row);
                files[file.State.File.Path] = file;
            }

            NativeSqlite.Check(rc, db);
            using sqlite3_stmt last = NativeSqlite.Prepare(db, LedgerSchema.LastResponseRowId);
            Volatile.Write(ref _rows, NativeSqlite.StepForNumber(db, last) ?? 0);
            return files;
        });
    }

    public LedgerWriteCounts Write(IReadOnlyList<LedgerFileWrite> files, IReadOnlyCollection<long> goneFileIds)
    {
        if (_inSnapshot)
        {
            throw new InvalidOperationException("The ledger is read as of a moment (BeginReadSnapshot): nothing can be written now.");
        }

        try
        {
            return Guard(() => WriteInTransaction(files, goneFileIds));
        }
        catch
        {
            if (_aside is not null)
            {
                _aside.Spoiled = true; // written without a journal: part of the transaction may be in the file
            }

            throw;
        }
    }

    private LedgerWriteCounts WriteInTransaction(IReadOnlyList<LedgerFileWrite> files, IReadOnlyCollection<long> goneFileIds)
    {
        long now = DateTime.UtcNow.Ticks;
        using SqliteTransaction transaction = _connection.BeginTransaction(); // BEGIN IMMEDIATE: one writer at a time
        Execute(_connection, $"""
            {CreateTouched}
            {LedgerSchema.CreateStaged}
            DELETE FROM touched;
            DELETE FROM staged;
            """, transaction);

        // Each file's row first (its id is in its copies' rows), then its copies staged in the order read.
        var openClaw = new List<long>();
        var servers = new Dictionary<(UInt128, UInt128), string?>();
        int copies = 0;
        using LedgerKeys.Lookup keys = _keys.InTransaction(_connection);
        using (var fileRow = new LedgerFileRow.Writer(_connection))
        using (var stage = new StagedCopies(_connection))
        {
            foreach (LedgerFileWrite write in files)
            {
                long fileId = fileRow.Upsert(Machine.Id, write.State, write.ReadStartedUtc?.Ticks ?? now);
                foreach (UsageEntry entry in write.Entries)
                {
                    (UInt128 responseKey, UInt128 requestKey) = LedgerIdentity.Of(entry, Machine.Id);
                    stage.Add(entry, responseKey, requestKey, keys.IdOf(LedgerKeys.Of(entry)), Machine.Id, fileId, copies++);
                    if (entry.McpServers is not null)
                    {
                        servers[(responseKey, requestKey)] = McpServerList.Union(servers.GetValueOrDefault((responseKey, requestKey)), entry.McpServers);
                    }
                }

                if (write.State.Resume?.State.LooksLikeOpenClaw == true)
                {
                    openClaw.Add(fileId);
                }
            }
        }

        using var merge = new McpServerMerge(_connection, transaction);
        var recorded = servers.Keys.ToDictionary(key => key, key => merge.Recorded(key.Item1, key.Item2));
        var counts = copies == 0 ? default : UpsertStaged(transaction, now, copies);
        foreach (((UInt128 responseKey, UInt128 requestKey) key, string? named) in servers)
        {
            merge.Set(key.responseKey, key.requestKey, McpServerList.Union(recorded[key], named));
        }

        foreach (long fileId in openClaw)
        {
            // An OpenClaw trait anywhere in a file marks all of its pi-format responses: they take the same keys
            // with OpenClaw as their source.
            using SqliteCommand mark = Command(_connection, LedgerSchema.MarkOpenClaw, transaction);
            mark.Parameters.AddWithValue("$oc", (int)UsageSource.OpenClaw);
            mark.Parameters.AddWithValue("$pi", (int)UsageSource.Pi);
            mark.Parameters.AddWithValue("$f", fileId);
            mark.ExecuteNonQuery();
        }

        foreach (long gone in goneFileIds)
        {
            using SqliteCommand mark = Command(_connection, "UPDATE log_files SET present = 0 WHERE file_id = $f;", transaction);
            mark.Parameters.AddWithValue("$f", gone);
            mark.ExecuteNonQuery();
        }

        if (_aside is null)
        {
            RecountTouched(transaction); // a ledger filled aside is recounted once, when it is put in place
        }

        Execute(_connection, "DELETE FROM staged;", transaction);
        transaction.Commit();
        keys.Committed();
        Interlocked.Add(ref _rows, counts.Added); // rows of a transaction that did not commit are not counted
        return counts;
    }

    /// <summary>
    /// Upserts the <paramref name="copies"/> staged copies in one statement and notes their response ids as touched
    /// (for <see cref="RecountTouched"/>; a ledger filled aside is recounted once, by <see cref="RecountAll"/>).
    /// Every copy is one of: the first copy of an identity new to the ledger (added), a better copy that replaced the
    /// one kept so far (replaced), or one that changed nothing (unchanged), as if each had been written alone in the
    /// order read.
    /// </summary>
    private LedgerWriteCounts UpsertStaged(SqliteTransaction transaction, long now, int copies)
    {
        // Counted from SQLite's own figures rather than a row returned per copy (one for nearly every copy of a first
        // ingest): rows inserted are the growth of the largest row id (a write holds the ledger alone, and rows are
        // never inserted with another id), the rest of the rows the statement changed were replaced. A row inserted
        // and then replaced by a later copy in the same write is one addition and one replacement.
        sqlite3 db = NativeSqlite.Handle(_connection);
        using sqlite3_stmt last = NativeSqlite.Prepare(db, LedgerSchema.LastResponseRowId);
        long before = NativeSqlite.StepForNumber(db, last) ?? 0;
        using (sqlite3_stmt upsert = NativeSqlite.Prepare(db, LedgerSchema.UpsertStaged))
        {
            NativeSqlite.Bind(db, upsert, "$now", now);
            NativeSqlite.Check(SqliteCalls.Step(upsert), db);
        }

        int changed = raw.sqlite3_changes(db);
        int added = checked((int)((NativeSqlite.StepForNumber(db, last) ?? 0) - before));
        if (_aside is null)
        {
            Execute(_connection, "INSERT INTO touched (hi, lo) SELECT DISTINCT response_key_hi, response_key_lo FROM staged WHERE true ON CONFLICT DO NOTHING;", transaction);
        }

        return new LedgerWriteCounts(added, changed - added, copies - changed);
    }

    /// <summary>
    /// The MCP servers of a response as the union of every copy's, also when the copy that names them is not the one
    /// the row keeps: Claude Code writes a response as several lines, each with part of its content, and the line with
    /// a tool call may be the smaller copy, read in another run than the larger one. Only copies that name servers
    /// (a few) cost the look-up.
    /// </summary>
    private sealed class McpServerMerge : IDisposable
    {
        private readonly SqliteCommand _select, _set;
        private readonly SqliteParameter[] _selectKeys, _setKeys;
        private readonly SqliteParameter _setServers;

        public McpServerMerge(SqliteConnection connection, SqliteTransaction transaction)
        {
            _select = Command(connection, LedgerSchema.SelectMcpServers, transaction);
            _set = Command(connection, LedgerSchema.SetMcpServers, transaction);
            _selectKeys = Keys(_select);
            _setKeys = Keys(_set);
            _setServers = _set.Parameters.Add("$mcp_servers", SqliteType.Text);
        }

        private static SqliteParameter[] Keys(SqliteCommand command) =>
            Array.ConvertAll(KeyNames, name => command.Parameters.Add(name, SqliteType.Integer));

        private static readonly string[] KeyNames = ["$rk_hi", "$rk_lo", "$qk_hi", "$qk_lo"];

        private static void Bind(SqliteParameter[] keys, UInt128 responseKey, UInt128 requestKey) =>
            (keys[0].Value, keys[1].Value, keys[2].Value, keys[3].Value) =
                (LedgerResponseRow.Hi(responseKey), LedgerResponseRow.Lo(responseKey), LedgerResponseRow.Hi(requestKey), LedgerResponseRow.Lo(requestKey));

        /// <summary>The servers recorded for the response: null for none, or no row yet.</summary>
        public string? Recorded(UInt128 responseKey, UInt128 requestKey)
        {
            Bind(_selectKeys, responseKey, requestKey);
            return _select.ExecuteScalar() as string;
        }

        public void Set(UInt128 responseKey, UInt128 requestKey, string? servers)
        {
            Bind(_setKeys, responseKey, requestKey);
            _setServers.Value = (object?)servers ?? DBNull.Value;
            _set.ExecuteNonQuery();
        }

        public void Dispose()
        {
            _select.Dispose();
            _set.Dispose();
        }
    }

    /// <summary>The response ids whose rows are to be recounted (<see cref="RecountTouched"/>): this connection's own table.</summary>
    private const string CreateTouched = "CREATE TEMP TABLE IF NOT EXISTS touched (hi BIGINT NOT NULL, lo BIGINT NOT NULL, PRIMARY KEY (hi, lo));";

    /// <summary>
    /// Re-decides which rows count for every response id with rows under several request ids, once for a ledger
    /// filled aside: which rows of an id count depends only on the rows it has in the end, so one pass over the
    /// primary key at the end decides as a recount after each transaction would have.
    /// </summary>
    private void RecountAll()
    {
        using SqliteTransaction transaction = _connection.BeginTransaction();
        Execute(_connection, $"""
            {CreateTouched}
            DELETE FROM touched;
            INSERT INTO touched (hi, lo)
            SELECT response_key_hi, response_key_lo FROM responses GROUP BY response_key_hi, response_key_lo HAVING COUNT(*) > 1;
            """, transaction);
        RecountTouched(transaction);
        transaction.Commit();
    }

    /// <summary>
    /// Re-decides which rows count for each response id touched that has rows under several request ids: the same
    /// rule as the in-memory count (<see cref="ResponseDeduplicator"/>), applied to the rows of one id.
    /// </summary>
    private void RecountTouched(SqliteTransaction transaction)
    {
        var groups = new Dictionary<UInt128, List<(UsageEntry Entry, UInt128 RequestKey, bool Counted)>>();
        using (SqliteCommand select = Command(_connection, """
            SELECT r.response_key_hi, r.response_key_lo, r.request_key_hi, r.request_key_lo, r.total_tokens, r.web_search_requests,
                   k.speed, r.copy_rank, r.is_sidechain, r.at_utc_ticks, f.path, r.line_number, r.counted
            FROM responses r JOIN log_files f ON f.file_id = r.file_id JOIN response_keys k ON k.key_id = r.key_id
            WHERE (r.response_key_hi, r.response_key_lo) IN (
                SELECT t.hi, t.lo FROM touched t JOIN responses x ON x.response_key_hi = t.hi AND x.response_key_lo = t.lo
                GROUP BY t.hi, t.lo HAVING COUNT(*) > 1);
            """, transaction))
        using (SqliteDataReader r = select.ExecuteReader())
        {
            while (r.Read())
            {
                UInt128 rk = LedgerResponseRow.Key(r.GetInt64(0), r.GetInt64(1)), qk = LedgerResponseRow.Key(r.GetInt64(2), r.GetInt64(3));
                long total = r.GetInt64(4);
                var entry = new UsageEntry
                {
                    Source = UsageSource.ClaudeCode,
                    Timestamp = new DateTimeOffset(r.GetInt64(9), TimeSpan.Zero),
                    SessionId = string.Empty,
                    Tokens = new TokenCounts(total, 0, 0, 0, 0, r.GetInt64(5)),
                    IsFast = r.GetString(6) == "fast",
                    CopyRank = r.GetInt32(7),
                    IsSidechain = r.GetInt64(8) != 0,
                    FilePath = r.GetString(10),
                    LineNumber = r.GetInt64(11),
                    ResponseKey = rk,
                    RequestKey = qk,
                };
                if (!groups.TryGetValue(rk, out var rows))
                {
                    groups[rk] = rows = [];
                }

                rows.Add((entry, qk, r.GetInt64(12) != 0));
            }
        }

        using SqliteCommand update = Command(_connection, """
            UPDATE responses SET counted = $c
            WHERE response_key_hi = $rh AND response_key_lo = $rl AND request_key_hi = $qh AND request_key_lo = $ql;
            """, transaction);
        foreach ((UInt128 rk, var rows) in groups)
        {
            var dedup = new ResponseDeduplicator();
            dedup.AddRange(rows.ConvertAll(x => x.Entry));
            var counted = new HashSet<UInt128>(dedup.Resolve().Select(e => e.RequestKey));
            foreach ((UsageEntry _, UInt128 qk, bool was) in rows)
            {
                bool now = counted.Contains(qk);
                if (now == was)
                {
                    continue;
                }

                update.Parameters.Clear();
                update.Parameters.AddWithValue("$c", now ? 1 : 0);
                update.Parameters.AddWithValue("$rh", LedgerResponseRow.Hi(rk));
                update.Parameters.AddWithValue("$rl", LedgerResponseRow.Lo(rk));
                update.Parameters.AddWithValue("$qh", LedgerResponseRow.Hi(qk));
                update.Parameters.AddWithValue("$ql", LedgerResponseRow.Lo(qk));
                update.ExecuteNonQuery();
            }
        }
    }

    public List<UsageEntry> ReadCounted(DateTimeOffset? from, DateTimeOffset? until, IReadOnlySet<UsageSource>? sources, bool withIds)
    {
        return Guard(() =>
        {
            return CountedRowReader.Read(_connection, LedgerResponseRow.SelectCounted(sources), from?.UtcTicks ?? long.MinValue, until?.UtcTicks ?? long.MaxValue, withIds, _keyMap);
        });
    }

    public List<SessionFile> SessionFiles(DateTimeOffset? from, DateTimeOffset? until, IReadOnlySet<UsageSource>? sources) => Guard(() =>
    {
        using SqliteCommand command = Command(_connection, LedgerResponseRow.SelectSessionFiles(sources));
        command.Parameters.AddWithValue("$from", from?.UtcTicks ?? long.MinValue);
        command.Parameters.AddWithValue("$until", until?.UtcTicks ?? long.MaxValue);
        using SqliteDataReader r = command.ExecuteReader();
        var files = new List<SessionFile>();
        while (r.Read())
        {
            files.Add(new SessionFile((UsageSource)r.GetInt32(0), r.GetString(1), r.GetString(2), r.GetInt64(3) == 0));
        }

        return files;
    });

    public DateTimeOffset? FirstCounted(IReadOnlySet<UsageSource>? sources) => Guard(() =>
    {
        using SqliteCommand command = Command(_connection, LedgerResponseRow.SelectFirstCounted(sources));
        return command.ExecuteScalar() is long ticks ? new DateTimeOffset(ticks, TimeSpan.Zero) : (DateTimeOffset?)null;
    });

    public DateTimeOffset? LastAfterGap(DateTimeOffset at, TimeSpan gap, TimeSpan lookBack, IReadOnlySet<UsageSource>? sources) => Guard(() =>
    {
        using SqliteCommand command = Command(_connection, LedgerResponseRow.SelectLastAfterGap(sources));
        command.Parameters.AddWithValue("$at", at.UtcTicks);
        command.Parameters.AddWithValue("$since", (at - lookBack).UtcTicks);
        command.Parameters.AddWithValue("$gap", gap.Ticks);
        return command.ExecuteScalar() is long ticks ? new DateTimeOffset(ticks, TimeSpan.Zero) : (DateTimeOffset?)null;
    });

    public List<UsageEntry> ReadCountedOfActiveFiles(DateTimeOffset activeFrom, DateTimeOffset? until, IReadOnlySet<UsageSource>? sources, bool withIds)
    {
        return Guard(() =>
        {
            return CountedRowReader.Read(_connection, LedgerResponseRow.SelectCounted(sources, ofActiveFiles: true), activeFrom.UtcTicks, until?.UtcTicks ?? long.MaxValue, withIds, _keyMap);
        });
    }

    public void BeginReadSnapshot() => Guard(() =>
    {
        if (!_inSnapshot)
        {
            // A deferred transaction holds the snapshot of its first read until the connection closes. It is begun in
            // SQL, not as a SqliteTransaction, so the reads keep running as they are (they are all reads from here).
            Execute(_connection, "BEGIN DEFERRED; SELECT COUNT(*) FROM ledger_info;");
            _inSnapshot = true;
        }

        return 0;
    });

    public void RefreshSums() => Guard(() =>
    {
        if (_inSnapshot)
        {
            return 0; // reads only: the stale quarters are read from the rows
        }

        if (QuarterSums.AnyStale(_connection))
        {
            using SqliteTransaction transaction = _connection.BeginTransaction();
            QuarterSums.Refresh(_connection, transaction);
            transaction.Commit();
        }

        return 0;
    });

    public string? Generation() => Guard(() => QuarterSums.Generation(_connection));

    public List<UsageEntry>? ReadCountedGroups(DateTimeOffset? from, DateTimeOffset? until, IReadOnlySet<UsageSource>? sources, IReadOnlyList<long> thresholds, SumBuckets? buckets = null)
    {
        return Guard(() =>
        {
            // The whole quarters of the range come from the sums, the part quarters at its ends from the rows.
            long fromQuarter = from is { } f ? CeilingQuarter(f.UtcTicks) : long.MinValue;
            long untilQuarter = until is { } u ? u.UtcTicks / LedgerResponseRow.QuarterHourTicks : long.MaxValue;
            if (!QuarterSums.CanCut(thresholds) || fromQuarter >= untilQuarter)
            {
                return SumRows(from, until, sources, thresholds);
            }

            try
            {
                RefreshSums();
            }
            catch (LedgerException ex) when (ex.Problem == LedgerProblem.Unavailable)
            {
                // Another process holds the ledger past the wait (or it is read-only here): the stale quarters are
                // summed from the rows below, and the next ingest brings the sums up to date.
            }
            if (QuarterSums.AnyStaleIn(_connection, fromQuarter, untilQuarter))
            {
                return SumRows(from, until, sources, thresholds); // sums that would overflow: the rows, summed as far as they can be
            }

            if (WholeQuarters(fromQuarter, untilQuarter, sources, thresholds, buckets) is not { } groups)
            {
                return null;
            }

            foreach ((DateTimeOffset? start, DateTimeOffset? end) in new[]
                     {
                         (from, from is null ? (DateTimeOffset?)null : AtQuarter(fromQuarter)),
                         (until is null ? (DateTimeOffset?)null : AtQuarter(untilQuarter), until),
                     })
            {
                if (start is { } s && end is { } e && s < e)
                {
                    if (SumRows(s, e, sources, thresholds) is not { } edge)
                    {
                        return null;
                    }

                    groups.AddRange(edge);
                }
            }

            return groups;
        });
    }

    /// <summary>The sums of the whole quarters, as remembered from an earlier call on the same sums or read.</summary>
    private List<UsageEntry>? WholeQuarters(long fromQuarter, long untilQuarter, IReadOnlySet<UsageSource>? sources, IReadOnlyList<long> thresholds, SumBuckets? buckets)
    {
        // The generation is read first: sums read after it are of that generation or a later one, never an earlier.
        SumsMemo.Key? key = Generation() is { } generation
            ? new SumsMemo.Key(Description, generation, fromQuarter, untilQuarter, sources is null ? "" : string.Join(",", sources.Order()), string.Join(",", thresholds), buckets?.Key ?? "")
            : null;
        if (key is { } k && SumsMemo.Find(k) is { } remembered)
        {
            return remembered;
        }

        List<UsageEntry>? whole = buckets is null ? null : QuarterSums.ReadBuckets(_connection, fromQuarter, untilQuarter, sources, thresholds, buckets, _keyMap);
        if ((whole ?? QuarterSums.Read(_connection, fromQuarter, untilQuarter, sources, thresholds, _keyMap)) is not { } groups)
        {
            return null;
        }

        if (key is { } kept)
        {
            SumsMemo.Keep(kept, groups);
        }

        return groups;
    }

    private static long CeilingQuarter(long ticks) => (ticks / LedgerResponseRow.QuarterHourTicks) + (ticks % LedgerResponseRow.QuarterHourTicks == 0 ? 0 : 1);

    private static DateTimeOffset AtQuarter(long quarter) => new(quarter * LedgerResponseRow.QuarterHourTicks, TimeSpan.Zero);

    /// <summary>The counted rows of a range summed by the database as they are read; null when a sum overflows.</summary>
    private List<UsageEntry>? SumRows(DateTimeOffset? from, DateTimeOffset? until, IReadOnlySet<UsageSource>? sources, IReadOnlyList<long> thresholds)
    {
        using SqliteCommand command = Command(_connection, LedgerResponseRow.SelectCountedGroups(sources, thresholds));
        command.Parameters.AddWithValue("$from", from?.UtcTicks ?? long.MinValue);
        command.Parameters.AddWithValue("$until", until?.UtcTicks ?? long.MaxValue);
        try
        {
            using SqliteDataReader r = command.ExecuteReader();
            return QuarterSums.ReadSums(r, _keyMap, sources: null); // the sources are chosen in SQL
        }
        catch (SqliteException ex) when (QuarterSums.IsOverflow(ex))
        {
            return null; // sums beyond 64 bits: the caller reads the rows one by one
        }
    }

    public LedgerStatistics Statistics() => Guard(() => new LedgerStatistics(
        Count("SELECT COUNT(*) FROM responses;"),
        Count("SELECT COUNT(*) FROM responses WHERE counted = 1;"),
        Count("SELECT COUNT(*) FROM log_files;"),
        Count("SELECT COUNT(*) FROM log_files WHERE present = 0;"),
        Count("SELECT COUNT(*) FROM machines;"),
        LedgerSchema.CurrentVersion));

    private long Count(string sql) => Convert.ToInt64(Scalar(_connection, sql), CultureInfo.InvariantCulture);

    public void Dispose()
    {
        _connection.Dispose();
        _aside?.Delete(); // an ingest that failed or was stopped before its new ledger was put in place
    }

    private T Guard<T>(Func<T> action)
    {
        try
        {
            return action();
        }
        catch (SqliteException ex)
        {
            throw Explain(Description, ex);
        }
    }

    internal static SqliteCommand Command(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }

    internal static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using SqliteCommand command = Command(connection, sql, transaction);
        command.ExecuteNonQuery();
    }

    private static object? Scalar(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using SqliteCommand command = Command(connection, sql, transaction);
        return command.ExecuteScalar();
    }
}

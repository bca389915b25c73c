using System.Globalization;
using ClaudeUsage.Core.Parsing;
using Microsoft.Data.Sqlite;

namespace ClaudeUsage.Core.Ledger;

/// <summary>
/// What a SQLite ledger holds, read without changing anything: only reads are run, an older schema is not migrated,
/// and no ledger, folder or machine id is made. The file is opened for writing all the same (never created), so that
/// closing it tidies its write-ahead log away as every other connection's close does. The queries use only columns
/// every schema has had.
/// </summary>
internal static class LedgerDescription
{
    /// <summary>The ledger at <paramref name="path"/> described; null when there is no file there.</summary>
    /// <exception cref="LedgerException">The file is damaged, was written by a newer schema, or cannot be read.</exception>
    public static UsageLedger? Read(string path)
    {
        string full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            return null;
        }

        SqliteNativeLibrary.EnsureInitialized();
        try
        {
            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
            {
                DataSource = full,
                Mode = SqliteOpenMode.ReadWrite,
                Pooling = false,
                DefaultTimeout = SqliteLedgerStore.BusySeconds,
            }.ToString());
            connection.Open();
            using SqliteTransaction snapshot = connection.BeginTransaction(deferred: true); // every count of one state
            int version = Convert.ToInt32(Scalar(connection, snapshot, "PRAGMA user_version;"), CultureInfo.InvariantCulture);
            if (version > LedgerSchema.CurrentVersion)
            {
                throw SqliteLedgerStore.TooNew(full, version);
            }

            Contents held = version == 0 ? Contents.None : ReadContents(connection, snapshot); // schema 0: no tables yet
            return new UsageLedger
            {
                LedgerPath = full,
                SizeBytes = Length(full) + Length(full + "-wal"),
                SchemaVersion = version,
                MachineId = MachineIdentity.Read(Path.GetDirectoryName(full)!),
                Machines = held.Machines,
                Responses = held.Responses,
                CountedResponses = held.CountedResponses,
                ResponsesOfDeletedLogs = held.ResponsesOfDeletedLogs,
                FirstResponse = held.FirstResponse,
                LastResponse = held.LastResponse,
                LogFiles = held.LogFiles,
                DeletedLogFiles = held.DeletedLogFiles,
                LastRead = held.LastRead,
            };
        }
        catch (SqliteException ex)
        {
            throw SqliteLedgerStore.Explain(full, ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new LedgerException(LedgerProblem.Unavailable, $"The usage ledger '{full}' cannot be read: {ex.Message}", ex);
        }
    }

    /// <summary>What the tables hold, as <see cref="UsageLedger"/> names it.</summary>
    private sealed record Contents(
        IReadOnlyList<string> Machines,
        long Responses,
        long CountedResponses,
        long ResponsesOfDeletedLogs,
        DateTimeOffset? FirstResponse,
        DateTimeOffset? LastResponse,
        long LogFiles,
        long DeletedLogFiles,
        DateTimeOffset? LastRead)
    {
        public static readonly Contents None = new([], 0, 0, 0, null, null, 0, 0, null);
    }

    private static Contents ReadContents(SqliteConnection connection, SqliteTransaction snapshot)
    {
        var machines = new List<string>();
        using (SqliteCommand command = SqliteLedgerStore.Command(connection, "SELECT host_name FROM machines ORDER BY first_seen_utc_ticks, machine_id;", snapshot))
        using (SqliteDataReader r = command.ExecuteReader())
        {
            while (r.Read())
            {
                machines.Add(r.GetString(0));
            }
        }

        using SqliteCommand counts = SqliteLedgerStore.Command(connection, """
            SELECT (SELECT COUNT(*) FROM responses),
                   (SELECT COUNT(*) FROM responses WHERE counted = 1),
                   (SELECT COUNT(*) FROM responses r JOIN log_files f ON f.file_id = r.file_id WHERE r.counted = 1 AND f.present = 0),
                   (SELECT MIN(at_utc_ticks) FROM responses WHERE counted = 1),
                   (SELECT MAX(at_utc_ticks) FROM responses WHERE counted = 1),
                   (SELECT COUNT(*) FROM log_files),
                   (SELECT COUNT(*) FROM log_files WHERE present = 0),
                   (SELECT MAX(last_read_utc_ticks) FROM log_files);
            """, snapshot);
        using SqliteDataReader c = counts.ExecuteReader();
        c.Read();
        return new Contents(machines, c.GetInt64(0), c.GetInt64(1), c.GetInt64(2), Utc(c, 3), Utc(c, 4), c.GetInt64(5), c.GetInt64(6), Utc(c, 7));
    }

    private static DateTimeOffset? Utc(SqliteDataReader r, int column) =>
        r.IsDBNull(column) ? null : new DateTimeOffset(r.GetInt64(column), TimeSpan.Zero);

    private static object? Scalar(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        using SqliteCommand command = SqliteLedgerStore.Command(connection, sql, transaction);
        return command.ExecuteScalar();
    }

    private static long Length(string file) => File.Exists(file) ? new FileInfo(file).Length : 0;
}

using System.Globalization;
using System.Text;
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
                DefaultTimeout = 5,
            }.ToString());
            connection.Open();
            using SqliteTransaction snapshot = connection.BeginTransaction(deferred: true); // every count of one state
            int version = Convert.ToInt32(Scalar(connection, snapshot, "PRAGMA user_version;"), CultureInfo.InvariantCulture);
            if (version > LedgerSchema.CurrentVersion)
            {
                throw SqliteLedgerStore.TooNew(full, version);
            }

            var ledger = new UsageLedger
            {
                LedgerPath = full,
                SizeBytes = Length(full) + Length(full + "-wal"),
                SchemaVersion = version,
                MachineId = ReadMachineId(Path.GetDirectoryName(full)!),
            };
            return version == 0 ? ledger : Counted(connection, snapshot, ledger);
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

    private static UsageLedger Counted(SqliteConnection connection, SqliteTransaction snapshot, UsageLedger ledger)
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
        return new UsageLedger
        {
            LedgerPath = ledger.LedgerPath,
            SizeBytes = ledger.SizeBytes,
            SchemaVersion = ledger.SchemaVersion,
            MachineId = ledger.MachineId,
            Machines = machines,
            Responses = c.GetInt64(0),
            CountedResponses = c.GetInt64(1),
            ResponsesOfDeletedLogs = c.GetInt64(2),
            FirstResponse = Utc(c, 3),
            LastResponse = Utc(c, 4),
            LogFiles = c.GetInt64(5),
            DeletedLogFiles = c.GetInt64(6),
            LastRead = Utc(c, 7),
        };
    }

    private static DateTimeOffset? Utc(SqliteDataReader r, int column) =>
        r.IsDBNull(column) ? null : new DateTimeOffset(r.GetInt64(column), TimeSpan.Zero);

    private static object? Scalar(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        using SqliteCommand command = SqliteLedgerStore.Command(connection, sql, transaction);
        return command.ExecuteScalar();
    }

    private static long Length(string file) => File.Exists(file) ? new FileInfo(file).Length : 0;

    /// <summary>The id <see cref="MachineIdentity"/> keeps beside the ledger, read only; null when there is none yet.</summary>
    private static string? ReadMachineId(string folder)
    {
        string file = Path.Combine(folder, LedgerLocation.MachineIdFileName);
        string? id = File.Exists(file) ? File.ReadAllText(file, Encoding.UTF8).Trim() : null;
        return Guid.TryParse(id, out _) ? id : null;
    }
}

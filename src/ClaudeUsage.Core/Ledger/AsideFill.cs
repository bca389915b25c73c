using Microsoft.Data.Sqlite;

namespace ClaudeUsage.Core.Ledger;

/// <summary>
/// A new ledger's first ingest, written into a file of its own beside where the ledger is to be and moved into place
/// when the ingest is done. No other process can see the file, so it is written without a journal and without the
/// time index and the stale-quarter triggers (made once at the end, from the rows): a first ingest is most of a
/// ledger's writing, and its commits and per-row index work were most of its cost. The move never replaces a file:
/// when another process made the ledger meanwhile, this file is dropped and the caller ingests into that one.
/// </summary>
internal sealed class AsideFill
{
    /// <summary>How an aside file's name ends after the ledger's name, before what makes it this process's own.</summary>
    private const string Marker = ".filling-";

    /// <summary>An aside file not written for this long was left by a process that ended without cleaning up.</summary>
    private static readonly TimeSpan Abandoned = TimeSpan.FromHours(1);

    /// <summary>The time index and the triggers of <c>responses</c>, as made by the schema, dropped while filling.</summary>
    private readonly List<(string Type, string Name, string Sql)> _deferred = [];

    private AsideFill(string ledgerPath, string path)
    {
        LedgerPath = ledgerPath;
        Path = path;
    }

    /// <summary>Where the ledger is to be.</summary>
    public string LedgerPath { get; }

    /// <summary>The file being filled.</summary>
    public string Path { get; }

    /// <summary>A write failed: without a journal the file may hold part of it, so it is never put in place.</summary>
    public bool Spoiled { get; set; }

    /// <summary>A new aside file's path for the ledger at <paramref name="ledgerPath"/>, after removing abandoned ones.</summary>
    public static AsideFill Begin(string ledgerPath)
    {
        SweepAbandoned(ledgerPath);
        return new AsideFill(ledgerPath, $"{ledgerPath}{Marker}{Environment.ProcessId}-{Guid.NewGuid():N}");
    }

    /// <summary>
    /// Makes <paramref name="connection"/> (open on <see cref="Path"/>, at the current schema) write without a journal,
    /// and drops what a filled ledger can make at the end. <c>responses_by_file</c> stays: marking a file's responses
    /// as OpenClaw's looks them up by it while filling.
    /// </summary>
    public void Prepare(SqliteConnection connection)
    {
        SqliteLedgerStore.Execute(connection, "PRAGMA journal_mode = OFF;");
        SqliteLedgerStore.Execute(connection, "PRAGMA synchronous = OFF;");
        using (SqliteCommand select = connection.CreateCommand())
        {
            select.CommandText = """
                SELECT type, name, sql FROM sqlite_master
                WHERE tbl_name = 'responses' AND type IN ('index', 'trigger') AND sql IS NOT NULL AND name <> 'responses_by_file'
                ORDER BY name;
                """;
            using SqliteDataReader r = select.ExecuteReader();
            while (r.Read())
            {
                _deferred.Add((r.GetString(0), r.GetString(1), r.GetString(2)));
            }
        }

        foreach ((string type, string name, string _) in _deferred)
        {
            SqliteLedgerStore.Execute(connection, $"DROP {(type == "index" ? "INDEX" : "TRIGGER")} {name};");
        }
    }

    /// <summary>
    /// Makes the indexes and triggers dropped by <see cref="Prepare"/> again, then takes a rollback journal again:
    /// summing every quarter (<see cref="QuarterSums.SumAll"/>), which the caller does next, rolls back to a savepoint
    /// when a sum overflows.
    /// </summary>
    public void Restore(SqliteConnection connection)
    {
        foreach ((string _, string _, string sql) in _deferred)
        {
            SqliteLedgerStore.Execute(connection, sql + ";");
        }

        _deferred.Clear();
        SqliteLedgerStore.Execute(connection, "PRAGMA journal_mode = DELETE;");
        SqliteLedgerStore.Execute(connection, "PRAGMA synchronous = NORMAL;");
    }

    /// <summary>
    /// Sets the file to WAL mode, as every ledger is, as the last change before the caller closes the connection:
    /// nothing is written after it, so the file alone is the whole ledger.
    /// </summary>
    public static void Seal(SqliteConnection connection) => SqliteLedgerStore.Execute(connection, "PRAGMA journal_mode = WAL;");

    /// <summary>
    /// Puts the closed, filled file where the ledger is to be; false, with the file deleted, when a ledger is there
    /// already (made by another process meanwhile), which is never replaced.
    /// </summary>
    public bool MoveIntoPlace()
    {
        if (new FileInfo(Path + "-wal") is { Exists: true, Length: > 0 })
        {
            throw new IOException($"'{Path}-wal' was left with changes when the new ledger was closed.");
        }

        // Written without syncing: made durable once, before it becomes the ledger.
        using (var file = new FileStream(Path, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
        {
            file.Flush(flushToDisk: true);
        }

        try
        {
            File.Move(Path, LedgerPath, overwrite: false);
            return true;
        }
        catch (IOException) when (File.Exists(LedgerPath))
        {
            Delete();
            return false;
        }
    }

    /// <summary>Removes the aside file (an ingest that failed or was stopped); nothing of it was put in place.</summary>
    public void Delete()
    {
        foreach (string path in new[] { Path, Path + "-wal", Path + "-shm", Path + "-journal" })
        {
            try
            {
                File.Delete(path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Left for the sweep of a later first ingest.
            }
        }
    }

    /// <summary>Deletes the aside files of this ledger that nobody has written for <see cref="Abandoned"/>.</summary>
    private static void SweepAbandoned(string ledgerPath)
    {
        string folder = System.IO.Path.GetDirectoryName(ledgerPath)!;
        string prefix = System.IO.Path.GetFileName(ledgerPath) + Marker;
        try
        {
            foreach (string path in Directory.EnumerateFiles(folder, prefix + "*"))
            {
                if (DateTime.UtcNow - File.GetLastWriteTimeUtc(path) > Abandoned)
                {
                    File.Delete(path);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A file another process is removing or holds: not this ingest's concern.
        }
    }
}

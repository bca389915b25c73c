using System.Text;
using ClaudeUsage.Core.Discovery;
using Microsoft.Data.Sqlite;
using ZstdSharp;

namespace ClaudeUsage.Core.Parsing;

/// <summary>
/// Reads OpenClaw's per-agent SQLite database (<c>agents/&lt;id&gt;/agent/openclaw-agent.sqlite</c>): its
/// <c>transcript_events</c> rows hold the same pi-format entries as a JSONL transcript, as <c>event_json</c> text
/// or zstd-compressed in <c>event_zstd</c>. Each session's rows go through <see cref="TranscriptLineHandler"/> in
/// <c>seq</c> order, exactly as the lines of a transcript file would.
/// </summary>
/// <remarks>
/// The database is only ever read, and nothing is created beside it:
/// <list type="bullet">
/// <item>While OpenClaw has it open (its write-ahead log, <c>-wal</c>, exists) it is opened read-only through that
/// log, so the rows it has not yet copied into the main file are seen. WAL readers never block the writer, and a busy
/// timeout waits out the moments the writer holds a lock. The <c>-wal</c> and <c>-shm</c> files are OpenClaw's own.</item>
/// <item>Otherwise every committed row is in the main file, and it is opened with SQLite's <c>immutable</c> flag: no
/// locks and no <c>-wal</c>/<c>-shm</c> files, which a read-only connection to a WAL database would otherwise create
/// and leave behind. If OpenClaw opens or changes the file meanwhile, the read is thrown away and done again through
/// the log.</item>
/// </list>
/// Connections are not pooled, so no handle stays open once the read is done.
/// </remarks>
internal static class OpenClawDatabaseReader
{
    internal const string Table = "transcript_events";

    /// <summary>How long to wait for OpenClaw's locks before giving up on the database.</summary>
    private const int BusyTimeoutMilliseconds = 10_000;

    /// <summary>A decompressed event larger than this is treated as damaged rather than allocated.</summary>
    private const int MaxEventBytes = 256 * 1024 * 1024;

    /// <summary>Reads the database's transcript events; <paramref name="keepIds"/> as for <see cref="TranscriptLineHandler"/>.</summary>
    public static FileScanResult Read(LogFile file, bool keepIds = true)
    {
        if (FileKinds.OfPath(file.Path) == FileKind.NotRegular)
        {
            // SQLite would open a FIFO and wait for a writer.
            return new FileScanResult(file) { Error = FileKinds.NotRegularError(file.Path) };
        }

        try
        {
            SqliteNativeLibrary.EnsureInitialized();
            if (!HasPendingWrites(file.Path))
            {
                // Nothing beside the file holds data (no -wal, or the empty one OpenClaw leaves after a normal exit):
                // read the file as it is, touching nothing, and trust it only if it stayed so while read.
                (FileStamp, FileStamp) before = (FileStamp.Of(file.Path), FileStamp.Of(file.Path + "-wal"));
                FileScanResult snapshot = ReadOnce(file, file.Path, immutable: true, keepIds);
                if (!HasPendingWrites(file.Path) && (FileStamp.Of(file.Path), FileStamp.Of(file.Path + "-wal")) == before)
                {
                    return snapshot;
                }
            }

            return ReadPrivateCopy(file, keepIds);
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException or TypeInitializationException
            or IOException or UnauthorizedAccessException)
        {
            return new FileScanResult(file) { Error = ex };
        }
    }

    /// <summary>True while data sits beside the database: a write-ahead log with frames in it, or a rollback journal.</summary>
    private static bool HasPendingWrites(string path) =>
        new FileInfo(path + "-wal") is { Exists: true, Length: > 0 } || File.Exists(path + "-journal");

    /// <summary>
    /// Reads a copy of the database and what sits beside it, made in a private folder: opening the user's files
    /// through their WAL would create or rewrite the -shm beside them (and fail in a folder that cannot be written),
    /// and a hot journal needs a write to be rolled back. The copy is read with its WAL or journal as SQLite reads a
    /// crashed database (frames past the last complete commit are ignored), then deleted.
    /// </summary>
    private static FileScanResult ReadPrivateCopy(LogFile file, bool keepIds)
    {
        string folder = Path.Combine(Path.GetTempPath(), "claudeusage-db-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            string copy = Path.Combine(folder, "openclaw-agent.sqlite");
            CopyShared(file.Path, copy);
            foreach (string suffix in new[] { "-wal", "-journal" })
            {
                if (File.Exists(file.Path + suffix))
                {
                    CopyShared(file.Path + suffix, copy + suffix);
                }
            }

            return ReadOnce(file, copy, immutable: false, keepIds);
        }
        finally
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // A temporary folder left behind is the system's to clean; the user's files were never touched.
            }
        }
    }

    /// <summary>Copies a file read with full sharing, so OpenClaw is never blocked and no lock is taken on it.</summary>
    private static void CopyShared(string from, string to)
    {
        using FileStream source = TranscriptFileReader.OpenShared(from);
        using FileStream target = new(to, FileMode.CreateNew, FileAccess.Write, FileShare.None);
        source.CopyTo(target, 1 << 20);
    }

    /// <param name="file">The database as found: entries name it.</param>
    /// <param name="databasePath">The file opened: the database itself, or a private copy of it.</param>
    /// <param name="immutable">Open with <c>immutable=1</c> (nothing beside the file is read or written); else read-write, for a private copy.</param>
    /// <param name="keepIds">As for <see cref="TranscriptLineHandler"/>.</param>
    private static FileScanResult ReadOnce(LogFile file, string databasePath, bool immutable, bool keepIds)
    {
        var result = new FileScanResult(file);
        try
        {
            using var connection = new SqliteConnection(ConnectionString(databasePath, immutable));
            connection.Open();
            using (SqliteCommand pragma = connection.CreateCommand())
            {
                pragma.CommandText = FormattableString.Invariant($"PRAGMA busy_timeout = {BusyTimeoutMilliseconds};");
                pragma.ExecuteNonQuery();
            }

            Columns columns = ReadColumns(connection);
            ReadEvents(connection, columns, file, result, keepIds);
            result.BytesRead = new FileInfo(file.Path).Length;
        }
        catch (SqliteException ex)
        {
            result.Error = new InvalidDataException($"It is not a readable SQLite database: {ex.Message}", ex);
        }
        catch (InvalidDataException ex)
        {
            result.Error = ex;
        }

        return result;
    }

    internal static string ConnectionString(string path, bool immutable) => new SqliteConnectionStringBuilder
    {
        DataSource = immutable ? ImmutableUri(path) : path,
        // Immutable: the user's file, nothing written. Otherwise a private copy, which a hot journal must roll back.
        Mode = immutable ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWrite,
        Pooling = false,
        DefaultTimeout = BusyTimeoutMilliseconds / 1000,
    }.ToString();

    /// <summary>
    /// A SQLite URI for the file with <c>immutable=1</c>. The path is escaped as SQLite's URI rules ask
    /// (<c>%</c>, <c>?</c> and <c>#</c>), with forward slashes and a leading slash before a Windows drive letter.
    /// </summary>
    internal static string ImmutableUri(string path)
    {
        var uri = new StringBuilder("file:");
        string full = Path.GetFullPath(path).Replace('\\', '/');
        if (!full.StartsWith('/'))
        {
            uri.Append("///"); // C:/… → file:///C:/…
        }
        else if (full.StartsWith("//", StringComparison.Ordinal))
        {
            uri.Append("//"); // a UNC path keeps its server as the authority: file:////server/share/…
        }

        foreach (char c in full)
        {
            uri.Append(c switch
            {
                '%' => "%25",
                '?' => "%3f",
                '#' => "%23",
                _ => c.ToString(),
            });
        }

        return uri.Append("?immutable=1").ToString();
    }

    /// <summary>Which of the columns the reader uses this database's schema has (event_zstd arrived with agent schema 23).</summary>
    private readonly record struct Columns(bool EventJson, bool EventZstd);

    private static Columns ReadColumns(SqliteConnection connection)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        using (SqliteCommand info = connection.CreateCommand())
        {
            info.CommandText = $"PRAGMA table_info({Table});";
            using SqliteDataReader reader = info.ExecuteReader();
            while (reader.Read())
            {
                names.Add(reader.GetString(1));
            }
        }

        if (names.Count == 0)
        {
            throw new InvalidDataException($"It has no {Table} table, so it is not an OpenClaw agent database.");
        }

        var columns = new Columns(names.Contains("event_json"), names.Contains("event_zstd"));
        if (!names.Contains("session_id") || !names.Contains("seq") || !(columns.EventJson || columns.EventZstd))
        {
            throw new InvalidDataException($"Its {Table} table lacks the session_id, seq and event_json or event_zstd columns.");
        }

        return columns;
    }

    private static void ReadEvents(SqliteConnection connection, Columns columns, LogFile file, FileScanResult result, bool keepIds)
    {
        using SqliteCommand query = connection.CreateCommand();
        query.CommandText = $"SELECT session_id, seq, {(columns.EventJson ? "event_json" : "NULL")}, {(columns.EventZstd ? "event_zstd" : "NULL")} FROM {Table} ORDER BY session_id, seq;";
        using SqliteDataReader reader = query.ExecuteReader();
        using var decompressor = new Decompressor();

        string? session = null;
        TranscriptLineHandler? handler = null;
        while (reader.Read())
        {
            string sessionId = reader.IsDBNull(0) ? string.Empty : reader.GetString(0);
            long seq = reader.IsDBNull(1) ? 0 : reader.GetInt64(1);
            bool isFirst = handler is null || !string.Equals(sessionId, session, StringComparison.Ordinal);
            if (isFirst)
            {
                // Each session is a transcript of its own: its own header, model changes and fork marker.
                session = sessionId;
                result.State = new TranscriptState();
                handler = new TranscriptLineHandler(
                    file with { Source = UsageSource.OpenClaw, SessionIdFromPath = sessionId.Length > 0 ? sessionId : null },
                    result,
                    keepIds);
            }

            if (TryReadEvent(reader, decompressor, sessionId, seq, result, out ReadOnlySpan<byte> json))
            {
                handler!.OnEntry(json, seq, isFirst);
            }
        }
    }

    /// <summary>The row's entry as UTF-8 JSON: the text as stored, or the compressed bytes expanded.</summary>
    private static bool TryReadEvent(SqliteDataReader reader, Decompressor decompressor, string sessionId, long seq, FileScanResult result, out ReadOnlySpan<byte> json)
    {
        json = default;
        if (!reader.IsDBNull(2))
        {
            json = reader.GetFieldValue<byte[]>(2); // a TEXT value's UTF-8 bytes, as SQLite stores them
            return true;
        }

        if (reader.IsDBNull(3))
        {
            result.NoteMalformed(seq, $"session {sessionId}, seq {seq}: the row has neither event_json nor event_zstd");
            return false;
        }

        try
        {
            json = decompressor.Unwrap(reader.GetFieldValue<byte[]>(3), MaxEventBytes);
            return true;
        }
        catch (Exception ex) when (ex is ZstdException or ArgumentException)
        {
            result.NoteMalformed(seq, $"session {sessionId}, seq {seq}: event_zstd is not valid zstd data ({ex.Message})");
            return false;
        }
    }

    /// <summary>What tells that a writer touched the main file: its length and last write time.</summary>
    private readonly record struct FileStamp(long Length, DateTime LastWriteUtc)
    {
        /// <summary>The file's size and time; (-1, default) when it does not exist.</summary>
        public static FileStamp Of(string path)
        {
            var info = new FileInfo(path);
            return info.Exists ? new FileStamp(info.Length, info.LastWriteTimeUtc) : new FileStamp(-1, default);
        }
    }
}

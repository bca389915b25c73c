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
        try
        {
            SqliteNativeLibrary.EnsureInitialized();
            if (!HasWriterFiles(file.Path))
            {
                FileStamp before = FileStamp.Of(file.Path);
                FileScanResult snapshot = ReadOnce(file, immutable: true, keepIds);
                if (!HasWriterFiles(file.Path) && FileStamp.Of(file.Path) == before)
                {
                    return snapshot;
                }
            }

            return ReadOnce(file, immutable: false, keepIds);
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException or TypeInitializationException
            or IOException or UnauthorizedAccessException)
        {
            return new FileScanResult(file) { Error = ex };
        }
    }

    /// <summary>True while a writer has the database open (WAL mode) or is inside a transaction (rollback mode).</summary>
    private static bool HasWriterFiles(string path) => File.Exists(path + "-wal") || File.Exists(path + "-journal");

    private static FileScanResult ReadOnce(LogFile file, bool immutable, bool keepIds)
    {
        var result = new FileScanResult(file);
        try
        {
            using var connection = new SqliteConnection(ConnectionString(file.Path, immutable));
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
        Mode = SqliteOpenMode.ReadOnly,
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
        public static FileStamp Of(string path)
        {
            var info = new FileInfo(path);
            return new FileStamp(info.Length, info.LastWriteTimeUtc);
        }
    }
}

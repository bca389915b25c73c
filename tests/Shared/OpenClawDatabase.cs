using System.Text;
using Microsoft.Data.Sqlite;
using ZstdSharp;

namespace ClaudeUsage.Tests;

/// <summary>
/// Builds an OpenClaw agent database the way OpenClaw lays it out (agent schema 23 and later): a WAL-mode SQLite file
/// whose <c>transcript_events</c> rows hold pi-format entries as <c>event_json</c> text, or zstd-compressed in
/// <c>event_zstd</c> with <c>event_json</c> NULL. Dispose closes it, which folds the write-ahead log back into the file.
/// </summary>
public sealed class OpenClawDatabase : IDisposable
{
    /// <summary>The table as OpenClaw's agent schema declares it.</summary>
    public const string CurrentSchema = """
        CREATE TABLE transcript_events (
            session_id TEXT NOT NULL,
            seq INTEGER NOT NULL,
            event_json TEXT,
            created_at INTEGER NOT NULL,
            event_zstd BLOB,
            event_utf8_bytes INTEGER,
            navigation_json TEXT,
            PRIMARY KEY (session_id, seq)
        );
        """;

    /// <summary>The table before agent schema 23, when rows were never compressed.</summary>
    public const string SchemaBeforeCompression = """
        CREATE TABLE transcript_events (
            session_id TEXT NOT NULL,
            seq INTEGER NOT NULL,
            event_json TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            PRIMARY KEY (session_id, seq)
        );
        """;

    private readonly SqliteConnection _connection;
    private readonly Compressor _compressor = new(level: 3);
    private readonly bool _hasZstdColumn;

    public OpenClawDatabase(string path, string schema = CurrentSchema)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        Path = path;
        _hasZstdColumn = schema.Contains("event_zstd", StringComparison.Ordinal);
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        _connection.Open();
        Execute("PRAGMA journal_mode = WAL;");
        Execute(schema);
    }

    public string Path { get; }

    /// <summary>Adds one entry as plain text.</summary>
    public OpenClawDatabase Plain(string sessionId, long seq, string eventJson)
    {
        using SqliteCommand insert = _connection.CreateCommand();
        insert.CommandText = "INSERT INTO transcript_events (session_id, seq, event_json, created_at) VALUES ($s, $q, $j, $t);";
        insert.Parameters.AddWithValue("$s", sessionId);
        insert.Parameters.AddWithValue("$q", seq);
        insert.Parameters.AddWithValue("$j", eventJson);
        insert.Parameters.AddWithValue("$t", 1_795_168_800_000L + seq);
        insert.ExecuteNonQuery();
        return this;
    }

    /// <summary>Adds one entry zstd-compressed, with event_json NULL, as OpenClaw stores rows from schema 23 on.</summary>
    public OpenClawDatabase Compressed(string sessionId, long seq, string eventJson)
    {
        if (!_hasZstdColumn)
        {
            throw new InvalidOperationException("This schema has no event_zstd column.");
        }

        byte[] utf8 = Encoding.UTF8.GetBytes(eventJson);
        return CompressedBytes(sessionId, seq, _compressor.Wrap(utf8).ToArray(), utf8.Length);
    }

    /// <summary>Adds a row whose event_zstd holds the given bytes as they are (e.g. damaged data).</summary>
    public OpenClawDatabase CompressedBytes(string sessionId, long seq, byte[] zstd, long utf8Length)
    {
        using SqliteCommand insert = _connection.CreateCommand();
        insert.CommandText = "INSERT INTO transcript_events (session_id, seq, event_json, created_at, event_zstd, event_utf8_bytes) VALUES ($s, $q, NULL, $t, $z, $n);";
        insert.Parameters.AddWithValue("$s", sessionId);
        insert.Parameters.AddWithValue("$q", seq);
        insert.Parameters.AddWithValue("$t", 1_795_168_800_000L + seq);
        insert.Parameters.AddWithValue("$z", zstd);
        insert.Parameters.AddWithValue("$n", utf8Length);
        insert.ExecuteNonQuery();
        return this;
    }

    public void Execute(string sql)
    {
        using SqliteCommand command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        _connection.Dispose();
        _compressor.Dispose();
    }
}

using ClaudeUsage.Core;
using ClaudeUsage.Core.Discovery;
using ClaudeUsage.Core.Parsing;
using ClaudeUsage.Core.Scanning;
using Microsoft.Data.Sqlite;
using static ClaudeUsage.Tests.MixedLogs;
using static ClaudeUsage.Tests.Transcript;

namespace ClaudeUsage.Tests;

/// <summary>OpenClaw's per-agent SQLite database: plain and compressed rows, sessions, damage, and reading it beside a live OpenClaw.</summary>
public class OpenClawDatabaseTests
{
    private const string DatabaseUnderAgent = ".openclaw/agents/ops/agent/openclaw-agent.sqlite";

    private static string Db(TempFolder dir) => Path.Combine(dir.Path, DatabaseUnderAgent);

    [Fact]
    public void Plain_and_compressed_rows_are_read_per_session_in_seq_order()
    {
        using var dir = new TempFolder();
        using (var db = new OpenClawDatabase(Db(dir)))
        {
            // Inserted out of order: the reader orders by session, then seq, so each model_change applies to the rows after it.
            db.Compressed("s-1", 3, PiAssistant("2026-11-21T07:00:10.000Z", Ms("2026-11-21T07:00:09.000Z"), model: null, input: 300, output: 700, costTotal: 0.0114m, responseId: "msg_1"))
                .Plain("s-1", 1, PiSession("s-1", "2026-11-21T07:00:00.000Z", cwd: "/home/user/ops"))
                .Plain("s-1", 2, PiModelChange("2026-11-21T07:00:00.100Z", "anthropic", "claude-sonnet-4-5"))
                .Compressed("s-1", 5, PiAssistant("2026-11-21T07:05:00.000Z", Ms("2026-11-21T07:04:59.000Z"), model: null, input: 8, output: 2, entryId: "00000005"))
                .Plain("s-1", 4, PiModelChange("2026-11-21T07:04:00.000Z", "anthropic", "claude-opus-4-5"))
                // Another session: the first session's model must not carry over into it.
                .Plain("s-2", 1, PiAssistant("2026-11-21T08:00:05.000Z", Ms("2026-11-21T08:00:04.000Z"), model: null, input: 1, output: 1, responseId: "msg_2"));
        }

        FileScanResult result = OpenClawDatabaseReader.Read(Describe(Db(dir)));

        Assert.Null(result.Error);
        Assert.Equal(0, result.MalformedLines);
        Assert.Collection(
            result.Entries.OrderBy(e => e.SessionId).ThenBy(e => e.LineNumber),
            e =>
            {
                Assert.Equal(("s-1", 3L, "claude-sonnet-4-5"), (e.SessionId, e.LineNumber, e.Model));
                Assert.Equal(new TokenCounts(300, 700, 0, 0, 0, 0), e.Tokens);
                Assert.Equal(0.0114m, e.RecordedCost);
                Assert.Equal("/home/user/ops", e.ProjectPath);
            },
            e => Assert.Equal(("s-1", 5L, "claude-opus-4-5", 10L), (e.SessionId, e.LineNumber, e.Model, e.Tokens.Total)),
            e => Assert.Equal(("s-2", 1L, (string?)null), (e.SessionId, e.LineNumber, e.Model)));
        Assert.All(result.Entries, e =>
        {
            Assert.Equal(UsageSource.OpenClaw, e.Source);
            Assert.Equal("ops", e.AgentId);
            Assert.Equal(Db(dir), e.FilePath);
        });
    }

    [Fact]
    public void A_database_from_before_compression_without_an_event_zstd_column_is_read()
    {
        using var dir = new TempFolder();
        using (var db = new OpenClawDatabase(Db(dir), OpenClawDatabase.SchemaBeforeCompression))
        {
            db.Plain("s", 1, PiAssistant("2026-11-21T07:00:10.000Z", Ms("2026-11-21T07:00:09.000Z"), input: 3, output: 4, responseId: "msg_1"));
        }

        FileScanResult result = OpenClawDatabaseReader.Read(Describe(Db(dir)));

        Assert.Null(result.Error);
        Assert.Equal(7, Assert.Single(result.Entries).Tokens.Total);
    }

    [Fact]
    public void Entries_in_both_the_legacy_jsonl_and_the_database_count_once()
    {
        using var dir = new TempFolder();
        string header = PiSession("s-1", "2026-11-21T07:00:00.000Z");
        string one = PiAssistant("2026-11-21T07:00:10.000Z", Ms("2026-11-21T07:00:09.000Z"), input: 300, output: 700, responseId: "msg_1");
        string two = PiAssistant("2026-11-21T07:01:10.000Z", Ms("2026-11-21T07:01:09.000Z"), input: 5, output: 6, entryId: "00000002");
        dir.Write(".openclaw/agents/ops/sessions/s-1.jsonl", header, one, two);
        using (var db = new OpenClawDatabase(Db(dir)))
        {
            // The migration copied both entries; the database then went on with a third.
            db.Plain("s-1", 1, header).Compressed("s-1", 2, one).Plain("s-1", 3, two)
                .Compressed("s-1", 4, PiAssistant("2026-11-21T07:02:10.000Z", Ms("2026-11-21T07:02:09.000Z"), input: 40, output: 50, responseId: "msg_3"));
        }

        ScanResult scan = CollectingObserver.Scan(dir.Path);

        // 300 + 700 + 5 + 6 + 40 + 50 = 1,101 tokens in 3 responses, not 2,112 in 5.
        Assert.Equal(2, scan.FileCount);
        Assert.Equal(3, scan.Responses.Count);
        Assert.Equal(1_101, scan.Responses.Sum(e => e.Tokens.Total));
        Assert.All(scan.Responses, e => Assert.Equal("s-1", e.SessionId));
    }

    [Fact]
    public void Reading_creates_no_file_beside_a_closed_database()
    {
        using var dir = new TempFolder();
        using (var db = new OpenClawDatabase(Db(dir)))
        {
            db.Plain("s", 1, PiAssistant("2026-11-21T07:00:10.000Z", Ms("2026-11-21T07:00:09.000Z"), input: 1, output: 1, responseId: "msg_1"));
        }

        string folder = Path.GetDirectoryName(Db(dir))!;
        string[] before = Directory.GetFiles(folder);
        DateTime written = File.GetLastWriteTimeUtc(Db(dir));

        FileScanResult result = OpenClawDatabaseReader.Read(Describe(Db(dir)));

        Assert.Single(result.Entries);
        // A plain read-only connection to a WAL database would leave -wal and -shm files behind.
        Assert.Equal(["openclaw-agent.sqlite"], before.Select(Path.GetFileName));
        Assert.Equal(before, Directory.GetFiles(folder));
        Assert.Equal(written, File.GetLastWriteTimeUtc(Db(dir)));
    }

    [Fact]
    public void Rows_a_running_openclaw_has_not_yet_checkpointed_are_read_and_the_writer_is_not_blocked()
    {
        using var dir = new TempFolder();
        using var db = new OpenClawDatabase(Db(dir));
        // Kept open, as a running OpenClaw keeps it: these rows sit in the write-ahead log, not the main file.
        db.Execute("PRAGMA wal_autocheckpoint = 0;");
        db.Plain("s", 1, PiAssistant("2026-11-21T07:00:10.000Z", Ms("2026-11-21T07:00:09.000Z"), input: 1, output: 2, responseId: "msg_1"))
            .Compressed("s", 2, PiAssistant("2026-11-21T07:00:20.000Z", Ms("2026-11-21T07:00:19.000Z"), input: 3, output: 4, responseId: "msg_2"));
        Assert.True(File.Exists(Db(dir) + "-wal"));

        FileScanResult first = OpenClawDatabaseReader.Read(Describe(Db(dir)));
        db.Plain("s", 3, PiAssistant("2026-11-21T07:00:30.000Z", Ms("2026-11-21T07:00:29.000Z"), input: 5, output: 6, responseId: "msg_3"));
        FileScanResult second = OpenClawDatabaseReader.Read(Describe(Db(dir)));

        Assert.Null(first.Error);
        Assert.Equal(1 + 2 + 3 + 4, first.Entries.Sum(e => e.Tokens.Total));
        Assert.Equal(1 + 2 + 3 + 4 + 5 + 6, second.Entries.Sum(e => e.Tokens.Total));
    }

    /// <summary>Each file beside a database, with its bytes and time: what a read must leave exactly as it was.</summary>
    private static List<string> Snapshot(string folder) => Directory.GetFiles(folder).Order(StringComparer.Ordinal)
        .Select(f => $"{Path.GetFileName(f)} {Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f)))} {File.GetLastWriteTimeUtc(f).Ticks}")
        .ToList();

    [Fact]
    public void The_empty_wal_and_the_shm_openclaw_leaves_after_it_exits_are_not_touched()
    {
        using var dir = new TempFolder();
        using (var db = new OpenClawDatabase(Db(dir)))
        {
            db.Plain("s", 1, PiAssistant("2026-11-21T07:00:10.000Z", Ms("2026-11-21T07:00:09.000Z"), input: 1, output: 2, responseId: "msg_1"));
        }

        // OpenClaw 2026.9.6 leaves a 0-byte -wal and a 32 KiB -shm beside its database after every normal exit.
        File.WriteAllBytes(Db(dir) + "-wal", []);
        File.WriteAllBytes(Db(dir) + "-shm", new byte[32 * 1024]);
        var old = new DateTime(2026, 11, 21, 8, 0, 0, DateTimeKind.Utc);
        foreach (string f in Directory.GetFiles(Path.GetDirectoryName(Db(dir))!))
        {
            File.SetLastWriteTimeUtc(f, old);
        }

        List<string> before = Snapshot(Path.GetDirectoryName(Db(dir))!);

        FileScanResult result = OpenClawDatabaseReader.Read(Describe(Db(dir)));

        Assert.Null(result.Error);
        Assert.Equal(3, Assert.Single(result.Entries).Tokens.Total);
        Assert.Equal(before, Snapshot(Path.GetDirectoryName(Db(dir))!));
    }

    [Fact]
    public void A_wal_with_rows_and_no_shm_is_read_without_creating_anything_beside_it()
    {
        using var dir = new TempFolder();
        using var copies = new TempFolder();
        string copy = Path.Combine(copies.Path, "agents", "ops", "agent", "openclaw-agent.sqlite");
        Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
        using (var db = new OpenClawDatabase(Db(dir)))
        {
            // A database and the WAL of a writer that stopped without a checkpoint (copied while it was running): no -shm.
            db.Execute("PRAGMA wal_autocheckpoint = 0;");
            db.Plain("s", 1, PiAssistant("2026-11-21T07:00:10.000Z", Ms("2026-11-21T07:00:09.000Z"), input: 1, output: 2, responseId: "msg_1"))
                .Plain("s", 2, PiAssistant("2026-11-21T07:00:20.000Z", Ms("2026-11-21T07:00:19.000Z"), input: 3, output: 4, responseId: "msg_2"));
            File.Copy(Db(dir), copy);
            File.Copy(Db(dir) + "-wal", copy + "-wal");
        }

        List<string> before = Snapshot(Path.GetDirectoryName(copy)!);

        FileScanResult result = OpenClawDatabaseReader.Read(Describe(copy));

        Assert.Null(result.Error);
        Assert.Equal(1 + 2 + 3 + 4, result.Entries.Sum(e => e.Tokens.Total)); // the rows in the WAL count
        Assert.Equal(before, Snapshot(Path.GetDirectoryName(copy)!)); // no -shm, nothing rewritten
    }

    [Fact]
    public void A_database_with_a_hot_journal_is_read_without_writing_to_it()
    {
        using var dir = new TempFolder();
        string path = Path.Combine(dir.Path, "agents", "ops", "agent", "openclaw-agent.sqlite");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using (var db = new OpenClawDatabase(path))
        {
            db.Execute("PRAGMA journal_mode = DELETE;");
            db.Plain("s", 1, PiAssistant("2026-11-21T07:00:10.000Z", Ms("2026-11-21T07:00:09.000Z"), input: 1, output: 2, responseId: "msg_1"));
        }

        // A writer that died inside a transaction leaves a rollback journal: a read-only open would need to write.
        using (var writer = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            writer.Open();
            using SqliteCommand begin = writer.CreateCommand();
            begin.CommandText = "PRAGMA cache_size = 1; BEGIN IMMEDIATE; INSERT INTO transcript_events (session_id, seq, event_json, created_at) SELECT 'x', 1000 + value, hex(randomblob(2000)), 0 FROM generate_series(1, 50);";
            try
            {
                begin.ExecuteNonQuery();
            }
            catch (SqliteException)
            {
                // generate_series may be missing from this SQLite: a plain insert makes the journal as well.
                begin.CommandText = "INSERT INTO transcript_events (session_id, seq, event_json, created_at) VALUES ('x', 1000, hex(randomblob(200000)), 0);";
                begin.ExecuteNonQuery();
            }

            Assert.True(File.Exists(path + "-journal"));
            File.Copy(path, path + ".crashed");
            File.Copy(path + "-journal", path + ".crashed-journal");
        }

        File.Delete(path);
        File.Move(path + ".crashed", path);
        File.Move(path + ".crashed-journal", path + "-journal");
        List<string> before = Snapshot(Path.GetDirectoryName(path)!);

        FileScanResult result = OpenClawDatabaseReader.Read(Describe(path));

        Assert.Null(result.Error); // not "attempt to write a readonly database"
        Assert.Equal(3, Assert.Single(result.Entries).Tokens.Total); // the unfinished transaction rolled back, in the copy
        Assert.Equal(before, Snapshot(Path.GetDirectoryName(path)!));
    }

    [Fact]
    public void A_row_with_damaged_compressed_data_is_reported_and_the_other_rows_are_counted()
    {
        using var dir = new TempFolder();
        using (var db = new OpenClawDatabase(Db(dir)))
        {
            db.Plain("s", 1, PiAssistant("2026-11-21T07:00:10.000Z", Ms("2026-11-21T07:00:09.000Z"), input: 1, output: 2, responseId: "msg_1"))
                .CompressedBytes("s", 2, [0x28, 0xB5, 0x2F, 0xFD, 0x00, 0x01, 0x02], 100)
                .Compressed("s", 3, PiAssistant("2026-11-21T07:00:30.000Z", Ms("2026-11-21T07:00:29.000Z"), input: 3, output: 4, responseId: "msg_3"));
        }

        FileScanResult result = OpenClawDatabaseReader.Read(Describe(Db(dir)));

        Assert.Null(result.Error);
        Assert.Equal(10, result.Entries.Sum(e => e.Tokens.Total));
        Assert.Equal(1, result.MalformedLines);
        Assert.Equal(2, result.FirstMalformedLine);
        Assert.Contains("event_zstd", result.FirstMalformedReason);
    }

    [Fact]
    public void A_database_without_the_transcript_table_is_an_error_naming_it_and_other_files_still_count()
    {
        using var dir = new TempFolder();
        new OpenClawDatabase(Db(dir), "CREATE TABLE sessions (id TEXT);").Dispose();

        dir.Write(".openclaw/agents/ops/sessions/s.jsonl", PiAssistant("2026-11-21T07:00:10.000Z", Ms("2026-11-21T07:00:09.000Z"), input: 1, output: 2));
        var observer = new CollectingObserver();

        ScanResult scan = CollectingObserver.Scan(dir.Path, observer);

        Assert.Equal(3, Assert.Single(scan.Responses).Tokens.Total);
        Assert.Equal(1, scan.UnreadableFiles);
        (string path, Exception error) = Assert.Single(observer.Unreadable);
        Assert.Equal(Db(dir), path);
        Assert.Contains("transcript_events", error.Message);
    }

    [Fact]
    public void A_corrupt_database_is_an_error_not_a_crash()
    {
        using var dir = new TempFolder();
        // A SQLite header followed by garbage: recognised as a database, unreadable as one.
        byte[] garbage = new byte[8192];
        new Random(7).NextBytes(garbage);
        "SQLite format 3\0"u8.CopyTo(garbage);
        Directory.CreateDirectory(Path.GetDirectoryName(Db(dir))!);
        File.WriteAllBytes(Db(dir), garbage);

        FileScanResult result = OpenClawDatabaseReader.Read(Describe(Db(dir)));

        Assert.IsType<InvalidDataException>(result.Error);
        Assert.IsType<SqliteException>(result.Error!.InnerException);
        Assert.Empty(result.Entries);
    }

    [Fact]
    public void A_database_given_by_path_under_any_name_is_recognised_by_its_header()
    {
        using var dir = new TempFolder();
        string copy = Path.Combine(dir.Path, "backup", "agent-copy.db");
        using (var db = new OpenClawDatabase(copy))
        {
            db.Compressed("s", 1, PiAssistant("2026-11-21T07:00:10.000Z", Ms("2026-11-21T07:00:09.000Z"), input: 2, output: 3, responseId: "msg_1"));
        }

        // Even named like a transcript, it is read as the database it is.
        string misnamed = Path.Combine(dir.Path, "backup", "transcript.jsonl");
        File.Copy(copy, misnamed);

        UsageEntry byPath = Assert.Single(CollectingObserver.Scan(copy).Responses);
        UsageEntry byContent = Assert.Single(CollectingObserver.Scan(misnamed).Responses);
        Assert.Equal((UsageSource.OpenClaw, "s", 5L), (byPath.Source, byPath.SessionId, byPath.Tokens.Total));
        Assert.Equal(misnamed, byContent.FilePath);
    }

    [Fact]
    public void A_database_under_a_path_with_uri_reserved_characters_is_read_without_leaving_files()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // '?' cannot be part of a Windows file name
        }

        using var dir = new TempFolder();
        string folder = Path.Combine(dir.Path, "odd 100%?#name");
        string path = Path.Combine(folder, "openclaw-agent.sqlite");
        using (var db = new OpenClawDatabase(path))
        {
            db.Compressed("s", 1, PiAssistant("2026-11-21T07:00:10.000Z", Ms("2026-11-21T07:00:09.000Z"), input: 2, output: 3, responseId: "msg_1"));
        }

        FileScanResult result = OpenClawDatabaseReader.Read(Describe(path));

        Assert.Null(result.Error);
        Assert.Equal(5, Assert.Single(result.Entries).Tokens.Total);
        Assert.Equal([path], Directory.GetFiles(folder));
    }

    [Theory]
    [InlineData("/home/user/.openclaw/agents/main/agent/openclaw-agent.sqlite", "file:/home/user/.openclaw/agents/main/agent/openclaw-agent.sqlite?immutable=1")]
    [InlineData("/tmp/odd 100%?#/a.sqlite", "file:/tmp/odd 100%25%3f%23/a.sqlite?immutable=1")]
    public void The_immutable_uri_escapes_what_sqlite_uris_reserve(string path, string uri)
    {
        if (OperatingSystem.IsWindows())
        {
            return; // the paths above are Unix paths
        }

        Assert.Equal(uri, OpenClawDatabaseReader.ImmutableUri(path));
    }

    [Fact]
    public void The_native_library_candidates_start_with_the_module_folder_for_this_platform()
    {
        string folder = Path.GetDirectoryName(typeof(SqliteNativeLibrary).Assembly.Location)!;
        string first = SqliteNativeLibrary.CandidatePaths(typeof(SQLitePCL.raw).Assembly).First();

        Assert.Equal(Path.Combine(folder, "runtimes", System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier, "native", SqliteNativeLibrary.FileName), first);
        // The portable identifier is always among them, whatever the runtime reports.
        string arch = System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant();
        Assert.Contains(SqliteNativeLibrary.CandidateRuntimeIdentifiers(), rid => rid.EndsWith("-" + arch, StringComparison.Ordinal));
    }

    private static LogFile Describe(string path)
    {
        var info = new FileInfo(path);
        return LogFileDiscovery.Describe(path, info.Length, info.LastWriteTimeUtc, rootSource: null, explicitFile: false);
    }
}

using System.Text;
using System.Text.RegularExpressions;
using ClaudeUsage.Core;
using ClaudeUsage.Core.Caching;
using ClaudeUsage.Core.Discovery;
using ClaudeUsage.Core.Scanning;
using static ClaudeUsage.Tests.Transcript;

namespace ClaudeUsage.Tests;

public class UsageCacheTests
{
    private const string T0 = "2026-11-20T09:15:06.512Z";
    private const string Session = "projects/-home-user-work-demo/s1.jsonl";

    private static (ScanResult Scan, CollectingObserver Observer) Scan(string logs, string cache)
    {
        var observer = new CollectingObserver();
        ScanResult scan = CollectingObserver.ScanAndFinish(new ScanRequest { Paths = [logs], Cache = new ScanCache(cache) }, observer);
        return (scan, observer);
    }

    /// <summary>The verbose line that says how each file was read, without the time it took.</summary>
    private static string CacheSummary(CollectingObserver observer) =>
        Regex.Replace(Assert.Single(observer.VerboseMessages, m => m.StartsWith("Usage cache:", StringComparison.Ordinal)), @" \([0-9,]+ ms\)\.$", ".");

    [Fact]
    public void A_cache_file_larger_than_any_cache_is_ignored_and_rebuilt_without_reading_it()
    {
        using var logs = new TempFolder();
        using var cache = new TempFolder();
        logs.Write(Session, Transcript.ClaudeAssistant("2026-11-20T10:00:00.000Z", "msg_1", "req_1", input: 10, output: 5));
        Assert.Equal(15, Scan(logs.Path, cache.Path).Scan.Responses.Sum(e => e.Tokens.Total));
        string file = Assert.Single(Directory.GetFiles(cache.Path, "usage-*.bin"));
        using (var stream = new FileStream(file, FileMode.Open, FileAccess.Write))
        {
            stream.SetLength(ScanCache.MaxBytes + 1); // sparse: no gigabyte is written
        }

        (ScanResult scan, CollectingObserver observer) = Scan(logs.Path, cache.Path);

        Assert.Equal(15, scan.Responses.Sum(e => e.Tokens.Total));
        Assert.Contains(observer.VerboseMessages, m => m.Contains("more than a cache can be", StringComparison.Ordinal));
        Assert.True(new FileInfo(file).Length < 1_000_000); // rebuilt
    }

    [Fact]
    public void A_file_replaced_by_one_of_the_same_size_with_its_old_modification_time_is_read_again()
    {
        using var logs = new TempFolder();
        using var cache = new TempFolder();
        var old = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        string file = logs.Write("projects/-home-user-work-demo/s.jsonl", Transcript.ClaudeAssistant("2026-11-20T10:00:00.000Z", "msg_1", "req_1", input: 10, output: 5));
        File.SetLastWriteTimeUtc(file, old);
        Assert.Equal(15, Scan(logs.Path, cache.Path).Scan.Responses.Sum(e => e.Tokens.Total));

        // A restored copy (cp -p, rsync -a): other content in exactly as many bytes, the old time put back.
        long length = new FileInfo(file).Length;
        File.WriteAllText(file, Transcript.ClaudeAssistant("2026-11-20T10:00:00.000Z", "msg_2", "req_2", input: 10, output: 7) + "\n");
        File.SetLastWriteTimeUtc(file, old);
        Assert.Equal(length, new FileInfo(file).Length);

        // 10 in + 7 out: the new content, not the cached one.
        Assert.Equal("msg_2", Assert.Single(Scan(logs.Path, cache.Path).Scan.Responses).ResponseId);
    }

    [Fact]
    public void A_response_split_between_the_cached_part_and_an_appended_part_counts_once_with_its_largest_copy()
    {
        using var logs = new TempFolder();
        using var cache = new TempFolder();
        string path = logs.Write(Session, ClaudeAssistant(T0, "msg_A", "req_A", input: 1_000, output: 40, cacheRead: 10_000));
        Scan(logs.Path, cache.Path);

        // The same response's last content block, with the final output count, arrives after the first run.
        File.AppendAllText(path, ClaudeAssistant(T0, "msg_A", "req_A", input: 1_000, output: 400, cacheRead: 10_000) + "\n");
        (ScanResult scan, CollectingObserver observer) = Scan(logs.Path, cache.Path);

        UsageEntry only = Assert.Single(scan.Responses);
        // 1,000 in + 400 out + 10,000 read: the later, larger copy; the cached one is not counted again.
        Assert.Equal(new TokenCounts(1_000, 400, 0, 0, 10_000, 0), only.Tokens);
        Assert.Equal(2, only.LineNumber);
        Assert.Equal("Usage cache: 0 file(s) unchanged, 1 read from where they stopped, 0 read whole.", CacheSummary(observer));
    }

    [Fact]
    public void An_unchanged_file_is_not_read_again()
    {
        using var logs = new TempFolder();
        using var cache = new TempFolder();
        string path = logs.Write(Session, ClaudeAssistant(T0, "msg_A", "req_A", input: 7, output: 70));
        File.SetLastWriteTimeUtc(path, new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc)); // long settled
        Scan(logs.Path, cache.Path);

        (ScanResult scan, CollectingObserver observer) = Scan(logs.Path, cache.Path);

        Assert.Equal(77, Assert.Single(scan.Responses).Tokens.Total); // 7 in + 70 out
        Assert.Equal("Usage cache: 1 file(s) unchanged, 0 read from where they stopped, 0 read whole.", CacheSummary(observer));
        Assert.DoesNotContain(observer.VerboseMessages, m => m.StartsWith("Wrote the usage cache", StringComparison.Ordinal));
    }

    [Fact]
    public void A_truncated_or_replaced_file_is_read_whole_and_a_deleted_one_drops_out()
    {
        using var logs = new TempFolder();
        using var cache = new TempFolder();
        string s1 = logs.Write(Session,
            ClaudeAssistant(T0, "msg_A", "req_A", input: 1, output: 10),
            ClaudeAssistant(T0, "msg_B", "req_B", input: 2, output: 20));
        string s2 = logs.Write("projects/-home-user-work-demo/s2.jsonl", ClaudeAssistant(T0, "msg_C", "req_C", input: 3, output: 30));
        Scan(logs.Path, cache.Path);

        // s1 is rewritten shorter with other content; s2 is deleted.
        File.WriteAllText(s1, ClaudeAssistant(T0, "msg_D", "req_D", input: 4, output: 40) + "\n");
        File.Delete(s2);
        (ScanResult scan, CollectingObserver observer) = Scan(logs.Path, cache.Path);

        Assert.Equal("msg_D", Assert.Single(scan.Responses).ResponseId);
        Assert.Equal("Usage cache: 0 file(s) unchanged, 0 read from where they stopped, 1 read whole.", CacheSummary(observer));
        Assert.Contains(observer.VerboseMessages, m => m.StartsWith("Wrote the usage cache", StringComparison.Ordinal) && m.Contains("(1 file(s)", StringComparison.Ordinal));
    }

    [Fact]
    public void A_damaged_cache_is_discarded_and_rebuilt()
    {
        using var logs = new TempFolder();
        using var cache = new TempFolder();
        logs.Write(Session, ClaudeAssistant(T0, "msg_A", "req_A", input: 5, output: 50));
        Scan(logs.Path, cache.Path);
        string file = Assert.Single(Directory.GetFiles(cache.Path, "usage-*.bin"));
        byte[] bytes = File.ReadAllBytes(file);
        bytes[^3] ^= 0xFF; // one flipped byte in the body
        File.WriteAllBytes(file, bytes);

        (ScanResult scan, CollectingObserver observer) = Scan(logs.Path, cache.Path);

        Assert.Equal(55, Assert.Single(scan.Responses).Tokens.Total);
        Assert.Contains(observer.VerboseMessages, m => m.Contains("is not used because it is damaged", StringComparison.Ordinal) && m.EndsWith("it is rebuilt.", StringComparison.Ordinal));
        Assert.Equal("Usage cache: 0 file(s) unchanged, 0 read from where they stopped, 1 read whole.", CacheSummary(observer));

        // The rebuilt cache is whole again.
        (_, CollectingObserver third) = Scan(logs.Path, cache.Path);
        Assert.DoesNotContain(third.VerboseMessages, m => m.Contains("is not used", StringComparison.Ordinal));
    }

    [Fact]
    public void A_cache_written_by_another_module_version_is_not_used()
    {
        using var logs = new TempFolder();
        using var cache = new TempFolder();
        logs.Write(Session, ClaudeAssistant(T0, "msg_A", "req_A", input: 5, output: 50));
        var store = new ScanCache(cache.Path);
        string scope = ScanCache.ScopeOf([logs.Path]);
        using (var w = new BinaryWriter(File.Create(store.FileFor(scope)), Encoding.UTF8))
        {
            w.Write("CUSCACHE"u8.ToArray());
            w.Write(ScanCacheSerializer.FormatVersion);
            w.Write("0.0.1-older");
            w.Write(scope);
            w.Write(0UL);
            w.Write(0);
        }

        (ScanResult scan, CollectingObserver observer) = Scan(logs.Path, cache.Path);

        Assert.Single(scan.Responses);
        Assert.Contains(observer.VerboseMessages, m => m.Contains("written by another module version (0.0.1-older", StringComparison.Ordinal));
    }

    [Fact]
    public void The_cache_is_written_in_its_own_folder_never_next_to_the_logs()
    {
        using var logs = new TempFolder();
        using var cache = new TempFolder();
        logs.Write(Session, ClaudeAssistant(T0, "msg_A", "req_A", input: 5, output: 50));

        Scan(logs.Path, cache.Path);

        Assert.Equal([Path.Combine(logs.Path, Session)], Directory.GetFiles(logs.Path, "*", SearchOption.AllDirectories));
        Assert.Single(Directory.GetFiles(cache.Path, "usage-*.bin"));
        Assert.Empty(Directory.GetFiles(cache.Path, "*.tmp"));
    }

    [Fact]
    public void Processes_scanning_at_once_never_corrupt_the_cache()
    {
        using var logs = new TempFolder();
        using var cache = new TempFolder();
        for (int i = 0; i < 20; i++)
        {
            logs.Write($"projects/p/s{i}.jsonl", ClaudeAssistant(T0, $"msg_{i}", $"req_{i}", input: i, output: 10 * i));
        }

        // Eight scans at once, each with its own view of the cache, all writing it: every one sees the same totals.
        long[] totals = new long[8];
        Parallel.For(0, totals.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            var observer = new CollectingObserver();
            ScanResult scan = CollectingObserver.ScanAndFinish(new ScanRequest { Paths = [logs.Path], Cache = new ScanCache(cache.Path) }, observer);
            totals[i] = scan.Responses.Sum(r => r.Tokens.Total);
        });

        // Sum of 11·i for i = 0..19 = 11 · 190 = 2,090.
        Assert.All(totals, t => Assert.Equal(2_090, t));
        (ScanResult after, CollectingObserver last) = Scan(logs.Path, cache.Path);
        Assert.Equal(2_090, after.Responses.Sum(r => r.Tokens.Total));
        Assert.DoesNotContain(last.VerboseMessages, m => m.Contains("is not used", StringComparison.Ordinal));
        Assert.Empty(Directory.GetFiles(cache.Path, "*.tmp"));
    }

    [Fact]
    public void A_large_cache_is_read_back_whole()
    {
        using var logs = new TempFolder();
        using var cache = new TempFolder();
        // Enough files for the cache to be parsed in slices on several threads.
        for (int i = 0; i < 300; i++)
        {
            string path = logs.Write($"projects/p{i % 7}/s{i}.jsonl", ClaudeAssistant(T0, $"msg_{i}", $"req_{i}", input: 1, output: i));
            File.SetLastWriteTimeUtc(path, new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        }

        (ScanResult first, _) = Scan(logs.Path, cache.Path);
        (ScanResult second, CollectingObserver observer) = Scan(logs.Path, cache.Path);

        // 300 responses of 1 + i tokens: 300 + (0 + 1 + ... + 299) = 300 + 44,850 = 45,150.
        Assert.Equal(45_150, first.Responses.Sum(r => r.Tokens.Total));
        Assert.Equal(45_150, second.Responses.Sum(r => r.Tokens.Total));
        Assert.Equal(
            first.Responses.Select(r => (r.FilePath, r.ResponseId, r.LineNumber)).Order(),
            second.Responses.Select(r => (r.FilePath, r.ResponseId, r.LineNumber)).Order());
        Assert.Equal("Usage cache: 300 file(s) unchanged, 0 read from where they stopped, 0 read whole.", CacheSummary(observer));
    }

    [Fact]
    public void Clear_deletes_every_cache_file_and_nothing_else()
    {
        using var logs = new TempFolder();
        using var cache = new TempFolder();
        logs.Write(Session, ClaudeAssistant(T0, "msg_A", "req_A", input: 5, output: 50));
        Scan(logs.Path, cache.Path);
        File.WriteAllText(Path.Combine(cache.Path, "usage-0123456789abcdef.bin.1.x.tmp"), "left by a crashed writer");
        File.WriteAllText(Path.Combine(cache.Path, "notes.txt"), "not the cache's own");

        var failures = new List<string>();
        List<string> deleted = new ScanCache(cache.Path).Clear((file, _) => failures.Add(file));

        Assert.Equal(2, deleted.Count);
        Assert.Empty(failures);
        Assert.Equal("notes.txt", Path.GetFileName(Assert.Single(Directory.GetFiles(cache.Path))));
    }

    [Fact]
    public void The_cache_folder_is_the_override_or_the_platform_cache_folder()
    {
        var overridden = new UserEnvironment("/home/u", n => n == "CLAUDEUSAGE_CACHE_DIR" ? "/tmp/my-cache" : null);
        Assert.Equal(Path.GetFullPath("/tmp/my-cache"), CacheLocation.Resolve(overridden));

        if (OperatingSystem.IsLinux())
        {
            Assert.Equal("/home/u/.cache/ClaudeUsage", CacheLocation.Resolve(new UserEnvironment("/home/u", _ => null)));
            Assert.Equal("/var/cache/u/ClaudeUsage", CacheLocation.Resolve(new UserEnvironment("/home/u", n => n == "XDG_CACHE_HOME" ? "/var/cache/u" : null)));
        }
    }
}

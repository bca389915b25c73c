using System.Diagnostics;
using ClaudeUsage.Core;
using ClaudeUsage.Core.Parsing;
using ClaudeUsage.Core.Scanning;
using static ClaudeUsage.Tests.Transcript;

namespace ClaudeUsage.Tests;

/// <summary>Logs are read without a lock, and what only looks like a log (a FIFO) never blocks the read.</summary>
public class NoLockTests
{
    private static int Run(string file, params string[] arguments)
    {
        var psi = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardError = true };
        foreach (string argument in arguments)
        {
            psi.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(psi)!;
        Assert.True(process.WaitForExit(10_000), $"{file} did not finish");
        return process.ExitCode;
    }

    [Fact]
    public void Another_process_gets_an_exclusive_lock_on_a_log_while_it_is_open_for_reading()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Windows has no advisory locks: sharing is the share mode's, which is full
        }

        Assert.True(File.Exists("/usr/bin/flock"), "the test needs util-linux's flock");
        using var dir = new TempFolder();
        string log = dir.Write("projects/-p/s.jsonl", ClaudeAssistant("2026-11-20T10:00:00Z", "msg_1", "req_1", input: 10, output: 5));

        // What every read of a log opens it with, held open while another process asks for LOCK_EX | LOCK_NB.
        using (FileStream reading = TranscriptFileReader.OpenShared(log))
        {
            Assert.Equal(0, Run("/usr/bin/flock", "--nonblock", "--exclusive", log, "true"));
            Assert.True(reading.ReadByte() >= 0);
        }

        // And a whole scan of the folder, while the other process holds LOCK_EX: it reads, unblocked.
        using Process holder = Process.Start(new ProcessStartInfo("/usr/bin/flock", ["--exclusive", log, "sleep", "3"]) { UseShellExecute = false })!;
        Thread.Sleep(300);
        UsageEntry entry = Assert.Single(UsageScanner.Scan(new ScanRequest { Paths = [dir.Path] }, new CollectingObserver(), CancellationToken.None).Responses);
        Assert.Equal(15, entry.Tokens.Total);
        Assert.False(holder.HasExited, "the scan finished while the other process still held its lock");
        holder.Kill();
    }

    [Fact]
    public async Task A_fifo_found_in_a_log_folder_is_skipped_with_a_verbose_note_and_never_opened()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // no FIFOs in the file system
        }

        using var dir = new TempFolder();
        dir.Write("projects/-p/s.jsonl", ClaudeAssistant("2026-11-20T10:00:00Z", "msg_1", "req_1", input: 10, output: 5));
        string fifo = Path.Combine(dir.Path, "projects", "-p", "pipe.jsonl");
        Assert.Equal(0, Run("/usr/bin/mkfifo", fifo));
        var observer = new CollectingObserver();

        // A writer opening the FIFO waits until someone opens it to read: it must still be waiting after the scan.
        using Process writer = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", $"echo x > '{fifo}'"]) { UseShellExecute = false })!;
        try
        {
            Thread.Sleep(300);
            Task<ScanResult> scan = Task.Run(() => UsageScanner.Scan(new ScanRequest { Paths = [dir.Path] }, observer, CancellationToken.None));

            Assert.True(await Task.WhenAny(scan, Task.Delay(TimeSpan.FromSeconds(20))) == scan, "the read blocked on the FIFO");
            ScanResult result = await scan;
            Assert.Equal(15, Assert.Single(result.Responses).Tokens.Total);
            Assert.Equal(1, result.FileCount);
            Assert.Empty(observer.Unreadable);
            Assert.Empty(observer.Malformed);
            Assert.Contains($"Skipped '{fifo}': it is not a regular file (a pipe, socket or device), so it is not read.", observer.VerboseMessages);
            Thread.Sleep(300);
            Assert.False(writer.HasExited, "the FIFO was opened for reading");
        }
        finally
        {
            writer.Kill();
            writer.WaitForExit(10_000);
        }
    }

    [Theory]
    [InlineData("/dev/null")]
    [InlineData("/dev/zero")]
    [InlineData("/dev/urandom")]
    public void A_device_named_as_a_log_is_an_error_that_says_it_is_not_a_regular_file(string device)
    {
        if (!File.Exists(device))
        {
            return; // no such device here (Windows)
        }

        var observer = new CollectingObserver();

        ScanResult scan = UsageScanner.Scan(new ScanRequest { Paths = [device] }, observer, CancellationToken.None);

        Assert.Empty(scan.Responses);
        Assert.Equal(1, scan.UnreadableFiles);
        (string path, Exception error) = Assert.Single(observer.Unreadable);
        Assert.Equal(device, path);
        Assert.Equal($"'{device}' is not a regular file (a pipe, socket or device); it is not read.", error.Message);
    }

    [Fact]
    public void Regular_files_folders_fifos_and_devices_are_told_apart_by_path_and_by_open_handle()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // FileKinds answers Unknown there, and the other checks decide
        }

        using var dir = new TempFolder();
        string file = dir.Write("a.jsonl", "{}");
        string fifo = Path.Combine(dir.Path, "p.jsonl");
        Assert.Equal(0, Run("/usr/bin/mkfifo", fifo));

        Assert.Equal(
            [FileKind.Regular, FileKind.Directory, FileKind.NotRegular, FileKind.NotRegular, FileKind.NotRegular, FileKind.Unknown],
            new[] { file, dir.Path, fifo, "/dev/null", "/dev/zero", Path.Combine(dir.Path, "missing") }.Select(FileKinds.OfPath).ToArray());
        using (var handle = File.OpenHandle(file))
        {
            Assert.Equal(FileKind.Regular, FileKinds.Of(handle));
        }

        using (var handle = File.OpenHandle("/dev/zero"))
        {
            Assert.Equal(FileKind.NotRegular, FileKinds.Of(handle));
        }
    }

    [Fact]
    public void A_fifo_as_the_price_file_or_the_cache_file_is_an_error_or_a_rebuild_not_a_hang()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // no FIFOs in the file system
        }

        using var dir = new TempFolder();
        string prices = Path.Combine(dir.Path, "prices.json");
        Assert.Equal(0, Run("/usr/bin/mkfifo", prices));
        var cache = new ClaudeUsage.Core.Caching.ScanCache(Path.Combine(dir.Path, "cache"));
        Directory.CreateDirectory(cache.Folder);
        string scope = ClaudeUsage.Core.Caching.ScanCache.ScopeOf([dir.Path]);
        Assert.Equal(0, Run("/usr/bin/mkfifo", cache.FileFor(scope)));
        var said = new List<string>();

        var error = Assert.Throws<IOException>(() => ClaudeUsage.Core.Pricing.PriceTable.BuiltIn.WithOverrides(prices));
        Dictionary<string, ClaudeUsage.Core.Caching.CachedFile> loaded = cache.Load(scope, said.Add);

        Assert.Contains("not a regular file", error.Message);
        Assert.Empty(loaded);
        Assert.Contains(said, m => m.Contains("not a regular file", StringComparison.Ordinal));
    }
}

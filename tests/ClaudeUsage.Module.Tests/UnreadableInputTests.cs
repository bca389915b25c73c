using System.Diagnostics;
using System.Management.Automation;
using static ClaudeUsage.Tests.ModuleRunner;
using static ClaudeUsage.Tests.Transcript;

namespace ClaudeUsage.Tests;

/// <summary>What the cmdlets say about what cannot or must not be read: FIFOs, sockets and devices.</summary>
public class UnreadableInputTests
{
    private static void MakeFifo(string path)
    {
        using Process mkfifo = Process.Start(new ProcessStartInfo("/usr/bin/mkfifo", [path]) { UseShellExecute = false })!;
        Assert.True(mkfifo.WaitForExit(10_000));
        Assert.Equal(0, mkfifo.ExitCode);
    }

    [Fact]
    public void A_fifo_in_a_log_folder_is_a_verbose_note_only_and_the_rest_is_counted()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // no FIFOs in the file system
        }

        using var dir = new TempFolder();
        dir.Write(".claude/projects/-p/s.jsonl", ClaudeAssistant("2026-11-20T10:00:00Z", "msg_1", "req_1", input: 10, output: 5));
        string fifo = Path.Combine(dir.Path, ".claude", "projects", "-p", "pipe.jsonl");
        MakeFifo(fifo);

        RunResult r = Run($"Get-ClaudeUsage -LiteralPath {Q(dir.Path)} -GroupBy Total -Verbose 4>&1");

        Assert.Empty(r.Errors);
        Assert.Empty(r.Warnings);
        Assert.Contains(r.Output, o => o.BaseObject is VerboseRecord v && v.Message == $"Skipped '{fifo}': it is not a regular file (a pipe, socket or device), so it is not read.");
        Assert.Equal(15L, (long)Assert.Single(r.Output, o => o.BaseObject is not VerboseRecord).Properties["TotalTokens"].Value);
    }

    [Theory]
    [InlineData("/dev/null")]
    [InlineData("/dev/zero")]
    public void A_device_named_with_LiteralPath_is_an_error_naming_it_as_not_a_regular_file(string device)
    {
        if (!File.Exists(device))
        {
            return; // no such device here (Windows)
        }

        RunResult r = Run($"Get-ClaudeUsage -LiteralPath {Q(device)} -GroupBy Total");

        ErrorRecord error = Assert.Single(r.Errors);
        Assert.StartsWith("FileUnreadable,", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ReadError, error.CategoryInfo.Category);
        Assert.Equal(device, error.TargetObject);
        Assert.Equal($"Cannot read the log file '{device}': '{device}' is not a regular file (a pipe, socket or device); it is not read. Its usage is not counted.", error.ToString());
    }
}

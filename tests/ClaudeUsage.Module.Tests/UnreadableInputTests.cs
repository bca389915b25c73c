using System.Diagnostics;
using System.Management.Automation;
using static ClaudeUsage.Tests.ModuleRunner;
using static ClaudeUsage.Tests.Transcript;

namespace ClaudeUsage.Tests;

/// <summary>What the cmdlets say about what cannot or must not be read: FIFOs, sockets and devices, folders that may not be listed.</summary>
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

    /// <summary>
    /// A real folder with no permissions, read by a user who may not list it. Root lists every folder, so as root (as
    /// the tests run here and in CI) the module runs in the module host as user and group 65534 (nobody), from copies
    /// of the host and the staged module that such a user can read.
    /// </summary>
    [Fact]
    public void A_folder_that_may_not_be_listed_is_a_PermissionDenied_error_naming_it_and_the_rest_is_counted()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // permissions are ACLs there, which this test does not set
        }

        using var scratch = new TempFolder();
        string logs = Path.Combine(scratch.Path, "logs");
        scratch.Write("logs/.claude/projects/-a/s1.jsonl", ClaudeAssistant("2026-11-20T10:00:00Z", "msg_1", "req_1", input: 10, output: 5));
        scratch.Write("logs/.claude/projects/-b/s2.jsonl", ClaudeAssistant("2026-11-20T11:00:00Z", "msg_2", "req_2", input: 20, output: 10));
        scratch.Write("logs/.claude/projects/-c/s3.jsonl", ClaudeAssistant("2026-11-20T12:00:00Z", "msg_3", "req_3", input: 30, output: 15));
        string locked = Path.Combine(logs, ".claude", "projects", "-b");
        File.SetUnixFileMode(locked, UnixFileMode.None);
        string home = Directory.CreateDirectory(Path.Combine(scratch.Path, "home")).FullName;
        File.SetUnixFileMode(home, (UnixFileMode)0b111_111_111);
        string module = CopyTree(ModuleFolder, Path.Combine(scratch.Path, "module"));
        string configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
        string host = CopyTree(Path.Combine(RepoRoot, "tests", "ClaudeUsage.ModuleHost", "bin", configuration, "net10.0"), Path.Combine(scratch.Path, "host"));
        string script = $$"""
            Import-Module {{Q(Path.Combine(module, "ClaudeUsage.psd1"))}} -ErrorAction Stop
            $below = $null; $named = $null
            $sum = Get-ClaudeUsage -LiteralPath {{Q(logs)}} -GroupBy Total -ErrorAction SilentlyContinue -ErrorVariable below
            "tokens=$($sum.TotalTokens)"
            foreach ($e in $below) { "below|$($e.FullyQualifiedErrorId)|$($e.CategoryInfo.Category)|$($e.TargetObject)|$e" }
            $null = Get-ClaudeUsage -LiteralPath {{Q(locked)}} -GroupBy Total -ErrorAction SilentlyContinue -ErrorVariable named -WarningAction SilentlyContinue
            foreach ($e in $named) { "named|$($e.FullyQualifiedErrorId)|$($e.CategoryInfo.Category)|$($e.TargetObject)" }
            """;

        (int exitCode, string output, string errors) = RunUnprivileged(Path.Combine(host, "ClaudeUsage.ModuleHost.dll"), script, home);
        File.SetUnixFileMode(locked, (UnixFileMode)0b111_000_000); // so the folder can be deleted

        Assert.True(exitCode == 0, errors);
        string command = "ClaudeUsage.Commands.GetClaudeUsageCommand";
        Assert.Equal(
            [
                "tokens=60", // -a and -c: 15 + 45
                $"below|FolderUnreadable,{command}|PermissionDenied|{locked}|Cannot list the folder '{locked}': Access to the path '{locked}' is denied. The logs in it are not counted.",
                $"named|FolderUnreadable,{command}|PermissionDenied|{locked}",
            ],
            output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    /// <summary>A copy of <paramref name="from"/> that any user can read.</summary>
    private static string CopyTree(string from, string to)
    {
        foreach (string folder in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories).Prepend(from))
        {
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, folder)));
        }

        foreach (string file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
        }

        return to;
    }

    /// <summary>
    /// Runs the module host with <paramref name="script"/> as a user without privileges: as nobody (through
    /// util-linux's setpriv) when this process is root, else as the user it is.
    /// </summary>
    private static (int ExitCode, string Output, string Errors) RunUnprivileged(string host, string script, string home)
    {
        bool root = Environment.UserName == "root";
        Assert.True(!root || File.Exists("/usr/bin/setpriv"), "as root the test needs util-linux's setpriv to drop its privileges");
        var start = new ProcessStartInfo(root ? "/usr/bin/setpriv" : "dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        if (root)
        {
            foreach (string argument in new[] { "--reuid=65534", "--regid=65534", "--clear-groups", "dotnet" })
            {
                start.ArgumentList.Add(argument);
            }
        }

        start.ArgumentList.Add(host);
        start.ArgumentList.Add(script);
        start.Environment["HOME"] = home;
        start.Environment["CLAUDEUSAGE_CACHE_DIR"] = Path.Combine(home, "cache");
        start.Environment["CLAUDEUSAGE_DATA_DIR"] = Path.Combine(home, "data");
        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> errors = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(120_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("The module host did not finish within 2 minutes.");
        }

        return (process.ExitCode, output.Result, errors.Result);
    }
}

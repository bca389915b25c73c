using System.Diagnostics;
using static ClaudeUsage.Tests.ModuleRunner;
using static ClaudeUsage.Tests.Transcript;

namespace ClaudeUsage.Tests;

/// <summary>
/// -NoCache and Clear-ClaudeUsageCache, each run in a process of its own whose CLAUDEUSAGE_CACHE_DIR points at a
/// scratch folder, so the cache seen is only this test's.
/// </summary>
public class UsageCacheCommandTests
{
    [Fact]
    public void NoCache_leaves_the_cache_alone_a_normal_run_writes_it_and_Clear_ClaudeUsageCache_deletes_it()
    {
        using var logs = new TempFolder();
        using var cache = new TempFolder();
        // 1,000 in + 400 out (the larger of two copies of msg_A) + 5 in + 50 out (msg_B) = 1,455 tokens.
        logs.Write("projects/-home-user-work-demo/s1.jsonl",
            ClaudeAssistant("2026-11-20T09:00:05.000Z", "msg_A", "req_A", input: 1_000, output: 40),
            ClaudeAssistant("2026-11-20T09:00:06.000Z", "msg_A", "req_A", input: 1_000, output: 400),
            ClaudeAssistant("2026-11-20T10:00:00.000Z", "msg_B", "req_B", input: 5, output: 50));
        string usage = $"Import-Module {Q(ManifestPath)}; Get-ClaudeUsage -Path {Q(logs.Path)} -GroupBy Total";

        (int code, string output, _) = Host($"{usage} -NoCache", cache.Path);
        Assert.Equal(0, code);
        Assert.Contains("TotalTokens=1455", output, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(cache.Path));

        (code, output, _) = Host(usage, cache.Path);
        Assert.Equal(0, code);
        Assert.Contains("TotalTokens=1455", output, StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(cache.Path, "usage-*.bin"));

        (code, output, _) = Host(usage, cache.Path); // from the cache: same answer
        Assert.Contains("TotalTokens=1455", output, StringComparison.Ordinal);

        (code, _, _) = Host($"Import-Module {Q(ManifestPath)}; Clear-ClaudeUsageCache -WhatIf", cache.Path);
        Assert.Equal(0, code);
        Assert.Single(Directory.GetFiles(cache.Path, "usage-*.bin"));

        string cacheFile = Path.GetFileName(Assert.Single(Directory.GetFiles(cache.Path, "usage-*.bin")));
        (code, output, string errors) = Host($"Import-Module {Q(ManifestPath)}; Clear-ClaudeUsageCache -PassThru | ForEach-Object Name", cache.Path);
        Assert.Equal(0, code);
        Assert.Equal(string.Empty, errors);
        Assert.Equal(cacheFile, output.Trim()); // -PassThru names the file it deleted
        Assert.Empty(Directory.GetFiles(cache.Path));
    }

    [Fact]
    public void Clear_ClaudeUsageCache_is_exported_and_supports_WhatIf()
    {
        RunResult r = Run("$c = Get-Command Clear-ClaudeUsageCache; $c.Parameters.ContainsKey('WhatIf'); $c.Parameters.ContainsKey('Confirm'); (Get-Command Get-ClaudeUsage).Parameters['LogsOnly'].Aliases -contains 'NoCache'");

        Assert.Empty(r.Errors);
        Assert.Equal([true, true, true], r.Output.Select(o => (bool)o.BaseObject));
    }

    /// <summary>Runs a script in the separate-process module host with its own cache folder.</summary>
    private static (int ExitCode, string Output, string Errors) Host(string script, string cacheFolder)
    {
        string configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        string host = Path.Combine(RepoRoot, "tests", "ClaudeUsage.ModuleHost", "bin", configuration, "net10.0", "ClaudeUsage.ModuleHost.dll");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(host);
        psi.ArgumentList.Add(script);
        psi.Environment["CLAUDEUSAGE_CACHE_DIR"] = cacheFolder;
        using Process process = Process.Start(psi)!;
        Task<string> errors = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output, errors.Result);
    }
}

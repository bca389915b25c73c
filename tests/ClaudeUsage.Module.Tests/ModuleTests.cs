using System.Diagnostics;
using System.Management.Automation;
using static ClaudeUsage.Tests.ModuleRunner;
using static ClaudeUsage.Tests.Transcript;

namespace ClaudeUsage.Tests;

public class ModuleTests
{
    [Fact]
    public void The_staged_manifest_is_valid_and_exports_the_cmdlets_explicitly()
    {
        RunResult r = Run($"Test-ModuleManifest -Path {Q(ManifestPath)}", importModule: false);

        Assert.Empty(r.Errors);
        dynamic module = Assert.Single(r.Output);
        Assert.Equal("ClaudeUsage", (string)module.Name);
        RunResult imported = Run("(Get-Module ClaudeUsage).ExportedCmdlets.Keys");
        var exported = imported.Output.Select(o => (string)o.BaseObject).ToHashSet();
        Assert.Contains("Get-ClaudeUsage", exported);
        Assert.Contains("Get-ClaudeSession", exported);
        Assert.Contains("Get-ClaudeUsageRecord", exported);
        Assert.Contains("Get-ClaudeModelPrice", exported);
        Assert.Contains("Update-ClaudeUsageLedger", exported);
        Assert.Contains("Remove-ClaudeUsageLedger", exported);
    }

    [Fact]
    public void The_staged_folder_holds_everything_the_module_needs()
    {
        Assert.True(File.Exists(Path.Combine(ModuleFolder, "ClaudeUsage.dll")));
        Assert.True(File.Exists(Path.Combine(ModuleFolder, "ClaudeUsage.Core.dll")));
        Assert.True(File.Exists(Path.Combine(ModuleFolder, "ClaudeUsage.format.ps1xml")));
        // The engine reference is compile-only and must never be shipped.
        Assert.False(File.Exists(Path.Combine(ModuleFolder, "System.Management.Automation.dll")));
    }

    [Fact]
    public void Model_prices_can_be_listed_and_looked_up_in_any_spelling()
    {
        RunResult r = Run("Get-ClaudeModelPrice -Model 'anthropic/claude-haiku-4.5', 'claude-opus-4*'; Get-ClaudeModelPrice -Model 'no-such-model'");

        dynamic haiku = r.Output[0];
        Assert.Equal("claude-haiku-4-5", (string)haiku.Model);
        Assert.Equal(1m, (decimal)haiku.InputPrice);
        Assert.Equal(5m, (decimal)haiku.OutputPrice);
        Assert.Contains(r.Output.Skip(1), o => (string)o.Properties["Model"].Value == "claude-opus-4-1");
        ErrorRecord error = Assert.Single(r.Errors);
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
    }

    [Fact]
    public void Argument_completion_offers_models_from_the_logs()
    {
        using var dir = new TempFolder();
        dir.Write("projects/p/s.jsonl", ClaudeAssistant("2026-11-20T09:00:00.000Z", "m1", "r1", model: "claude-haiku-4-5-20251001", input: 1));
        string line = $"Get-ClaudeUsage -Path {Q(dir.Path)} -Model claude-h";

        RunResult r = Run($"(TabExpansion2 -inputScript {Q(line)} -cursorColumn {line.Length}).CompletionMatches.CompletionText");

        Assert.Contains("claude-haiku-4-5-20251001", r.Output.Select(o => o.BaseObject.ToString()));
    }

    [Fact]
    public void The_staged_module_loads_in_a_separate_process_that_references_none_of_its_dependencies()
    {
        using var home = new TempFolder();
        home.Write(".claude/projects/-home-user-work-demo/s.jsonl",
            ClaudeAssistant("2026-11-20T09:00:00.000Z", "m1", "r1", model: "claude-sonnet-4-5-20250929", input: 1_000, output: 100));

        // 1,000 × $3 + 100 × $15 = 4,500 per million = $0.0045, found through the default root ~/.claude/projects.
        (int exit, string stdout, string stderr) = RunHost(
            $"Import-Module {Q(ManifestPath)}; Get-ClaudeUsage -GroupBy Total -Since 2026-11-01 -Until 2026-11-30",
            new() { ["HOME"] = home.Path, ["USERPROFILE"] = home.Path, ["XDG_CONFIG_HOME"] = Path.Combine(home.Path, ".config") });

        Assert.True(exit == 0, stderr);
        Assert.Contains("InputTokens=1000", stdout);
        Assert.Contains("Cost=0.0045", stdout);
    }

    [Fact]
    public void With_no_logs_anywhere_one_warning_names_where_it_looked()
    {
        using var home = new TempFolder();

        (int exit, _, string stderr) = RunHost(
            $"Import-Module {Q(ManifestPath)}; Get-ClaudeUsage",
            new() { ["HOME"] = home.Path, ["USERPROFILE"] = home.Path, ["XDG_CONFIG_HOME"] = Path.Combine(home.Path, ".config") });

        Assert.Equal(0, exit);
        string warning = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("WARNING:"));
        Assert.Contains(Path.Combine(home.Path, ".claude", "projects"), warning);
    }

    /// <summary>
    /// A PowerShell function <c>Show</c> for <see cref="RunHost"/> scripts that compare outputs: a value as text, amounts
    /// by value (G29), times in ISO 8601, lists and the module's objects with every property, all the way down.
    /// </summary>
    internal const string ShowFunction = """
        function Show($value) {
            if ($value -is [decimal]) { $value.ToString('G29', [cultureinfo]::InvariantCulture) }
            elseif ($value -is [datetimeoffset]) { $value.ToString('o') }
            elseif ($value -is [System.Collections.IEnumerable] -and $value -isnot [string]) { '[' + (@($value | ForEach-Object { Show $_ }) -join ', ') + ']' }
            elseif ($null -ne $value -and $value.GetType().Namespace -eq 'ClaudeUsage') { '{' + (@($value.PSObject.Properties | ForEach-Object { "$($_.Name)=$(Show $_.Value)" }) -join '; ') + '}' }
            else { "$value" }
        }
        """;

    /// <summary>A home of a test's own for <see cref="RunHost"/>: its agent folders, settings and ledger all in it.</summary>
    internal static Dictionary<string, string> OwnHome(string home) => new()
    {
        ["HOME"] = home,
        ["USERPROFILE"] = home,
        ["XDG_CONFIG_HOME"] = Path.Combine(home, ".config"),
        ["CLAUDEUSAGE_DATA_DIR"] = Path.Combine(home, "data"),
    };

    internal static (int Exit, string Stdout, string Stderr) RunHost(string script, Dictionary<string, string> environment)
    {
        string hostDll = Directory.EnumerateFiles(Path.Combine(RepoRoot, "tests", "ClaudeUsage.ModuleHost", "bin"), "ClaudeUsage.ModuleHost.dll", SearchOption.AllDirectories)
            .OrderByDescending(File.GetLastWriteTimeUtc)
            .First();
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(hostDll);
        start.ArgumentList.Add(script);
        // The ledger goes under the test's own home unless the test names one: tests never share a ledger.
        foreach (string name in new[] { "CLAUDE_CONFIG_DIR", "PI_CODING_AGENT_DIR", "OPENCLAW_STATE_DIR", "CLAWDBOT_STATE_DIR", "CLAUDEUSAGE_DATA_DIR", "XDG_DATA_HOME" })
        {
            start.Environment.Remove(name);
        }

        foreach ((string name, string value) in environment)
        {
            start.Environment[name] = value;
        }

        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(120_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("The module host did not finish in two minutes.");
        }

        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}

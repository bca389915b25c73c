using System.Globalization;
using System.Management.Automation;
using static ClaudeUsage.Tests.ModuleRunner;

namespace ClaudeUsage.Tests;

/// <summary>
/// Claude Code, pi, clawdbot and OpenClaw (JSONL and SQLite) logs read through the staged module. The fixture and
/// its hand count are in <see cref="MixedLogs"/>.
/// </summary>
public class SourcesTests
{
    private static readonly string[] StagedRuntimes = ["win-x64", "win-x86", "win-arm64", "linux-x64", "linux-arm64", "linux-musl-x64", "linux-musl-arm64", "osx-x64", "osx-arm64"];

    [Theory]
    [InlineData("Auto")]
    [InlineData("Calculate")]
    public void Grouped_by_source_and_model_every_response_counts_once_at_the_cost_the_mode_asks_for(string costMode)
    {
        using TempFolder dir = MixedLogs.Create();

        RunResult r = Run($"Get-ClaudeUsage -Path {Q(dir.Path)} -GroupBy Source,Model -CostMode {costMode}");

        Assert.Empty(r.Errors);
        // Calculate leaves the two models the price table lacks without a cost, and says so.
        Assert.Equal(costMode == "Auto" ? [] : ["gemini-2.5-pro", "gpt-5"], r.Warnings.Select(w => w.Split('\'')[1]));
        var actual = r.Output.ToDictionary(
            o => (o.Properties["Source"].Value.ToString()!, (string)o.Properties["Model"].Value),
            o => ((int)o.Properties["Requests"].Value, (long)o.Properties["InputTokens"].Value, (long)o.Properties["OutputTokens"].Value,
                (long)o.Properties["CacheWrite5mTokens"].Value + (long)o.Properties["CacheWrite1hTokens"].Value, (long)o.Properties["CacheReadTokens"].Value,
                (decimal?)o.Properties["Cost"].Value));
        var expected = MixedLogs.Expected.ToDictionary(
            e => e.Key,
            e => (e.Value.Requests, e.Value.In, e.Value.Out, e.Value.Write, e.Value.Read, costMode == "Auto" ? e.Value.Auto : e.Value.Calculate));
        Assert.Equal(expected.OrderBy(e => e.Key), actual.OrderBy(e => e.Key));
        // Rows come in key order: sources in their declared order, then models.
        Assert.Equal(
            ["ClaudeCode/claude-sonnet-4-5-20250929", "OpenClaw/claude-opus-4-5", "OpenClaw/claude-sonnet-4-5", "OpenClaw/gemini-2.5-pro", "OpenClaw/gpt-5", "Pi/claude-haiku-4-5", "Pi/claude-sonnet-4-5"],
            r.Output.Select(o => $"{o.Properties["Source"].Value}/{o.Properties["Model"].Value}"));
    }

    [Fact]
    public void The_totals_match_the_hand_count_to_the_cent_in_both_modes()
    {
        using TempFolder dir = MixedLogs.Create();

        RunResult r = Run($"Get-ClaudeUsage -Path {Q(dir.Path)} -GroupBy Total; Get-ClaudeUsage -Path {Q(dir.Path)} -GroupBy Total -CostMode Calculate");

        Assert.Equal(2, r.Output.Count);
        dynamic auto = r.Output[0], calculated = r.Output[1];
        Assert.Equal(11, (int)auto.Requests);
        Assert.Equal(112_602L, (long)auto.TotalTokens);
        // Auto: $0.176886 at list price, recorded for gpt-5 and gemini-2.5-pro; Calculate leaves those two out
        // ($0.140136). The agents' own figures, beside it: $0.165086 (MixedLogs' table).
        Assert.Equal(0.176886m, (decimal)auto.Cost);
        Assert.Equal(0.18m, decimal.Round((decimal)auto.Cost, 2));
        Assert.Equal(0.165086m, (decimal)auto.RecordedCost);
        Assert.Equal(0.140136m, (decimal)calculated.Cost);
        Assert.Equal(2, (int)calculated.UnpricedRequests);
        Assert.Equal(0.165086m, (decimal)calculated.RecordedCost);
    }

    [Fact]
    public void Recorded_mode_leaves_claude_code_without_a_recorded_cost_unpriced()
    {
        using TempFolder dir = MixedLogs.Create();

        RunResult r = Run($"Get-ClaudeUsage -Path {Q(dir.Path)} -GroupBy Source -CostMode Recorded");

        Assert.Equal(3, r.Output.Count);
        Assert.Null(r.Output[0].Properties["Cost"].Value); // ClaudeCode: CC1 has no costUSD
        Assert.Equal(1, (int)r.Output[0].Properties["UnpricedRequests"].Value);
        // OpenClaw 0.0465 + 0.0312 + 0.03 + 0.00675 = 0.11445; Pi 0.049636 + 0.001 = 0.050636.
        Assert.Equal(0.11445m, (decimal)r.Output[1].Properties["Cost"].Value);
        Assert.Equal(0.050636m, (decimal)r.Output[2].Properties["Cost"].Value);
        Assert.Empty(r.Warnings); // Recorded mode never looks for a price, so nothing is "unpriced" to warn about
    }

    [Fact]
    public void Source_keeps_only_the_named_agents()
    {
        using TempFolder dir = MixedLogs.Create();

        RunResult r = Run($"Get-ClaudeUsage -Path {Q(dir.Path)} -GroupBy Source -Source Pi,ClaudeCode");

        // Pi 26,652 + 600 = 27,252; Claude Code 13,200.
        Assert.Equal(["ClaudeCode:13200", "Pi:27252"], r.Output.Select(o => $"{o.Properties["Source"].Value}:{o.Properties["TotalTokens"].Value}"));
    }

    [Fact]
    public void Agent_and_provider_are_grouping_keys()
    {
        using TempFolder dir = MixedLogs.Create();

        RunResult r = Run($"Get-ClaudeUsage -Path {Q(dir.Path)} -GroupBy Agent; Get-ClaudeUsage -Path {Q(dir.Path)} -GroupBy Provider");

        // At list price, recorded only for gpt-5 and gemini-2.5-pro (MixedLogs' table):
        // Agents: (none) = Claude Code 13,200 + pi 26,652 + 600 = 40,452 at $0.0165 + $0.024636 + $0.0213 + $0.001 = $0.063436;
        // main (clawdbot) = CB1 3,000 + CB2 5,500 + CB0 440 = 8,940 at $0.035 + $0.00675 + $0.003 = $0.04475;
        // ops (OpenClaw) = OC1 52,000 + OC2 10,000 + OC3 110 + OC4 1,100 = 63,210 at $0.03015 + $0.03 + $0.00105 + $0.0075 = $0.0687.
        // Providers: google 10,000 at $0.03; openai 5,500 at $0.00675; anthropic the other 97,102 tokens at
        // $0.176886 - $0.03 - $0.00675 = $0.140136.
        (string, long, decimal)[] expected =
        [
            ("Agent (none)", 40_452, 0.063436m), ("Agent main", 8_940, 0.04475m), ("Agent ops", 63_210, 0.0687m),
            ("Provider anthropic", 97_102, 0.140136m), ("Provider google", 10_000, 0.03m), ("Provider openai", 5_500, 0.00675m),
        ];
        Assert.Equal(
            expected,
            r.Output.Select(o => (
                o.Properties["Agent"].Value is string agent ? "Agent " + agent : "Provider " + o.Properties["Provider"].Value,
                (long)o.Properties["TotalTokens"].Value,
                (decimal)o.Properties["Cost"].Value)));
    }

    [Fact]
    public void Sessions_say_which_source_and_agent_they_came_from()
    {
        using TempFolder dir = MixedLogs.Create();

        RunResult r = Run($"Get-ClaudeSession -Path {Q(dir.Path)}");

        Assert.Empty(r.Errors);
        var sessions = r.Output.ToDictionary(o => (string)o.Properties["SessionId"].Value);
        // Claude Code, pi live + fork, clawdbot live + archive-only, OpenClaw two sessions.
        Assert.Equal(7, sessions.Count);
        PSObject clawdbot = sessions["cb-session-1"];
        Assert.Equal(("OpenClaw", "main", 2), (clawdbot.Properties["Source"].Value.ToString(), (string)clawdbot.Properties["Agent"].Value, (int)clawdbot.Properties["Requests"].Value));
        // The live transcript's copy is the one counted, not the .deleted archive's.
        Assert.Equal([Path.Combine(dir.Path, ".clawdbot", "agents", "main", "sessions", "cb-session-1.jsonl")], (IEnumerable<string>)clawdbot.Properties["FilePath"].Value);
        PSObject openclaw = sessions["oc-session-2"];
        Assert.Equal(("OpenClaw", "ops", 1), (openclaw.Properties["Source"].Value.ToString(), (string)openclaw.Properties["Agent"].Value, (int)openclaw.Properties["Requests"].Value));
        PSObject pi = sessions[MixedLogs.PiSessionId];
        Assert.Equal(("Pi", null, 2), (pi.Properties["Source"].Value.ToString(), (string?)pi.Properties["Agent"].Value, (int)pi.Properties["Requests"].Value));
        Assert.Equal(1, (int)sessions[MixedLogs.PiForkId].Properties["Requests"].Value);
    }

    [Fact]
    public void A_record_from_the_database_points_at_the_database_and_its_seq()
    {
        using TempFolder dir = MixedLogs.Create();

        RunResult r = Run($"Get-ClaudeUsageRecord -Path {Q(dir.Path)} -Model gemini*");

        PSObject record = Assert.Single(r.Output);
        Assert.Equal(MixedLogs.DatabasePath(dir.Path), (string)record.Properties["FilePath"].Value);
        Assert.Equal(3L, (long)record.Properties["LineNumber"].Value);
        Assert.Equal(("OpenClaw", "ops", "google", "Recorded"), (record.Properties["Source"].Value.ToString(), (string)record.Properties["Agent"].Value, (string)record.Properties["Provider"].Value, record.Properties["CostBasis"].Value.ToString()));
    }

    [Fact]
    public void An_unreadable_database_is_a_non_terminating_error_naming_it_and_the_rest_is_counted()
    {
        using TempFolder dir = MixedLogs.Create();
        string broken = Path.Combine(dir.Path, ".openclaw", "agents", "spare", "agent", "openclaw-agent.sqlite");
        new OpenClawDatabase(broken, "CREATE TABLE sessions (id TEXT);").Dispose();

        RunResult r = Run($"Get-ClaudeUsage -Path {Q(dir.Path)} -GroupBy Total");

        ErrorRecord error = Assert.Single(r.Errors);
        Assert.StartsWith("FileUnreadable,", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ReadError, error.CategoryInfo.Category);
        Assert.Equal(broken, error.TargetObject);
        Assert.Contains(broken, error.ToString());
        Assert.Equal(112_602L, (long)Assert.Single(r.Output).Properties["TotalTokens"].Value);
    }

    [Fact]
    public void The_staged_module_carries_the_sqlite_and_zstd_libraries_for_every_platform()
    {
        foreach (string dll in new[] { "Microsoft.Data.Sqlite.dll", "SQLitePCLRaw.core.dll", "SQLitePCLRaw.provider.e_sqlite3.dll", "SQLitePCLRaw.batteries_v2.dll", "ZstdSharp.dll" })
        {
            Assert.True(File.Exists(Path.Combine(ModuleFolder, dll)), dll);
        }

        foreach (string rid in StagedRuntimes)
        {
            string name = rid.StartsWith("win", StringComparison.Ordinal) ? "e_sqlite3.dll" : rid.StartsWith("osx", StringComparison.Ordinal) ? "libe_sqlite3.dylib" : "libe_sqlite3.so";
            Assert.True(File.Exists(Path.Combine(ModuleFolder, "runtimes", rid, "native", name)), rid);
        }
    }

    [Fact]
    public void The_staged_module_reads_the_database_in_a_process_of_its_own()
    {
        using TempFolder dir = MixedLogs.Create();
        string db = MixedLogs.DatabasePath(dir.Path);
        string folder = Path.GetDirectoryName(db)!;
        string[] before = Directory.GetFiles(folder);
        string script = $$"""
            Import-Module -Name {{Q(ManifestPath)}} -ErrorAction Stop
            Get-ClaudeUsage -Path {{Q(db)}} -GroupBy Model | ForEach-Object { "$($_.Model)|$($_.InputTokens)|$($_.OutputTokens)|$($_.CacheReadTokens)|$($_.Cost)" }
            if ($IsLinux) { 'native=' + ([System.IO.File]::ReadAllLines('/proc/self/maps') -match 'e_sqlite3')[0].Split(' ', [System.StringSplitOptions]::RemoveEmptyEntries)[-1] }
            """;

        (int exitCode, string output, string errors) = RunInSeparateProcess(script, TimeSpan.FromMinutes(2));

        Assert.True(exitCode == 0, $"exit {exitCode}: {errors}");
        string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        // The database alone: OC4 (opus, session 2); OC1 + OC3 (sonnet) = 350 in, 760 out, 50,000 read, $0.03015 + $0.00105;
        // OC2 (gemini, a compressed row).
        (string, long, long, long, decimal)[] expected =
        [
            ("claude-opus-4-5", 1_000, 100, 0, 0.0075m),
            ("claude-sonnet-4-5", 350, 760, 50_000, 0.0312m),
            ("gemini-2.5-pro", 8_000, 2_000, 0, 0.03m),
        ];
        Assert.Equal(
            expected,
            lines.Where(l => !l.StartsWith("native=", StringComparison.Ordinal)).Select(l => l.Split('|')).Select(f => (
                f[0],
                long.Parse(f[1], CultureInfo.InvariantCulture),
                long.Parse(f[2], CultureInfo.InvariantCulture),
                long.Parse(f[3], CultureInfo.InvariantCulture),
                decimal.Parse(f[4], CultureInfo.InvariantCulture))));
        if (OperatingSystem.IsLinux())
        {
            // The native library was loaded from the staged module folder, not from anywhere the host knows of.
            string native = Assert.Single(lines, l => l.StartsWith("native=", StringComparison.Ordinal))["native=".Length..];
            Assert.StartsWith(Path.Combine(ModuleFolder, "runtimes") + Path.DirectorySeparatorChar, native);
        }

        Assert.Equal(before, Directory.GetFiles(folder));
    }
}

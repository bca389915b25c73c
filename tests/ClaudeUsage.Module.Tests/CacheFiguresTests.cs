using static ClaudeUsage.Tests.ModuleRunner;
using static ClaudeUsage.Tests.Transcript;

namespace ClaudeUsage.Tests;

/// <summary>
/// The cache figures as the cmdlets emit them. Three Sonnet 4.5 responses of 20 November ($3 input, $15 output,
/// $3.75 5-minute writes, $6 1-hour writes, $0.30 reads per million):
/// 1 (session a): 1,000 in, 500 out, 2,000 5m-writes, 1,000 1h-writes, 16,000 reads
///   → writes 7,500 + 6,000 = 13,500; reads 4,800; cost 3,000 + 7,500 + 13,500 + 4,800 = 28,800 → $0.0288;
/// 2 (session a): 500 in, 200 out, 34,000 reads → reads 10,200; cost 1,500 + 3,000 + 10,200 = 14,700 → $0.0147;
/// 3 (session b): 1,500 in, 100 out, 8,000 5m-writes → writes 30,000; cost 4,500 + 1,500 + 30,000 = 36,000 → $0.036.
/// The day: hit rate 50,000 reads ÷ (3,000 + 11,000 + 50,000) = 0.78125; writes 43,500 → $0.0435; savings
/// 50,000 × ($3 − $0.30) − 43,500 = 91,500 → $0.0915; cost $0.0795.
/// Session a: 50,000 ÷ 54,500; writes $0.0135; savings 50,000 × $2.70 − 13,500 = 121,500 → $0.1215; cost $0.0435.
/// Session b: hit rate 0; writes $0.03; savings −$0.03; cost $0.036.
/// </summary>
public class CacheFiguresTests
{
    private const string Projects = ".claude/projects/-home-user-work-demo/";

    private static TempFolder Fixture()
    {
        var dir = new TempFolder();
        dir.Write(Projects + "a.jsonl",
            ClaudeAssistant("2026-11-20T09:00:00.000Z", "msg_1", "req_1", input: 1_000, output: 500, cacheWrite5m: 2_000, cacheWrite1h: 1_000, cacheRead: 16_000, sessionId: "a"),
            ClaudeAssistant("2026-11-20T09:03:00.000Z", "msg_2", "req_2", input: 500, output: 200, cacheRead: 34_000, sessionId: "a"));
        dir.Write(Projects + "b.jsonl",
            ClaudeAssistant("2026-11-20T15:00:00.000Z", "msg_3", "req_3", input: 1_500, output: 100, cacheWrite5m: 8_000, sessionId: "b"));
        return dir;
    }

    [Fact]
    public void Summaries_sessions_and_budgets_carry_the_hit_rate_write_cost_and_savings()
    {
        using TempFolder dir = Fixture();
        string path = Q(dir.Path);

        RunResult r = Run($"Get-ClaudeUsage -Path {path} -TimeZone UTC; Get-ClaudeSession -Path {path} -TimeZone UTC; "
            + $"Test-ClaudeBudget -Path {path} -TimeZone UTC -At '2026-11-20 23:00' -Daily 1 -Detailed");

        Assert.Empty(r.Errors);
        Assert.Equal(4, r.Output.Count);
        dynamic day = r.Output[0], a = r.Output[1], b = r.Output[2], budget = r.Output[3];
        Assert.Equal(0.78125m, (decimal)day.CacheHitRate);
        Assert.Equal(0.0435m, (decimal)day.CacheWriteCost);
        Assert.Equal(0.0915m, (decimal)day.CacheSavings);
        Assert.Equal("a", (string)a.SessionId);
        Assert.Equal(50_000m / 54_500m, (decimal)a.CacheHitRate);
        Assert.Equal(0.0135m, (decimal)a.CacheWriteCost);
        Assert.Equal(0.1215m, (decimal)a.CacheSavings);
        Assert.Equal(0m, (decimal)b.CacheHitRate);
        Assert.Equal(0.03m, (decimal)b.CacheWriteCost);
        Assert.Equal(-0.03m, (decimal)b.CacheSavings);
        Assert.Equal(0.78125m, (decimal)budget.CacheHitRate);
        Assert.Equal(0.0435m, (decimal)budget.CacheWriteCost);
        Assert.Equal(0.0915m, (decimal)budget.CacheSavings);
    }

    [Fact]
    public void Recorded_costs_leave_the_cache_costs_empty_but_not_the_hit_rate()
    {
        using TempFolder dir = Fixture();

        RunResult r = Run($"Get-ClaudeUsage -Path {Q(dir.Path)} -TimeZone UTC -GroupBy Total -CostMode Recorded");

        dynamic total = Assert.Single(r.Output);
        Assert.Equal(0.78125m, (decimal)total.CacheHitRate);
        Assert.Null(total.CacheWriteCost);
        Assert.Null(total.CacheSavings);
    }

    [Fact]
    public void The_Cache_view_shows_the_key_hit_rate_write_cost_savings_and_cost()
    {
        using TempFolder dir = Fixture();
        string path = Q(dir.Path);

        // Format-Table and Out-String are not in the engine's own assembly: their module is imported by path.
        string utility = typeof(Microsoft.PowerShell.Commands.FormatTableCommand).Assembly.Location;
        RunResult r = Run($"Import-Module {Q(utility)}; $PSStyle.OutputRendering = 'PlainText'; "
            + $"Get-ClaudeUsage -Path {path} -TimeZone UTC | Format-Table -View Cache | Out-String -Width 80; "
            + $"Get-ClaudeSession -Path {path} -TimeZone UTC | Format-Table -View Cache | Out-String -Width 80");

        Assert.Empty(r.Errors);
        string[] Rows(int i) => r.Output[i].ToString().ReplaceLineEndings("\n").Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0).ToArray();
        // The day: 78.125 % → 78.1%; $0.0435 → 0.04; $0.0915 → 0.09; $0.0795 → 0.08.
        Assert.Equal(["Group", "HitRate", "WriteCost", "Savings", "Cost"], Rows(0)[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(["2026-11-20", "78.1%", "0.04", "0.09", "0.08"], Rows(0)[2].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        // Session a: 50,000 ÷ 54,500 = 91.74 % → 91.7%; b: nothing read, and savings below zero.
        Assert.Equal(["Project", "SessionId", "HitRate", "WriteCost", "Savings", "Cost"], Rows(1)[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(["demo", "a", "91.7%", "0.01", "0.12", "0.04"], Rows(1)[2].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(["demo", "b", "0.0%", "0.03", "-0.03", "0.04"], Rows(1)[3].Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Read_through_the_ledger_sums_the_figures_are_the_same()
    {
        using TempFolder home = Fixture();

        // The default folders go through the ledger, which sums the responses in the database before they are priced.
        (int exit, string stdout, string stderr) = ModuleTests.RunHost(
            $"Import-Module {Q(ManifestPath)}; Get-ClaudeUsage -GroupBy Total -Since 2026-11-01 -Until 2026-11-30 -TimeZone UTC",
            ModuleTests.OwnHome(home.Path));

        Assert.True(exit == 0, stderr);
        Assert.Contains("CacheHitRate=0.78125\n", stdout.ReplaceLineEndings("\n"));
        Assert.Contains("CacheWriteCost=0.0435\n", stdout.ReplaceLineEndings("\n"));
        Assert.Contains("CacheSavings=0.0915\n", stdout.ReplaceLineEndings("\n"));
    }
}

using System.Globalization;
using System.Management.Automation;
using static ClaudeUsage.Tests.ModuleRunner;
using static ClaudeUsage.Tests.Transcript;

namespace ClaudeUsage.Tests;

public class GetClaudeBillingBlockTests
{
    private const string Sonnet = "claude-sonnet-4-6";        // $3 per million input tokens
    private const string Opus = "claude-opus-4-5-20251101";   // $5 per million input tokens
    private const string At = "-TimeZone UTC -At '2026-11-20T22:10:00'";

    /// <summary>
    /// 2026-11-20, UTC (input tokens only):
    /// window 1 [08:00, 13:00): 08:15 Sonnet 100,000 $0.30; 10:40 Sonnet 200,000 $0.60; 12:59 Opus 100,000 $0.50
    /// window 2 [13:00, 18:00): 13:00 (5 h after 08:00 opens a new window) Sonnet 100,000 $0.30; 14:30 Sonnet 200,000 $0.60
    /// gap      [18:00, 20:00): 20:10 comes 5 h 40 min after 14:30
    /// window 3 [20:00, 01:00): 20:10 Sonnet 400,000 $1.20; 21:10 Opus 200,000 $1.00 — active at 22:10
    /// </summary>
    /// <param name="under">Where the projects folder is: the folder itself, or its place in a home (".claude/").</param>
    private static TempFolder Fixture(string under = "")
    {
        var dir = new TempFolder();
        dir.Write(under + "projects/-home-user-work-demo/s.jsonl",
            ClaudeAssistant("2026-11-20T08:15:00.000Z", "m1", "r1", model: Sonnet, input: 100_000),
            ClaudeAssistant("2026-11-20T10:40:00.000Z", "m2", "r2", model: Sonnet, input: 200_000),
            ClaudeAssistant("2026-11-20T12:59:00.000Z", "m3", "r3", model: Opus, input: 100_000),
            ClaudeAssistant("2026-11-20T13:00:00.000Z", "m4", "r4", model: Sonnet, input: 100_000),
            ClaudeAssistant("2026-11-20T14:30:00.000Z", "m5", "r5", model: Sonnet, input: 200_000),
            ClaudeAssistant("2026-11-20T20:10:00.000Z", "m6", "r6", model: Sonnet, input: 400_000),
            ClaudeAssistant("2026-11-20T21:10:00.000Z", "m7", "r7", model: Opus, input: 200_000),
            ClaudeAssistant("2026-11-20T23:00:00.000Z", "m8", "r8", model: Opus, input: 900_000)); // after -At
        return dir;
    }

    private static DateTimeOffset Utc(string value) => DateTimeOffset.Parse(value, CultureInfo.InvariantCulture);

    [Fact]
    public void Active_through_the_ledger_reads_only_the_running_chain_of_windows_and_gives_what_the_logs_give()
    {
        // At 22:10 the chain running began at 20:10 (5 h 40 min after 14:30): the ledger sums its two responses only.
        // At 14:00 window 2 runs in the chain begun at 08:15; at 19:00 none runs. The first call is also the ledger's
        // first ingest: where to start reading is asked after it.
        using TempFolder home = Fixture(".claude/");
        string logs = Q(Path.Combine(home.Path, ".claude", "projects"));
        (int exit, string stdout, string stderr) = ModuleTests.RunHost(
            $$"""
            Import-Module {{Q(ManifestPath)}}
            function Dump($blocks) {
                foreach ($b in $blocks) { ($b.PSObject.Properties | ForEach-Object { "$($_.Name)=$($_.Value)" }) -join ';' }
            }
            foreach ($at in '2026-11-20T22:10:00', '2026-11-20T14:00:00', '2026-11-20T19:00:00') {
                $summed = Get-ClaudeBillingBlock -Active -TimeZone UTC -At $at -Verbose 4>&1 |
                    Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -like 'The ledger summed*' } |
                    ForEach-Object { ($_.Message -split ' ')[3] }
                $ledger = Dump (Get-ClaudeBillingBlock -Active -TimeZone UTC -At $at)
                $read = Dump (Get-ClaudeBillingBlock -Path {{logs}} -Active -TimeZone UTC -At $at)
                "$at summed $summed, $(@($ledger).Count) active, " + $(if (($ledger -join "`n") -ceq ($read -join "`n")) { 'same' } else { 'DIFFERENT' })
            }
            """,
            ModuleTests.OwnHome(home.Path));

        Assert.True(exit == 0, stderr);
        Assert.Equal(
            ["2026-11-20T22:10:00 summed 2, 1 active, same", "2026-11-20T14:00:00 summed 4, 1 active, same", "2026-11-20T19:00:00 summed 5, 0 active, same"],
            stdout.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    [Fact]
    public void Windows_have_hand_worked_boundaries_totals_and_an_active_projection()
    {
        using TempFolder dir = Fixture();

        RunResult r = Run($"Get-ClaudeBillingBlock -Path {Q(dir.Path)} {At}");

        Assert.Empty(r.Errors);
        Assert.Equal(3, r.Output.Count); // gaps only with -IncludeGaps
        dynamic first = r.Output[0], second = r.Output[1], active = r.Output[2];

        Assert.Equal(Utc("2026-11-20T08:00:00Z"), (DateTimeOffset)first.Start);
        Assert.Equal(Utc("2026-11-20T13:00:00Z"), (DateTimeOffset)first.End);
        Assert.Equal(Utc("2026-11-20T12:59:00Z"), (DateTimeOffset)first.LastActivity);
        Assert.Equal(3, (int)first.Requests);
        Assert.Equal(400_000L, (long)first.InputTokens);
        Assert.Equal(400_000L, (long)first.TotalTokens);
        Assert.Equal(1.40m, (decimal)first.Cost);
        Assert.Equal(new[] { Opus, Sonnet }, ((IEnumerable<string>)first.Models).ToArray());
        Assert.False((bool)first.IsActive);
        Assert.Null((object?)first.TimeLeft);

        Assert.Equal(Utc("2026-11-20T13:00:00Z"), (DateTimeOffset)second.Start);
        Assert.Equal(300_000L, (long)second.TotalTokens);
        Assert.Equal(0.90m, (decimal)second.Cost);

        // 600,000 tokens and $2.20 in the 2 h since 20:10: 5,000 tokens a minute, $1.10 an hour; 170 minutes left
        // to 01:00 → 600,000 + 850,000 = 1,450,000 tokens and 2.20 + 1.10 × 170/60 = $5.3167. The 23:00 response
        // lies after -At and is not counted.
        Assert.Equal(Utc("2026-11-20T20:00:00Z"), (DateTimeOffset)active.Start);
        Assert.Equal(Utc("2026-11-21T01:00:00Z"), (DateTimeOffset)active.End);
        Assert.Equal(Utc("2026-11-20T20:10:00Z"), (DateTimeOffset)active.FirstActivity);
        Assert.Equal(Utc("2026-11-20T21:10:00Z"), (DateTimeOffset)active.LastActivity);
        Assert.True((bool)active.IsActive);
        Assert.Equal(2, (int)active.Requests);
        Assert.Equal(600_000L, (long)active.TotalTokens);
        Assert.Equal(2.20m, (decimal)active.Cost);
        Assert.Equal(TimeSpan.FromMinutes(170), (TimeSpan)active.TimeLeft);
        Assert.Equal(5_000m, (decimal)active.TokensPerMinute);
        Assert.Equal(1.10m, (decimal)active.CostPerHour);
        Assert.Equal(1_450_000L, (long)active.ProjectedTotalTokens);
        Assert.Equal(5.3167m, Math.Round((decimal)active.ProjectedCost, 4));
        Assert.Null((object?)active.PercentUsed);
    }

    [Fact]
    public void Gaps_and_the_active_window_are_chosen_by_switches()
    {
        using TempFolder dir = Fixture();
        string path = Q(dir.Path);

        RunResult r = Run($"""
            Get-ClaudeBillingBlock -Path {path} {At} -IncludeGaps
            Get-ClaudeBillingBlock -Path {path} {At} -Active
            """);

        Assert.Empty(r.Errors);
        Assert.Equal(5, r.Output.Count);
        dynamic gap = r.Output[2];
        Assert.True((bool)gap.IsGap);
        Assert.Equal(Utc("2026-11-20T18:00:00Z"), (DateTimeOffset)gap.Start);
        Assert.Equal(Utc("2026-11-20T20:00:00Z"), (DateTimeOffset)gap.End);
        Assert.Equal(TimeSpan.FromHours(2), (TimeSpan)gap.Duration);
        dynamic onlyActive = r.Output[4];
        Assert.True((bool)onlyActive.IsActive);
        Assert.Equal(Utc("2026-11-20T20:00:00Z"), (DateTimeOffset)onlyActive.Start);
    }

    [Fact]
    public void A_token_limit_adds_percent_used_and_status()
    {
        using TempFolder dir = Fixture();
        string path = Q(dir.Path);

        RunResult r = Run($"""
            Get-ClaudeBillingBlock -Path {path} {At} -TokenLimit Max
            Get-ClaudeBillingBlock -Path {path} {At} -TokenLimit 1000000 -Active
            """);

        Assert.Empty(r.Errors);
        Assert.Equal(4, r.Output.Count);
        // Max = the largest finished window, 400,000: window 1 100 % Critical, window 2 75 % Ok, the active one
        // 150 % Exceeded and projected 1,450,000 / 400,000 = 362.5 %.
        Assert.Equal(400_000L, (long)((dynamic)r.Output[0]).TokenLimit);
        Assert.Equal(100m, (decimal)((dynamic)r.Output[0]).PercentUsed);
        Assert.Equal("Critical", ((dynamic)r.Output[0]).Status.ToString());
        Assert.Equal(75m, (decimal)((dynamic)r.Output[1]).PercentUsed);
        Assert.Equal("Ok", ((dynamic)r.Output[1]).Status.ToString());
        Assert.Equal(150m, (decimal)((dynamic)r.Output[2]).PercentUsed);
        Assert.Equal("Exceeded", ((dynamic)r.Output[2]).Status.ToString());
        Assert.Equal(362.5m, (decimal)((dynamic)r.Output[2]).ProjectedPercentUsed);

        // A fixed 1,000,000: the active window is at 60 % (Ok) but heading for 145 % (Exceeded).
        dynamic fixedLimit = r.Output[3];
        Assert.Equal(60m, (decimal)fixedLimit.PercentUsed);
        Assert.Equal("Ok", fixedLimit.Status.ToString());
        Assert.Equal(145m, (decimal)fixedLimit.ProjectedPercentUsed);
        Assert.Equal("Exceeded", fixedLimit.ProjectedStatus.ToString());
    }

    [Fact]
    public void A_window_begun_before_the_range_is_listed_whole()
    {
        using TempFolder dir = Fixture();

        // -Since 10:00 falls inside window 1, which is listed with its 08:15 response.
        RunResult r = Run($"Get-ClaudeBillingBlock -Path {Q(dir.Path)} {At} -Since '2026-11-20T10:00:00' -Until '2026-11-20T12:00:00'");

        dynamic only = Assert.Single(r.Output);
        Assert.Equal(Utc("2026-11-20T08:00:00Z"), (DateTimeOffset)only.Start);
        Assert.Equal(400_000L, (long)only.TotalTokens);
    }

    [Fact]
    public void Token_limit_completes_max()
    {
        RunResult r = Run("(TabExpansion2 -inputScript 'Get-ClaudeBillingBlock -TokenLimit m' -cursorColumn 36).CompletionMatches | ForEach-Object CompletionText");

        Assert.Equal("Max", (string)Assert.Single(r.Output).BaseObject);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("0")]
    [InlineData("-5")]
    public void A_bad_token_limit_is_a_terminating_invalid_argument_error(string limit)
    {
        using TempFolder dir = Fixture();

        RunResult r = Run($"try {{ Get-ClaudeBillingBlock -Path {Q(dir.Path)} -TokenLimit '{limit}'; 'not reached' }} catch {{ $_ }}");

        var record = (ErrorRecord)Assert.Single(r.Output).BaseObject;
        Assert.Equal(ErrorCategory.InvalidArgument, record.CategoryInfo.Category);
        Assert.StartsWith("InvalidTokenLimit,", record.FullyQualifiedErrorId);
    }

    [Fact]
    public void The_default_view_marks_the_active_window_and_its_time_left()
    {
        using TempFolder dir = Fixture();

        RunResult r = Run($"Get-ClaudeBillingBlock -Path {Q(dir.Path)} {At} -IncludeGaps -TokenLimit Max | Out-Default");

        Assert.Contains("TotalTokens", r.HostText);
        Assert.Contains("2026-11-20 20:00", r.HostText);
        Assert.Contains("ACTIVE", r.HostText);
        Assert.Contains("gap", r.HostText);
        Assert.Contains("600,000", r.HostText);
        Assert.Contains("2.20", r.HostText);
        Assert.Contains("150.0%", r.HostText);
        Assert.Contains("2:50", r.HostText); // time left
    }
}

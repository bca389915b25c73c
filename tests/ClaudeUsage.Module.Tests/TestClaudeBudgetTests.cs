using System.Globalization;
using System.Management.Automation;
using static ClaudeUsage.Tests.ModuleRunner;
using static ClaudeUsage.Tests.Transcript;

namespace ClaudeUsage.Tests;

public class TestClaudeBudgetTests
{
    private const string Sonnet = "claude-sonnet-4-6";        // $3 per million input tokens
    private const string Opus = "claude-opus-4-5-20251101";   // $5 per million input tokens

    /// <summary>Evaluated at Wednesday 2026-10-28 12:00 in Berlin (CET, 11:00Z), three days after summer time ended.</summary>
    private const string AtBerlin = "-TimeZone 'Europe/Berlin' -At '2026-10-28T12:00:00'";

    /// <summary>
    /// Session A (alpha), B (beta), C (gamma); input tokens only, so cost = tokens × price:
    /// 1. 2026-09-30T21:30Z = Sep 30 23:30 CEST  A Sonnet 1,000,000 → $3   (September: outside every period)
    /// 2. 2026-09-30T22:30Z = Oct 1 00:30 CEST   A Sonnet 2,000,000 → $6   (month)
    /// 3. 2026-10-25T22:30Z = Oct 25 23:30 CET   B Opus   1,000,000 → $5   (month; the week before — under CEST it would be the 26th)
    /// 4. 2026-10-25T23:30Z = Oct 26 00:30 CET   B Opus   2,400,000 → $12  (month, week)
    /// 5. 2026-10-28T08:00Z = Oct 28 09:00       C Sonnet 3,000,000 → $9   (month, week, day)
    /// 6. 2026-10-28T10:00Z = Oct 28 11:00       C Opus   1,200,000 → $6   (month, week, day)
    /// 7. 2026-10-28T12:00Z = Oct 28 13:00       C Opus  10,000,000 → $50  (after -At: not counted)
    /// Day $15, week (Mon Oct 26 – Sun Nov 1, across the month end) $27, October $38.
    /// </summary>
    /// <param name="under">Where the projects folder is: the folder itself, or its place in a home (".claude/").</param>
    private static TempFolder Fixture(string under = "")
    {
        var dir = new TempFolder();
        const string a = "aaaaaaaa-0000-0000-0000-000000000001", b = "bbbbbbbb-0000-0000-0000-000000000002", c = "cccccccc-0000-0000-0000-000000000003";
        dir.Write(under + "projects/-home-user-work-alpha/a.jsonl",
            ClaudeAssistant("2026-09-30T21:30:00.000Z", "msg_1", "req_1", model: Sonnet, input: 1_000_000, sessionId: a, cwd: "/home/user/work/alpha"),
            ClaudeAssistant("2026-09-30T22:30:00.000Z", "msg_2", "req_2", model: Sonnet, input: 2_000_000, sessionId: a, cwd: "/home/user/work/alpha"));
        dir.Write(under + "projects/-home-user-work-beta/b.jsonl",
            ClaudeAssistant("2026-10-25T22:30:00.000Z", "msg_3", "req_3", model: Opus, input: 1_000_000, sessionId: b, cwd: "/home/user/work/beta"),
            ClaudeAssistant("2026-10-25T23:30:00.000Z", "msg_4", "req_4", model: Opus, input: 2_400_000, sessionId: b, cwd: "/home/user/work/beta"));
        dir.Write(under + "projects/-home-user-work-gamma/c.jsonl",
            ClaudeAssistant("2026-10-28T08:00:00.000Z", "msg_5", "req_5", model: Sonnet, input: 3_000_000, sessionId: c, cwd: "/home/user/work/gamma"),
            ClaudeAssistant("2026-10-28T10:00:00.000Z", "msg_6", "req_6", model: Opus, input: 1_200_000, sessionId: c, cwd: "/home/user/work/gamma"),
            ClaudeAssistant("2026-10-28T12:00:00.000Z", "msg_7", "req_7", model: Opus, input: 10_000_000, sessionId: c, cwd: "/home/user/work/gamma"));
        return dir;
    }

    private static DateTimeOffset Utc(string value) => DateTimeOffset.Parse(value, CultureInfo.InvariantCulture);

    private static decimal R(object value, int digits = 4) => Math.Round((decimal)value, digits);

    private static void AssertContributor(dynamic c, string name, decimal cost, double share)
    {
        Assert.Equal(name, (string)c.Name);
        Assert.Equal(cost, (decimal)c.Cost);
        Assert.Equal((decimal)share, Math.Round((decimal)c.SharePercent, 2));
    }

    [Fact]
    public void Through_the_ledger_every_field_is_what_reading_the_logs_gives()
    {
        // The default folders go through the ledger, which sums the responses per local hour; the hour in which a limit
        // was reached (10:00Z for the day, 12:00Z for the month) is read again one response at a time.
        using TempFolder home = Fixture(".claude/");
        string budgets = $"{AtBerlin} -Daily 10 -Weekly 100 -Monthly 41.8 -Detailed";
        (int exit, string stdout, string stderr) = ModuleTests.RunHost(
            $$"""
            Import-Module {{Q(ManifestPath)}}
            {{ModuleTests.ShowFunction}}
            function Dump($statuses) {
                foreach ($s in $statuses) {
                    foreach ($p in $s.PSObject.Properties) {
                        if ($p.Value -is [System.Collections.IEnumerable] -and $p.Value -isnot [string]) {
                            foreach ($c in $p.Value) { "$($p.Name): " + (($c.PSObject.Properties | ForEach-Object { "$($_.Name)=$(Show $_.Value)" }) -join ';') }
                        } else { "$($p.Name)=$(Show $p.Value)" }
                    }
                }
            }
            $ledger = Dump (Test-ClaudeBudget {{budgets}})
            $logs = Dump (Test-ClaudeBudget -Path {{Q(Path.Combine(home.Path, ".claude", "projects"))}} {{budgets}})
            if (($ledger -join "`n") -ceq ($logs -join "`n")) { 'same' } else { $ledger; '----'; $logs }
            (Test-ClaudeBudget {{budgets}})[0].LimitReachedAt.UtcDateTime.ToString('o')
            [IO.File]::Exists({{Q(Path.Combine(home.Path, "data", "ledger.db"))}})
            @(Test-ClaudeBudget {{budgets}} -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -like 'The ledger summed*' }).Count
            """,
            ModuleTests.OwnHome(home.Path));

        Assert.True(exit == 0, stderr);
        Assert.Equal(["same", "2026-10-28T10:00:00.0000000Z", "True", "1"], stdout.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    [Fact]
    public void Detailed_gives_every_field_of_a_day_over_budget_a_week_across_the_month_end_and_a_dst_month()
    {
        using TempFolder dir = Fixture();

        RunResult r = Run($"Test-ClaudeBudget -Path {Q(dir.Path)} {AtBerlin} -Daily 10 -Weekly 100 -Monthly 41.8 -Detailed");

        Assert.Empty(r.Errors);
        Assert.Empty(r.Warnings);
        Assert.Equal(3, r.Output.Count);
        Assert.All(r.Output, o => Assert.Equal("ClaudeUsage.BudgetStatus", o.TypeNames[0]));
        dynamic day = r.Output[0], week = r.Output[1], month = r.Output[2];

        // Day, Oct 28 (CET): $9 + $6 = $15 of $10 → 150 %, Exceeded. Half the day is gone (12 of 24 hours):
        // $30 per day against $10, ×3, projected $30, $20 over. The limit was reached by response 6 at 10:00Z.
        Assert.Equal("Daily", day.Period.ToString());
        Assert.Equal("Cost", day.Metric.ToString());
        Assert.Equal(Utc("2026-10-27T23:00:00Z"), (DateTimeOffset)day.PeriodStart);
        Assert.Equal(TimeSpan.FromHours(1), ((DateTimeOffset)day.PeriodStart).Offset);
        Assert.Equal(Utc("2026-10-28T23:00:00Z"), (DateTimeOffset)day.PeriodEnd);
        Assert.Equal(Utc("2026-10-28T11:00:00Z"), (DateTimeOffset)day.At);
        Assert.Equal("Europe/Berlin", (string)day.TimeZone);
        Assert.Equal(10m, (decimal)day.Limit);
        Assert.Equal(15m, (decimal)day.Spent);
        Assert.Equal(-5m, (decimal)day.Remaining);
        Assert.Equal(150m, (decimal)day.PercentUsed);
        Assert.Equal("Exceeded", day.Status.ToString());
        Assert.False((bool)day.IsBelowCritical);
        Assert.Equal(0.8m, (decimal)day.WarningAt);
        Assert.Equal(1.0m, (decimal)day.CriticalAt);
        Assert.Equal(1, (int)day.PeriodDays);
        Assert.Equal(0.5m, (decimal)day.ElapsedDays);
        Assert.Equal(30m, (decimal)day.BurnRatePerDay);
        Assert.Equal(10m, (decimal)day.BudgetRatePerDay);
        Assert.Equal(3m, (decimal)day.BurnMultiplier);
        Assert.Equal(30m, (decimal)day.ProjectedSpend);
        Assert.Equal(20m, (decimal)day.ProjectedOverage);
        Assert.Equal(Utc("2026-10-28T10:00:00Z"), (DateTimeOffset)day.LimitReachedAt);
        Assert.Equal(2, (int)day.Requests);
        Assert.Equal(0, (int)day.UnpricedRequests);
        var daySessions = ((IEnumerable<object>)day.TopSessions).ToList();
        AssertContributor(Assert.Single(daySessions), "cccccccc-0000-0000-0000-000000000003", 15m, 100);
        Assert.Equal("gamma", (string)((dynamic)daySessions[0]).Project);
        Assert.Equal(4_200_000L, (long)((dynamic)daySessions[0]).TotalTokens);
        Assert.Equal(2, (int)((dynamic)daySessions[0]).Requests);
        var dayModels = ((IEnumerable<object>)day.TopModels).ToList();
        Assert.Equal(2, dayModels.Count);
        AssertContributor(dayModels[0], Sonnet, 9m, 60);
        AssertContributor(dayModels[1], Opus, 6m, 40);
        Assert.Null((object?)((dynamic)dayModels[0]).Project);

        // Week Mon Oct 26 – Sun Nov 1 (straddles the month end): $12 + $9 + $6 = $27 of $100 → 27 %, Ok.
        // Response 3 (Oct 25 23:30 CET) is the week before. 2.5 days gone: $10.80 per day against 100/7 = $14.2857,
        // ×0.756, projected $75.60 — the limit is never reached (the rest would take 73 / 10.8 = 6.76 more days).
        Assert.Equal("Weekly", week.Period.ToString());
        Assert.Equal(Utc("2026-10-25T23:00:00Z"), (DateTimeOffset)week.PeriodStart);
        Assert.Equal(Utc("2026-11-01T23:00:00Z"), (DateTimeOffset)week.PeriodEnd);
        Assert.Equal(100m, (decimal)week.Limit);
        Assert.Equal(27m, (decimal)week.Spent);
        Assert.Equal(73m, (decimal)week.Remaining);
        Assert.Equal(27m, (decimal)week.PercentUsed);
        Assert.Equal("Ok", week.Status.ToString());
        Assert.True((bool)week.IsBelowCritical);
        Assert.Equal(7, (int)week.PeriodDays);
        Assert.Equal(2.5m, (decimal)week.ElapsedDays);
        Assert.Equal(10.8m, (decimal)week.BurnRatePerDay);
        Assert.Equal(14.2857m, R(week.BudgetRatePerDay));
        Assert.Equal(0.756m, (decimal)week.BurnMultiplier);
        Assert.Equal(75.6m, (decimal)week.ProjectedSpend);
        Assert.Equal(0m, (decimal)week.ProjectedOverage);
        Assert.Null((object?)week.LimitReachedAt);
        Assert.Equal(3, (int)week.Requests);
        var weekSessions = ((IEnumerable<object>)week.TopSessions).ToList();
        Assert.Equal(2, weekSessions.Count);
        AssertContributor(weekSessions[0], "cccccccc-0000-0000-0000-000000000003", 15m, 55.56);
        AssertContributor(weekSessions[1], "bbbbbbbb-0000-0000-0000-000000000002", 12m, 44.44);
        var weekModels = ((IEnumerable<object>)week.TopModels).ToList();
        AssertContributor(weekModels[0], Opus, 18m, 66.67);
        AssertContributor(weekModels[1], Sonnet, 9m, 33.33);

        // October (Oct 1 00:00 CEST to Nov 1 00:00 CET, 31 days although 745 hours long): $6 + $5 + $12 + $9 + $6
        // = $38 of $41.80 → 90.91 %, Warning. 27.5 calendar days gone: 38 / 27.5 = $1.3818 per day against
        // 41.8 / 31 = $1.3484, ×1.0248; projected 38 × 31 / 27.5 = $42.8364, $1.0364 over. The remaining $3.80
        // takes 3.8 / 1.3818 = 2.75 days: 27.5 + 2.75 = 30.25 → Oct 31 06:00 CET = 05:00Z.
        Assert.Equal("Monthly", month.Period.ToString());
        Assert.Equal(Utc("2026-09-30T22:00:00Z"), (DateTimeOffset)month.PeriodStart);
        Assert.Equal(TimeSpan.FromHours(2), ((DateTimeOffset)month.PeriodStart).Offset);
        Assert.Equal(Utc("2026-10-31T23:00:00Z"), (DateTimeOffset)month.PeriodEnd);
        Assert.Equal(TimeSpan.FromHours(1), ((DateTimeOffset)month.PeriodEnd).Offset);
        Assert.Equal(41.8m, (decimal)month.Limit);
        Assert.Equal(38m, (decimal)month.Spent);
        Assert.Equal(3.8m, (decimal)month.Remaining);
        Assert.Equal(90.9091m, R(month.PercentUsed));
        Assert.Equal("Warning", month.Status.ToString());
        Assert.True((bool)month.IsBelowCritical);
        Assert.Equal(31, (int)month.PeriodDays);
        Assert.Equal(27.5m, (decimal)month.ElapsedDays);
        Assert.Equal(1.3818m, R(month.BurnRatePerDay));
        Assert.Equal(1.3484m, R(month.BudgetRatePerDay));
        Assert.Equal(1.0248m, R(month.BurnMultiplier));
        Assert.Equal(42.8364m, R(month.ProjectedSpend));
        Assert.Equal(1.0364m, R(month.ProjectedOverage));
        Assert.Equal(Utc("2026-10-31T05:00:00Z"), (DateTimeOffset)month.LimitReachedAt);
        Assert.Equal(5, (int)month.Requests);
        var monthSessions = ((IEnumerable<object>)month.TopSessions).ToList();
        Assert.Equal(3, monthSessions.Count);
        AssertContributor(monthSessions[0], "bbbbbbbb-0000-0000-0000-000000000002", 17m, 44.74);
        AssertContributor(monthSessions[1], "cccccccc-0000-0000-0000-000000000003", 15m, 39.47);
        AssertContributor(monthSessions[2], "aaaaaaaa-0000-0000-0000-000000000001", 6m, 15.79);
        var monthModels = ((IEnumerable<object>)month.TopModels).ToList();
        AssertContributor(monthModels[0], Opus, 23m, 60.53);
        AssertContributor(monthModels[1], Sonnet, 15m, 39.47);
    }

    [Fact]
    public void A_token_budget_counts_all_tokens_of_the_period()
    {
        using TempFolder dir = Fixture();

        RunResult r = Run($"Test-ClaudeBudget -Path {Q(dir.Path)} {AtBerlin} -MonthlyTokens 20000000 -Detailed");

        // October tokens: 2,000,000 + 1,000,000 + 2,400,000 + 3,000,000 + 1,200,000 = 9,600,000 → 48 %, Ok;
        // projected 9.6M × 31 / 27.5 = 10,821,818.18 tokens.
        dynamic status = Assert.Single(r.Output);
        Assert.Equal("Tokens", status.Metric.ToString());
        Assert.Equal(9_600_000m, (decimal)status.Spent);
        Assert.Equal(48m, (decimal)status.PercentUsed);
        Assert.Equal("Ok", status.Status.ToString());
        Assert.Equal(10_821_818.18m, R(status.ProjectedSpend, 2));
        Assert.Null((object?)status.LimitReachedAt);
        var models = ((IEnumerable<object>)status.TopModels).ToList();
        Assert.Equal(Sonnet, (string)((dynamic)models[0]).Name); // 5,000,000 tokens against Opus's 4,600,000
        Assert.Equal(52.08m, Math.Round((decimal)((dynamic)models[0]).SharePercent, 2));
    }

    [Fact]
    public void Without_detailed_one_bool_answers_and_works_in_an_if()
    {
        using TempFolder dir = Fixture();
        string path = Q(dir.Path);

        RunResult r = Run($$"""
            Test-ClaudeBudget -Path {{path}} {{AtBerlin}} -Daily 10 -Weekly 100
            Test-ClaudeBudget -Path {{path}} {{AtBerlin}} -Weekly 100 -Monthly 41.8
            if (-not (Test-ClaudeBudget -Path {{path}} {{AtBerlin}} -Daily 10)) { 'over' } else { 'within' }
            if (-not (Test-ClaudeBudget -Path {{path}} {{AtBerlin}} -Monthly 41.8)) { 'over' } else { 'within' }
            # At 95 % the monthly budget is critical when critical starts at 0.9.
            Test-ClaudeBudget -Path {{path}} {{AtBerlin}} -Monthly 40 -WarningAt 0.5 -CriticalAt 0.9
            """);

        Assert.Empty(r.Errors);
        Assert.Equal(5, r.Output.Count);
        Assert.False((bool)r.Output[0].BaseObject); // the day is at 150 %
        Assert.True((bool)r.Output[1].BaseObject);  // 27 % and 90.9 % (a warning is not a failure)
        Assert.Equal("over", r.Output[2].BaseObject);
        Assert.Equal("within", r.Output[3].BaseObject);
        Assert.False((bool)r.Output[4].BaseObject);
    }

    [Fact]
    public void A_status_is_critical_between_the_critical_threshold_and_the_limit()
    {
        using TempFolder dir = Fixture();

        RunResult r = Run($"Test-ClaudeBudget -Path {Q(dir.Path)} {AtBerlin} -Monthly 40 -WarningAt 0.5 -CriticalAt 0.9 -Detailed");

        // $38 of $40 = 95 %: at least 90 %, not above 100 %.
        dynamic status = Assert.Single(r.Output);
        Assert.Equal(95m, (decimal)status.PercentUsed);
        Assert.Equal("Critical", status.Status.ToString());
        Assert.False((bool)status.IsBelowCritical);
    }

    [Fact]
    public void The_scheduled_script_in_the_readme_logs_and_decides_from_the_status_objects()
    {
        using TempFolder dir = Fixture();

        // The README's cron line, with the clock and the log file left out: one line per budget, then the exit decision.
        RunResult r = Run($$"""
            $b = Test-ClaudeBudget -Path {{Q(dir.Path)}} {{AtBerlin}} -Monthly 41.8 -Daily 10 -Detailed
            foreach ($x in $b) { "{0} spent {1:N2} of {2:N2} USD ({3:N1} pct, {4})" -f $x.Period, $x.Spent, $x.Limit, $x.PercentUsed, $x.Status }
            if ($b.IsBelowCritical -contains $false) { 'exit 1' } else { 'exit 0' }
            """);

        Assert.Empty(r.Errors);
        Assert.Equal(
            ["Daily spent 15.00 of 10.00 USD (150.0 pct, Exceeded)", "Monthly spent 38.00 of 41.80 USD (90.9 pct, Warning)", "exit 1"],
            r.Output.Select(o => (string)o.BaseObject));
    }

    [Theory]
    [InlineData("-Daily 0", "InvalidBudget")]
    [InlineData("-Monthly -5", "InvalidBudget")]
    [InlineData("-WeeklyTokens 0", "InvalidBudget")]
    [InlineData("-Daily 10 -WarningAt 0.9 -CriticalAt 0.8", "InvalidBudgetThreshold")]
    [InlineData("-Daily 10 -WarningAt 0", "InvalidBudgetThreshold")]
    [InlineData("", "NoBudget")]
    [InlineData("-Daily 10 -Since 2026-10-01", "BudgetRangeNotSupported")]
    [InlineData("-Daily 10 -Period ThisMonth", "BudgetRangeNotSupported")]
    public void Bad_budgets_are_terminating_invalid_argument_errors(string arguments, string errorId)
    {
        using TempFolder dir = Fixture();

        RunResult r = Run($"try {{ Test-ClaudeBudget -Path {Q(dir.Path)} {arguments}; 'not reached' }} catch {{ $_ }}");

        var record = (ErrorRecord)Assert.Single(r.Output).BaseObject;
        Assert.Equal(ErrorCategory.InvalidArgument, record.CategoryInfo.Category);
        Assert.StartsWith(errorId + ",", record.FullyQualifiedErrorId);
        Assert.False(string.IsNullOrWhiteSpace(record.Exception.Message));
    }

    [Fact]
    public void The_default_view_shows_each_budget_with_money_to_the_cent_and_an_uncapped_percentage()
    {
        using TempFolder dir = Fixture();

        RunResult r = Run($"Test-ClaudeBudget -Path {Q(dir.Path)} {AtBerlin} -Daily 10 -Weekly 100 -Monthly 41.8 -MonthlyTokens 20000000 -Detailed | Out-Default");

        Assert.Empty(r.Errors);
        string text = r.HostText;
        Assert.Contains("Budget", text);
        Assert.Contains("Daily USD", text);
        Assert.Contains("15.00", text);            // spent, to the cent
        Assert.Contains("150.0%", text);
        Assert.Contains("Exceeded", text);
        Assert.Contains("2026-10-26..11-01", text); // the week: its first and last day
        Assert.Contains("2026-10-01..10-31", text);
        Assert.Contains("90.9%", text);
        Assert.Contains("Monthly tokens", text);
        Assert.Contains("20,000,000", text);
        Assert.Contains("9,600,000", text);
    }
}

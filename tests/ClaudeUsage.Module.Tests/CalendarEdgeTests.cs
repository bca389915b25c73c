using static ClaudeUsage.Tests.ModuleRunner;
using static ClaudeUsage.Tests.Transcript;

namespace ClaudeUsage.Tests;

/// <summary>Times at the edges of the calendar, in logs and in parameters, in zones far east and west of UTC.</summary>
public class CalendarEdgeTests
{
    /// <summary>TotalTokens summed over rows (the engine hosted in tests has no Measure-Object).</summary>
    private const string SumFunction = "function Sum($rows) { $t = 0L; foreach ($r in $rows) { $t += $r.TotalTokens }; $t }\n";

    /// <summary>Two good responses (10 + 5 and 20 + 5 tokens) and two at the calendar's edges.</summary>
    private static TempFolder Fixture()
    {
        var dir = new TempFolder();
        dir.Write("projects/-home-user-work-demo/s.jsonl",
            ClaudeAssistant("2026-11-20T10:00:00.000Z", "msg_1", "req_1", input: 10, output: 5),
            ClaudeAssistant("0001-01-01T00:00:00.000Z", "msg_old", "req_old", input: 1_000, output: 1),
            ClaudeAssistant("9999-12-31T23:59:59.000Z", "msg_late", "req_late", input: 1_000, output: 1),
            ClaudeAssistant("2026-11-21T10:00:00.000Z", "msg_2", "req_2", input: 20, output: 5));
        return dir;
    }

    [Theory]
    [InlineData("$null = @(Find-ClaudeUsageSpike {0} -Period AllTime -TimeZone Pacific/Kiritimati); Sum (Get-ClaudeUsage {0} -Period AllTime -GroupBy Total)")]
    [InlineData("Sum (Get-ClaudeUsage {0} -GroupBy Day -TimeZone Pacific/Kiritimati)")]
    [InlineData("Sum (Get-ClaudeUsage {0} -GroupBy Week -TimeZone Pacific/Kiritimati)")]
    [InlineData("Sum (Get-ClaudeUsage {0} -GroupBy Month -TimeZone Pacific/Kiritimati)")]
    [InlineData("Sum (Get-ClaudeUsage {0} -GroupBy Hour -TimeZone America/Adak)")]
    public void Timestamps_at_the_calendar_edges_are_malformed_lines_and_the_rest_is_counted(string script)
    {
        using TempFolder dir = Fixture();

        RunResult r = Run(SumFunction + string.Format(System.Globalization.CultureInfo.InvariantCulture, script, $"-Path {Q(dir.Path)}"));

        Assert.Empty(r.Errors);
        // 10 + 5 + 20 + 5 = 40: the two lines dated 0001 and 9999 have no valid timestamp.
        Assert.Equal(40L, Convert.ToInt64(r.Output[^1].BaseObject, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains(r.Warnings, w => w.Contains("skipped 2 malformed line(s), the first at line 2", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("(Get-ClaudeUsage {0} -GroupBy Total -Until 9999-12-31 -TimeZone Pacific/Kiritimati).TotalTokens")]
    [InlineData("(Get-ClaudeUsage {0} -GroupBy Total -Since 0001-01-01 -TimeZone Asia/Tokyo).TotalTokens")]
    [InlineData("(Get-ClaudeUsage {0} -GroupBy Total -Since 0001-01-01 -Until 9999-12-31 -TimeZone America/Adak).TotalTokens")]
    [InlineData("Sum (Get-ClaudeBillingBlock {0} -At 9999-12-31 -Period AllTime -TimeZone Asia/Tokyo)")]
    public void Bounds_beyond_every_timestamp_are_no_bounds(string script)
    {
        using TempFolder dir = Fixture();

        RunResult r = Run(SumFunction + string.Format(System.Globalization.CultureInfo.InvariantCulture, script, $"-Path {Q(dir.Path)}"));

        Assert.Empty(r.Errors);
        Assert.Equal(40L, Convert.ToInt64(r.Output[^1].BaseObject, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void A_budget_for_the_last_month_of_the_calendar_is_evaluated_without_error()
    {
        using TempFolder dir = Fixture();

        RunResult r = Run($"$s = Test-ClaudeBudget -Path {Q(dir.Path)} -MonthlyTokens 100 -At 9999-12-31 -TimeZone Pacific/Kiritimati -Detailed; " +
            "$s.Spent; $s.PeriodStart.ToString('yyyy-MM-dd zzz', [cultureinfo]::InvariantCulture)");

        Assert.Empty(r.Errors);
        // An -At after every usage timestamp is taken as the end of the calendar the module keeps, 8999-12-30 00:00
        // UTC: 14:00 that day in Kiritimati (UTC+14), so the month is December 8999, which holds none of the
        // fixture's responses (the line dated 9999-12-31 is malformed, not counted).
        Assert.Equal(0m, Convert.ToDecimal(r.Output[0].BaseObject, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("8999-12-01 +14:00", r.Output[1].BaseObject);
    }
}

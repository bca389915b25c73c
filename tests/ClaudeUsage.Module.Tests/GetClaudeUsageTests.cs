using System.Management.Automation;
using static ClaudeUsage.Tests.ModuleRunner;
using static ClaudeUsage.Tests.Transcript;

namespace ClaudeUsage.Tests;

public class GetClaudeUsageTests
{
    /// <summary>
    /// Two days in Berlin, two models. Hand-worked totals (Sonnet 4.5: $3 in, $15 out, $0.30 read; Opus 4.5: $5 in, $25 out):
    /// 2026-11-20: msg_A (streamed twice, output 40 then 400) 1,000 in + 400 out + 10,000 read on Sonnet
    ///             → 3,000 + 6,000 + 3,000 = 12,000 per million = $0.012;
    ///             msg_B 2,000 in + 1,000 out on Opus → 10,000 + 25,000 = 35,000 → $0.035.
    /// 2026-11-21 (23:30 UTC on the 20th is 00:30 on the 21st in Berlin): msg_C 100,000 in on Sonnet → $0.30.
    /// </summary>
    private static TempFolder Fixture()
    {
        var dir = new TempFolder();
        dir.Write("projects/-home-user-work-demo/s1.jsonl",
            ClaudeUser("2026-11-20T09:00:00.000Z"),
            ClaudeAssistant("2026-11-20T09:00:05.000Z", "msg_A", "req_A", input: 1_000, output: 40, cacheRead: 10_000),
            ClaudeAssistant("2026-11-20T09:00:06.000Z", "msg_A", "req_A", input: 1_000, output: 400, cacheRead: 10_000),
            ClaudeAssistant("2026-11-20T10:00:00.000Z", "msg_B", "req_B", model: "claude-opus-4-5-20251101", input: 2_000, output: 1_000));
        dir.Write("projects/-home-user-work-other/s2.jsonl",
            ClaudeAssistant("2026-11-20T23:30:00.000Z", "msg_C", "req_C", input: 100_000, sessionId: "22222222-2222-2222-2222-222222222222", cwd: "/home/user/work/other"));
        return dir;
    }

    [Fact]
    public void Groups_by_day_in_the_chosen_zone_with_exact_tokens_and_costs()
    {
        using TempFolder dir = Fixture();

        RunResult r = Run($"Get-ClaudeUsage -Path {Q(dir.Path)} -GroupBy Day -TimeZone 'Europe/Berlin'");

        Assert.Empty(r.Errors);
        Assert.Equal(2, r.Output.Count);
        dynamic day1 = r.Output[0], day2 = r.Output[1];
        Assert.Equal(new DateTime(2026, 11, 20), (DateTime)day1.Day);
        Assert.Equal(3_000L, (long)day1.InputTokens);
        Assert.Equal(1_400L, (long)day1.OutputTokens);
        Assert.Equal(10_000L, (long)day1.CacheReadTokens);
        Assert.Equal(14_400L, (long)day1.TotalTokens);
        Assert.Equal(2, (int)day1.Requests);
        Assert.Equal(0.047m, (decimal)day1.Cost);
        Assert.Equal(new DateTime(2026, 11, 21), (DateTime)day2.Day);
        Assert.Equal(0.3m, (decimal)day2.Cost);
    }

    [Fact]
    public void Output_composes_with_where_object()
    {
        using TempFolder dir = Fixture();

        RunResult r = Run($"Get-ClaudeUsage -Path {Q(dir.Path)} -GroupBy Day,Model -TimeZone UTC | Where-Object Cost -gt 0.02");

        Assert.Empty(r.Errors);
        Assert.Equal(2, r.Output.Count);
        Assert.Equal(["claude-opus-4-5-20251101", "claude-sonnet-4-5-20250929"], r.Output.Select(o => (string)o.Properties["Model"].Value));
        Assert.All(r.Output, o => Assert.Equal(new DateTime(2026, 11, 20), (DateTime)o.Properties["Day"].Value));
    }

    [Fact]
    public void Total_grouping_gives_one_row_with_sessions_and_models()
    {
        using TempFolder dir = Fixture();

        RunResult r = Run($"Get-ClaudeUsage -Path {Q(dir.Path)} -GroupBy Total");

        dynamic total = Assert.Single(r.Output);
        Assert.Equal(3, (int)total.Requests);
        Assert.Equal(2, (int)total.Sessions);
        Assert.Equal(0.347m, (decimal)total.Cost);
        Assert.Equal(new[] { "claude-opus-4-5-20251101", "claude-sonnet-4-5-20250929" }, ((IEnumerable<string>)total.Models).ToArray());
    }

    [Fact]
    public void Filters_take_wildcards()
    {
        using TempFolder dir = Fixture();

        RunResult r = Run($"Get-ClaudeUsage -Path {Q(dir.Path)} -GroupBy Total -Model '*opus*'; Get-ClaudeUsage -Path {Q(dir.Path)} -GroupBy Total -Project 'oth*'");

        Assert.Equal(2, r.Output.Count);
        Assert.Equal(0.035m, (decimal)r.Output[0].Properties["Cost"].Value);
        Assert.Equal(0.3m, (decimal)r.Output[1].Properties["Cost"].Value);
    }

    [Theory]
    [InlineData("-Model", "Get-ClaudeUsage")]
    [InlineData("-Project", "Get-ClaudeUsage")]
    [InlineData("-SessionId", "Get-ClaudeSession")]
    [InlineData("-Model", "Get-ClaudeModelPrice")]
    public void An_invalid_wildcard_is_an_error_that_names_the_parameter(string parameter, string cmdlet)
    {
        using TempFolder dir = Fixture();
        string path = cmdlet == "Get-ClaudeModelPrice" ? string.Empty : $"-Path {Q(dir.Path)}";

        RunResult r = Run($"try {{ {cmdlet} {path} {parameter} '[' -ErrorAction Stop }} catch {{ $_ }}");

        ErrorRecord error = Assert.IsType<ErrorRecord>(Assert.Single(r.Output).BaseObject);
        Assert.StartsWith("InvalidWildcardPattern,", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Contains($"{parameter} '['", error.Exception.Message);
    }

    [Fact]
    public void Since_and_until_take_bare_dates_in_the_zone_and_include_the_until_day()
    {
        using TempFolder dir = Fixture();

        RunResult r = Run($"Get-ClaudeUsage -Path {Q(dir.Path)} -GroupBy Total -TimeZone 'Europe/Berlin' -Since 2026-11-21 -Until 2026-11-21");

        Assert.Equal(100_000L, (long)Assert.Single(r.Output).Properties["InputTokens"].Value);
    }

    [Fact]
    public void An_unpriced_model_has_a_null_cost_and_one_warning_naming_it()
    {
        using var dir = new TempFolder();
        dir.Write("projects/p/s.jsonl",
            ClaudeAssistant("2026-11-20T09:00:00.000Z", "m1", "r1", model: "claude-imaginary-9", input: 10),
            ClaudeAssistant("2026-11-20T09:01:00.000Z", "m2", "r2", model: "claude-imaginary-9", input: 10));

        RunResult r = Run($"Get-ClaudeUsage -Path {Q(dir.Path)} -GroupBy Model");

        dynamic row = Assert.Single(r.Output);
        Assert.Null((object?)row.Cost);
        Assert.Equal(2, (int)row.UnpricedRequests);
        string warning = Assert.Single(r.Warnings);
        Assert.Contains("claude-imaginary-9", warning);
    }

    [Fact]
    public void A_missing_path_is_an_object_not_found_error()
    {
        RunResult r = Run("Get-ClaudeUsage -Path '/no/such/folder/anywhere'");

        ErrorRecord error = Assert.Single(r.Errors);
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.StartsWith("PathNotFound,", error.FullyQualifiedErrorId);
        Assert.Empty(r.Output);
    }

    [Fact]
    public void A_wildcard_that_matches_nothing_is_an_error_that_points_to_LiteralPath()
    {
        using var dir = new TempFolder();
        // A real file whose name has brackets: as -Path it is a wildcard that matches nothing; as -LiteralPath it is read.
        dir.Write("projects/p/x[1].jsonl", ClaudeAssistant("2026-11-20T09:00:00.000Z", "m1", "r1", input: 10, output: 2));
        string file = Path.Combine(dir.Path, "projects", "p", "x[1].jsonl");

        RunResult wildcard = Run($"Get-ClaudeUsage -Path {Q(file)} -GroupBy Total");
        RunResult literal = Run($"Get-ClaudeUsage -LiteralPath {Q(file)} -GroupBy Total");

        ErrorRecord error = Assert.Single(wildcard.Errors);
        Assert.StartsWith("PathNotFound,", error.FullyQualifiedErrorId);
        Assert.Contains("-LiteralPath", error.Exception.Message);
        Assert.Equal(12L, (long)Assert.Single(literal.Output).Properties["TotalTokens"].Value);
    }

    [Fact]
    public void A_malformed_line_warns_once_per_file_with_its_line_number()
    {
        using var dir = new TempFolder();
        string file = dir.Write("projects/p/s.jsonl",
            ClaudeAssistant("2026-11-20T09:00:00.000Z", "m1", "r1", input: 10),
            "{\"usage\": broken",
            "{\"usage\": broken again",
            ClaudeAssistant("2026-11-20T09:01:00.000Z", "m2", "r2", input: 20));

        RunResult r = Run($"Get-ClaudeUsage -Path {Q(dir.Path)} -GroupBy Total");

        Assert.Equal(30L, (long)Assert.Single(r.Output).Properties["InputTokens"].Value);
        string warning = Assert.Single(r.Warnings);
        Assert.Contains(file, warning);
        Assert.Contains("2 malformed", warning);
        Assert.Contains("line 2", warning);
    }

    [Fact]
    public void A_bad_time_zone_is_a_terminating_invalid_argument_error()
    {
        using TempFolder dir = Fixture();

        RunResult r = Run($"try {{ Get-ClaudeUsage -Path {Q(dir.Path)} -TimeZone 'Mars/Olympus' }} catch {{ $_ }}");

        var record = (ErrorRecord)Assert.Single(r.Output).BaseObject;
        Assert.Equal(ErrorCategory.InvalidArgument, record.CategoryInfo.Category);
        Assert.StartsWith("InvalidTimeZone,", record.FullyQualifiedErrorId);
    }

    [Fact]
    public void The_default_view_shows_the_grouping_key_and_costs_to_the_cent()
    {
        using TempFolder dir = Fixture();

        RunResult r = Run($"Get-ClaudeUsage -Path {Q(dir.Path)} -GroupBy Day -TimeZone 'Europe/Berlin' | Out-Default");

        Assert.Contains("Day", r.HostText);
        Assert.Contains("TotalTokens", r.HostText);
        Assert.Contains("2026-11-20", r.HostText);
        Assert.Contains("14,400", r.HostText);
        Assert.Contains("0.05", r.HostText); // $0.047 to the cent
        Assert.Contains("0.30", r.HostText);
    }
}

public class DaylightSavingTests
{
    [Fact]
    public void A_25_hour_day_collects_everything_between_its_local_midnights()
    {
        using var dir = new TempFolder();
        // Berlin leaves summer time on 2026-10-25: that day runs from 22:00 UTC on the 24th to 23:00 UTC on the 25th.
        dir.Write("projects/p/s.jsonl",
            Transcript.ClaudeAssistant("2026-10-24T21:59:00.000Z", "m0", "r0", input: 1),      // 23:59 CEST, the 24th
            Transcript.ClaudeAssistant("2026-10-24T22:00:00.000Z", "m1", "r1", input: 10),     // 00:00 CEST, the 25th
            Transcript.ClaudeAssistant("2026-10-25T22:59:00.000Z", "m2", "r2", input: 100),    // 23:59 CET, the 25th
            Transcript.ClaudeAssistant("2026-10-25T23:00:00.000Z", "m3", "r3", input: 1_000)); // 00:00 CET, the 26th

        RunResult r = ModuleRunner.Run($"Get-ClaudeUsage -Path {ModuleRunner.Q(dir.Path)} -GroupBy Day -TimeZone 'Europe/Berlin'");

        Assert.Equal([1L, 110L, 1_000L], r.Output.Select(o => (long)o.Properties["InputTokens"].Value));
        Assert.Equal([new DateTime(2026, 10, 24), new DateTime(2026, 10, 25), new DateTime(2026, 10, 26)], r.Output.Select(o => (DateTime)o.Properties["Day"].Value));
    }
}

using System.Globalization;
using System.Management.Automation;
using static ClaudeUsage.Tests.ModuleRunner;
using static ClaudeUsage.Tests.Transcript;

namespace ClaudeUsage.Tests;

/// <summary>
/// Find-ClaudeCacheMiss through the staged module: what it binds from the pipeline and what its objects bind in the
/// cmdlets after it. Claude Sonnet 4.5, $3.75 per million tokens for 5-minute writes and $0.30 for reads, UTC.
/// </summary>
public class FindClaudeCacheMissTests
{
    /// <summary>
    /// Session 'a' loses its 40,000-token prefix to a 7-minute gap on 20 November (40,000 × $3.45 = $0.138) and
    /// its 42,000-token one to a 10-minute gap on 21 November (42,000 × $3.45 = $0.1449); session 'b' never misses.
    /// </summary>
    private static TempFolder Fixture()
    {
        var dir = new TempFolder();
        dir.Write("projects/-home-user-work-demo/a.jsonl",
            ClaudeAssistant("2026-11-20T09:00:00.000Z", "msg_1", "req_1", cacheWrite5m: 40_000, sessionId: "a"),
            ClaudeAssistant("2026-11-20T09:07:00.000Z", "msg_2", "req_2", cacheWrite5m: 41_000, sessionId: "a"),
            ClaudeAssistant("2026-11-21T09:00:00.000Z", "msg_3", "req_3", cacheWrite5m: 1_000, cacheRead: 41_000, sessionId: "a"),
            ClaudeAssistant("2026-11-21T09:10:00.000Z", "msg_4", "req_4", cacheWrite5m: 42_000, sessionId: "a"));
        dir.Write("projects/-home-user-work-demo/b.jsonl",
            ClaudeAssistant("2026-11-21T12:00:00.000Z", "msg_5", "req_5", cacheWrite5m: 40_000, sessionId: "b"),
            ClaudeAssistant("2026-11-21T12:01:00.000Z", "msg_6", "req_6", cacheWrite5m: 100, cacheRead: 40_000, sessionId: "b"));
        return dir;
    }

    [Fact]
    public void Misses_are_typed_objects_with_their_cost_and_cause_as_text()
    {
        using TempFolder dir = Fixture();

        RunResult r = Run($"Find-ClaudeCacheMiss -Path {Q(dir.Path)} -TimeZone UTC");

        // The request of the 21st at 09:00, a day after the last, read its whole prefix: an idle gap that cost nothing.
        Assert.Empty(r.Errors);
        Assert.Equal(2, r.Output.Count);
        Assert.All(r.Output, o => Assert.Equal("ClaudeUsage.CacheMiss", o.TypeNames[0]));
        Assert.Equal(["IdleGap", "IdleGap"], r.Output.Select(o => (string)o.Properties["Cause"].Value));
        Assert.Equal([0.138m, 0.1449m], r.Output.Select(o => (decimal)o.Properties["Cost"].Value));
    }

    [Fact]
    public void Start_and_end_piped_in_choose_the_requests_examined_and_history_before_them_still_counts()
    {
        using TempFolder dir = Fixture();

        // A day such as a spike or billing block names: 21 November; its first miss is compared with the 20th's request.
        RunResult r = Run($"[pscustomobject]@{{ Start = [datetimeoffset]'2026-11-21T00:00:00Z'; End = [datetimeoffset]'2026-11-22T00:00:00Z' }} | Find-ClaudeCacheMiss -Path {Q(dir.Path)} -TimeZone UTC | ForEach-Object {{ $_.Time.ToString('o', [cultureinfo]::InvariantCulture) }}");

        Assert.Empty(r.Errors);
        Assert.Equal(["2026-11-21T09:10:00.0000000+00:00"], r.Output.Select(o => (string)o.BaseObject));
    }

    [Fact]
    public void Misses_and_session_summaries_bind_their_session_to_the_reading_cmdlets()
    {
        using TempFolder dir = Fixture();
        string misses = $"Find-ClaudeCacheMiss -Path {Q(dir.Path)} -TimeZone UTC";

        RunResult r = Run($"({misses} | Get-ClaudeSession -Path {Q(dir.Path)} -TimeZone UTC).SessionId; ({misses} -GroupBy Session | Get-ClaudeUsage -Path {Q(dir.Path)} -GroupBy Total).Requests");

        // Only session 'a' missed, and its four requests are all it reads.
        Assert.Empty(r.Errors);
        Assert.Equal("a", (string)r.Output[0].BaseObject);
        Assert.Equal(4, (int)r.Output[1].BaseObject);
    }

    [Fact]
    public void The_day_summaries_sum_each_day_in_the_time_zone_asked_for()
    {
        using TempFolder dir = Fixture();

        RunResult r = Run($"Find-ClaudeCacheMiss -Path {Q(dir.Path)} -TimeZone 'Pacific/Kiritimati' -GroupBy Day | ForEach-Object {{ '{{0}} {{1}} {{2}}' -f $_.Group, $_.Misses, $_.MissCost.ToString([cultureinfo]::InvariantCulture) }}");

        // UTC+14: 09:07 and 09:10 UTC are 23:07 and 23:10 local, on the 20th and the 21st.
        Assert.Empty(r.Errors);
        Assert.Equal(["2026-11-20 1 0.138", "2026-11-21 1 0.1449"], r.Output.Select(o => (string)o.BaseObject));
    }

    [Fact]
    public void An_invalid_model_pattern_stops_the_command_naming_the_parameter()
    {
        using TempFolder dir = Fixture();

        RunResult r = Run($"try {{ Find-ClaudeCacheMiss -Path {Q(dir.Path)} -Model '[' }} catch {{ $_.FullyQualifiedErrorId; $_.Exception.Message }}");

        Assert.Equal("InvalidWildcardPattern,ClaudeUsage.Commands.FindClaudeCacheMissCommand", (string)r.Output[0].BaseObject);
        Assert.Contains("-Model '['", (string)r.Output[1].BaseObject, StringComparison.Ordinal);
    }
}

using System.Management.Automation;
using static ClaudeUsage.Tests.ModuleRunner;
using static ClaudeUsage.Tests.Transcript;

namespace ClaudeUsage.Tests;

public class GetClaudeSessionTests
{
    /// <summary>
    /// Session s1 (project demo): two responses 09:00 and 09:30 UTC plus a subagent transcript response at 09:10.
    /// Session s2 (project other): one response. Opus 4.5 prices ($5 in, $25 out):
    /// s1: (1,000 in + 100 out) + (2,000 in + 200 out) + subagent (500 in + 50 out) = 3,500 in, 350 out
    ///     → 17,500 + 8,750 = 26,250 per million = $0.02625.
    /// s2: 10,000 in → $0.05.
    /// </summary>
    private static TempFolder Fixture()
    {
        var dir = new TempFolder();
        const string opus = "claude-opus-4-5-20251101";
        dir.Write("projects/-home-user-work-demo/s1.jsonl",
            ClaudeAssistant("2026-11-20T09:00:00.000Z", "m1", "r1", model: opus, input: 1_000, output: 100, sessionId: "s1"),
            ClaudeAssistant("2026-11-20T09:30:00.000Z", "m2", "r2", model: opus, input: 2_000, output: 200, sessionId: "s1"));
        dir.Write("projects/-home-user-work-demo/s1/subagents/agent-1.jsonl",
            ClaudeAssistant("2026-11-20T09:10:00.000Z", "m3", "r3", model: opus, input: 500, output: 50, sessionId: "s1", sidechain: true));
        dir.Write("projects/-home-user-work-other/s2.jsonl",
            ClaudeAssistant("2026-11-21T12:00:00.000Z", "m4", "r4", model: opus, input: 10_000, sessionId: "s2", cwd: "/home/user/work/other"));
        return dir;
    }

    [Fact]
    public void One_object_per_session_with_subagent_transcripts_counted_toward_the_parent()
    {
        using TempFolder dir = Fixture();

        RunResult r = Run($"Get-ClaudeSession -Path {Q(dir.Path)} -TimeZone UTC");

        Assert.Empty(r.Errors);
        Assert.Equal(2, r.Output.Count);
        dynamic s1 = r.Output[0];
        Assert.Equal("s1", (string)s1.SessionId);
        Assert.Equal("demo", (string)s1.Project);
        Assert.Equal("/home/user/work/demo", (string)s1.ProjectPath);
        Assert.Equal("-home-user-work-demo", (string)s1.ProjectSlug);
        Assert.Equal(3, (int)s1.Requests);
        Assert.Equal(3_500L, (long)s1.InputTokens);
        Assert.Equal(350L, (long)s1.OutputTokens);
        Assert.Equal(0.02625m, (decimal)s1.Cost);
        Assert.Equal(TimeSpan.FromMinutes(30), (TimeSpan)s1.Duration);
        Assert.Equal(2, ((IEnumerable<string>)s1.FilePath).Count());
        Assert.Equal("ClaudeCode", s1.Source.ToString());
        Assert.Equal(0.05m, (decimal)((dynamic)r.Output[1]).Cost);
    }

    [Fact]
    public void Sessions_pipe_into_get_claude_usage_which_keeps_only_those_sessions()
    {
        using TempFolder dir = Fixture();

        RunResult r = Run($"Get-ClaudeSession -Path {Q(dir.Path)} | Where-Object Project -eq 'other' | Get-ClaudeUsage -GroupBy Total");

        Assert.Empty(r.Errors);
        dynamic total = Assert.Single(r.Output);
        Assert.Equal(10_000L, (long)total.InputTokens);
        Assert.Equal(1, (int)total.Sessions);
    }

    [Fact]
    public void Objects_with_a_PSPath_bind_to_LiteralPath_as_Get_ChildItem_output_does()
    {
        using TempFolder dir = Fixture();
        string file = Path.Combine(dir.Path, "projects", "-home-user-work-other", "s2.jsonl");

        // Get-ChildItem emits FileInfo objects carrying a PSPath note property; this is the same binding.
        RunResult r = Run($"[pscustomobject]@{{ PSPath = 'Microsoft.PowerShell.Core\\FileSystem::{file}' }} | Get-ClaudeSession");

        Assert.Empty(r.Errors);
        Assert.Equal("s2", (string)((dynamic)Assert.Single(r.Output)).SessionId);
    }

    [Fact]
    public void Records_show_their_ids_whether_read_from_the_logs_or_from_the_cache()
    {
        using TempFolder dir = Fixture();
        string records = $"Get-ClaudeUsageRecord -Path {Q(dir.Path)} -SessionId s1 -TimeZone UTC";

        // A summary writes the cache first; the records then come from it, their ids stored as bytes until shown.
        foreach (string script in new[] { $"{records} -NoCache", $"$null = Get-ClaudeUsage -Path {Q(dir.Path)}; {records}", records })
        {
            RunResult r = Run(script);

            Assert.Empty(r.Errors);
            Assert.Equal(["m1", "m3", "m2"], r.Output.Select(o => (string)o.Properties["MessageId"].Value));
            Assert.Equal(["r1", "r3", "r2"], r.Output.Select(o => (string)o.Properties["RequestId"].Value));
        }
    }

    [Fact]
    public void Records_are_one_per_counted_response()
    {
        using TempFolder dir = Fixture();

        RunResult r = Run($"Get-ClaudeUsageRecord -Path {Q(dir.Path)} -SessionId s1 -TimeZone UTC");

        Assert.Equal(["m1", "m3", "m2"], r.Output.Select(o => (string)o.Properties["MessageId"].Value));
        Assert.Equal(["r1", "r3", "r2"], r.Output.Select(o => (string)o.Properties["RequestId"].Value));
        dynamic first = r.Output[0];
        Assert.Equal(DateTimeOffset.Parse("2026-11-20T09:00:00Z"), (DateTimeOffset)first.Timestamp);
        Assert.Equal(0.0075m, (decimal)first.Cost); // 1,000 × $5 + 100 × $25 = 7,500 per million
        Assert.Equal("Calculated", first.CostBasis.ToString());
        Assert.Equal(1L, (long)first.LineNumber);
    }

    [Fact]
    public void The_session_view_renders()
    {
        using TempFolder dir = Fixture();

        RunResult r = Run($"Get-ClaudeSession -Path {Q(dir.Path)} | Out-Default");

        Assert.Contains("SessionId", r.HostText);
        Assert.Contains("demo", r.HostText);
        Assert.Contains("0.03", r.HostText); // $0.02625 to the cent
    }

    [Fact]
    public void The_sessions_of_an_hourly_job_name_their_automation_and_a_lone_session_none()
    {
        // Five sessions of project inbox-triage starting 06:00:05, 07:00:10, 08:00:05, 09:00:40, 10:00:05 (gaps
        // within a minute of an hour), each two responses a minute apart; one more session at 13:17.
        using var dir = new TempFolder();
        string[] starts = ["06:00:05", "07:00:10", "08:00:05", "09:00:40", "10:00:05", "13:17:00"];
        for (int i = 0; i < starts.Length; i++)
        {
            DateTimeOffset at = DateTimeOffset.Parse($"2026-11-20T{starts[i]}Z", System.Globalization.CultureInfo.InvariantCulture);
            dir.Write($"projects/-srv-inbox-triage/run{i}.jsonl",
                ClaudeAssistant(at.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture), $"m{i}a", $"r{i}a", input: 100, sessionId: $"run{i}", cwd: "/srv/inbox-triage"),
                ClaudeAssistant(at.AddMinutes(1).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture), $"m{i}b", $"r{i}b", input: 100, sessionId: $"run{i}", cwd: "/srv/inbox-triage"));
        }

        RunResult r = Run($"foreach ($s in Get-ClaudeSession -Path {Q(dir.Path)} -TimeZone UTC) {{ \"$($s.SessionId)=$($s.Automation)\" }}");

        Assert.Empty(r.Errors);
        Assert.Equal(
            ["run0=inbox-triage (hourly)", "run1=inbox-triage (hourly)", "run2=inbox-triage (hourly)", "run3=inbox-triage (hourly)", "run4=inbox-triage (hourly)", "run5="],
            r.Output.Select(o => (string)o.BaseObject).Order(StringComparer.Ordinal));
    }
}

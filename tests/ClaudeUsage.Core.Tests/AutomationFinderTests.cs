using ClaudeUsage.Core;
using ClaudeUsage.Core.Pricing;
using ClaudeUsage.Core.Aggregation;
using static ClaudeUsage.Tests.CountedResponses;

namespace ClaudeUsage.Tests;

public class AutomationFinderTests
{
    private static SpikeFixtures Sessions(string project, params string[] starts)
    {
        var f = new SpikeFixtures();
        for (int i = 0; i < starts.Length; i++)
        {
            f.Session($"{project}-{i}", "/srv/" + project, At($"2026-11-09T{starts[i]}Z"), 3, TimeSpan.FromMinutes(2), SpikeFixtures.QuietRequest);
        }

        return f;
    }

    [Fact]
    public void Four_sessions_on_a_steady_half_hour_are_one_automation()
    {
        // Starts 30:00, 30:40 and 29:20 apart: within a minute of the first gap; each session lasts 4 minutes.
        var found = AutomationFinder.Find(Sessions("heartbeat", "06:00:00", "06:30:00", "07:00:40", "07:30:00").Responses());

        Assert.Equal(4, found.Count);
        Automation automation = found["heartbeat-0"];
        Assert.Equal(("every 30 minutes", 4, "heartbeat (every 30 minutes)"), (automation.Cadence, automation.Sessions, automation.Name));
        Assert.All(found.Values, a => Assert.Same(automation, a));
    }

    [Fact]
    public void Irregular_interactive_sessions_are_not_an_automation()
    {
        // Gaps 2:49, 2:38 and 4:15: the second is 11 minutes off the first, past 5% of it (8.45 minutes).
        Assert.Empty(AutomationFinder.Find(Sessions("webapp", "08:13:00", "11:02:00", "13:40:00", "17:55:00").Responses()));
    }

    [Fact]
    public void Three_runs_are_too_few_and_a_session_longer_than_the_gap_breaks_a_run()
    {
        Assert.Empty(AutomationFinder.Find(Sessions("cron", "01:00:00", "02:00:00", "03:00:00").Responses()));

        // Four hourly starts, but the second session runs 70 minutes: a person's session, not a scheduled run.
        SpikeFixtures f = Sessions("cron", "01:00:00", "02:00:00", "03:00:00", "04:00:00");
        f.Session("cron-1", "/srv/cron", At("2026-11-09T03:10:00Z"), 1, TimeSpan.Zero, SpikeFixtures.QuietRequest);
        Assert.Empty(AutomationFinder.Find(f.Responses()));
    }

    [Theory]
    [InlineData(4, 4)]
    [InlineData(70, 0)]
    public void A_session_summed_in_the_ledger_lasts_until_its_last_response(int secondSessionMinutes, int automations)
    {
        // Four hourly sessions as the ledger's sums give them, one entry each, its time the first response's: only
        // the group's last time says the second runs 70 minutes, longer than the gap, which breaks the run.
        var responses = new List<CountedResponse>();
        for (int i = 0; i < 4; i++)
        {
            DateTimeOffset start = At($"2026-11-09T0{1 + i}:00:00Z");
            var entry = new UsageEntry
            {
                Source = UsageSource.ClaudeCode,
                SessionId = $"cron-{i}",
                ProjectPath = "/srv/cron",
                Timestamp = start,
                Tokens = new TokenCounts(10, 10, 0, 0, 0, 0, 0, 0),
                FilePath = string.Empty,
                Group = new ResponseGroup { Rows = 3, Requests = 3, Last = start.AddMinutes(i == 1 ? secondSessionMinutes : 4), RecordedRows = 0, RecordedCost = null, RecordedZeroRows = 0, Tier = 0 },
            };
            responses.Add(new CountedResponse(entry, ResponseCost.None));
        }

        Assert.Equal(automations, AutomationFinder.Find(responses).Count);
    }

    [Fact]
    public void Runs_of_one_cadence_on_separate_days_are_one_automation()
    {
        SpikeFixtures f = Sessions("nightly", "01:00:00", "02:00:00", "03:00:00", "04:00:00");
        for (int i = 0; i < 4; i++)
        {
            f.Session($"nightly-next-{i}", "/srv/nightly", At($"2026-11-10T{11 + i:00}:00:30Z"), 3, TimeSpan.FromMinutes(2), SpikeFixtures.QuietRequest);
        }

        var found = AutomationFinder.Find(f.Responses());
        Assert.Equal(8, found.Count);
        Assert.Equal(8, found["nightly-0"].Sessions);
        Assert.Same(found["nightly-0"], found["nightly-next-3"]);
    }
}

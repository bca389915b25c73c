using ClaudeUsage.Core.Aggregation;
using ClaudeUsage.Core.Blocks;
using ClaudeUsage.Core.Time;
using static ClaudeUsage.Tests.CountedResponses;

namespace ClaudeUsage.Tests;

public class BillingBlockBuilderTests
{
    private static readonly ZonedCalendar Utc = new(TimeZoneInfo.Utc);

    /// <summary>
    /// 2026-11-20, UTC:
    /// window 1 [08:00, 13:00): 08:15 100,000 tokens $0.30; 10:40 200,000 $0.60; 12:59 100,000 $0.50 (Opus)
    /// window 2 [13:00, 18:00): 13:00 — exactly 5 h after window 1's start — 100,000 $0.30; 14:30 200,000 $0.60
    /// gap      [18:00, 20:00)  (20:10 is 5 h 40 min after 14:30)
    /// window 3 [20:00, 01:00): 20:10 400,000 $1.20; 21:10 200,000 $1.00 (Opus) — active at 22:10
    /// </summary>
    private static List<CountedResponse> Day() => InOrder(
        Response("2026-11-20T08:15:00Z", 0.30m, tokens: 100_000, session: "a"),
        Response("2026-11-20T10:40:00Z", 0.60m, tokens: 200_000, session: "a"),
        Response("2026-11-20T12:59:00Z", 0.50m, tokens: 100_000, session: "b", model: "claude-opus-4-5"),
        Response("2026-11-20T13:00:00Z", 0.30m, tokens: 100_000, session: "b"),
        Response("2026-11-20T14:30:00Z", 0.60m, tokens: 200_000, session: "b"),
        Response("2026-11-20T20:10:00Z", 1.20m, tokens: 400_000, session: "c"),
        Response("2026-11-20T21:10:00Z", 1.00m, tokens: 200_000, session: "c", model: "claude-opus-4-5"));

    [Fact]
    public void Windows_start_on_the_hour_and_a_new_one_opens_five_hours_after_the_start_or_after_a_gap()
    {
        List<BillingBlock> blocks = BillingBlockBuilder.Build(Day(), At("2026-11-20T22:10:00Z"), Utc);

        Assert.Equal(4, blocks.Count);
        BillingBlock first = blocks[0], second = blocks[1], gap = blocks[2], third = blocks[3];

        Assert.Equal(At("2026-11-20T08:00:00Z"), first.Start);
        Assert.Equal(At("2026-11-20T13:00:00Z"), first.End);
        Assert.Equal(At("2026-11-20T08:15:00Z"), first.FirstActivity);
        Assert.Equal(At("2026-11-20T12:59:00Z"), first.LastActivity);
        Assert.Equal(3, first.Requests);
        Assert.Equal(400_000L, first.TotalTokens);
        Assert.Equal(1.40m, first.Cost);
        Assert.Equal(2, first.Sessions);
        Assert.Equal(["claude-opus-4-5", "claude-sonnet-4-6"], first.Models);
        Assert.False(first.IsActive);
        Assert.Null(first.TokensPerMinute);

        Assert.Equal(At("2026-11-20T13:00:00Z"), second.Start);
        Assert.Equal(2, second.Requests);
        Assert.Equal(300_000L, second.TotalTokens);
        Assert.Equal(0.90m, second.Cost);

        Assert.True(gap.IsGap);
        Assert.Equal(At("2026-11-20T18:00:00Z"), gap.Start);
        Assert.Equal(At("2026-11-20T20:00:00Z"), gap.End);
        Assert.Equal(0L, gap.TotalTokens);

        Assert.Equal(At("2026-11-20T20:00:00Z"), third.Start);
        Assert.Equal(At("2026-11-21T01:00:00Z"), third.End);
        Assert.True(third.IsActive);
    }

    [Fact]
    public void The_active_window_is_projected_from_its_first_response_to_the_moment()
    {
        // At 22:10 the window has run 2 h since its first response (20:10): 600,000 tokens / 120 min = 5,000 per
        // minute; $2.20 / 2 h = $1.10 per hour. 2 h 50 min (170 min) are left until 01:00:
        // tokens 600,000 + 5,000 × 170 = 1,450,000; cost 2.20 + 1.10 × 170 / 60 = 5.3167.
        BillingBlock active = BillingBlockBuilder.Build(Day(), At("2026-11-20T22:10:00Z"), Utc)[^1];

        Assert.Equal(600_000L, active.TotalTokens);
        Assert.Equal(2.20m, active.Cost);
        Assert.Equal(TimeSpan.FromMinutes(170), active.TimeLeft);
        Assert.Equal(5_000m, active.TokensPerMinute);
        Assert.Equal(1.10m, active.CostPerHour);
        Assert.Equal(1_450_000L, active.ProjectedTotalTokens);
        Assert.Equal(5.3167m, Math.Round(active.ProjectedCost!.Value, 4));
    }

    [Fact]
    public void A_token_limit_of_the_largest_finished_window_leaves_the_active_one_out()
    {
        List<BillingBlock> blocks = BillingBlockBuilder.Build(Day(), At("2026-11-20T22:10:00Z"), Utc);

        long? largest = BillingBlockBuilder.LargestFinishedBlock(blocks);
        Assert.Equal(400_000L, largest); // window 1; the active window's 600,000 does not count

        foreach (BillingBlock block in blocks)
        {
            BillingBlockBuilder.ApplyLimit(block, largest!.Value);
        }

        // Window 1: 100 % → Critical; window 2: 75 % → Ok; active: 150 % → Exceeded, projected 362.5 %.
        Assert.Equal(100m, blocks[0].PercentUsed);
        Assert.Equal("Critical", blocks[0].Status);
        Assert.Equal(75m, blocks[1].PercentUsed);
        Assert.Equal("Ok", blocks[1].Status);
        Assert.Null(blocks[2].PercentUsed); // the gap
        Assert.Equal(150m, blocks[3].PercentUsed);
        Assert.Equal("Exceeded", blocks[3].Status);
        Assert.Equal(362.5m, blocks[3].ProjectedPercentUsed);
        Assert.Equal("Exceeded", blocks[3].ProjectedStatus);
        Assert.Null(blocks[0].ProjectedPercentUsed);
    }

    [Fact]
    public void A_window_is_no_longer_active_once_it_has_ended()
    {
        List<BillingBlock> blocks = BillingBlockBuilder.Build(Day(), At("2026-11-21T01:00:00Z"), Utc);

        Assert.DoesNotContain(blocks, b => b.IsActive);
        Assert.Null(blocks[^1].TimeLeft);
    }

    [Fact]
    public void A_window_less_than_a_minute_old_has_no_rate_yet()
    {
        BillingBlock only = Assert.Single(BillingBlockBuilder.Build([Response("2026-11-20T08:15:00Z", 1m, tokens: 10)], At("2026-11-20T08:15:30Z"), Utc));

        Assert.True(only.IsActive);
        Assert.Equal(TimeSpan.FromMinutes(285) - TimeSpan.FromSeconds(30), only.TimeLeft);
        Assert.Null(only.TokensPerMinute);
        Assert.Null(only.ProjectedTotalTokens);
    }

    [Fact]
    public void Windows_start_on_utc_hours_in_a_half_hour_zone()
    {
        // Kolkata is UTC+05:30: 08:15Z is 13:45 local, and the window starts at 08:00Z = 13:30 local.
        var kolkata = new ZonedCalendar(ZonedCalendar.ResolveZone("Asia/Kolkata"));
        BillingBlock only = Assert.Single(BillingBlockBuilder.Build([Response("2026-11-20T08:15:00Z", 1m)], At("2026-11-21T00:00:00Z"), kolkata));

        Assert.Equal(new DateTime(2026, 11, 20, 13, 30, 0), only.Start.DateTime);
        Assert.Equal(new TimeSpan(5, 30, 0), only.Start.Offset);
    }
}

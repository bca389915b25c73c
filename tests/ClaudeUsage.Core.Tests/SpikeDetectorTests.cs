using ClaudeUsage.Core.Aggregation;
using ClaudeUsage.Core.Spikes;
using ClaudeUsage.Core.Time;
using static ClaudeUsage.Tests.CountedResponses;

namespace ClaudeUsage.Tests;

public class SpikeDetectorTests
{
    private static readonly ZonedCalendar Utc = new(TimeZoneInfo.Utc);

    private static SpikeOptions Daily(decimal minimumIncrease = 1m) => new() { MinimumIncrease = minimumIncrease };

    /// <summary>
    /// A steady session spends $3 most days (Nov 2 and 6: $6; Nov 4: nothing). On Nov 9 a planted session on Opus
    /// spends $25 in the rocket project and a helper session $3 on Sonnet in demo.
    /// Daily totals: 1:3 2:6 3:3 4:0 5:3 6:6 7:3 8:3 9:31 10:3.
    /// </summary>
    private static List<CountedResponse> PlantedSpike()
    {
        var list = new List<CountedResponse>();
        decimal[] steady = [3, 6, 3, 0, 3, 6, 3, 3, 3, 3];
        for (int day = 1; day <= 10; day++)
        {
            if (steady[day - 1] > 0)
            {
                list.Add(Response($"2026-11-{day:00}T10:00:00Z", steady[day - 1], session: "steady"));
            }
        }

        list.Add(Response("2026-11-09T14:00:00Z", 25m, session: "planted", model: "claude-opus-4-5", project: "/home/user/work/rocket"));
        list.Add(Response("2026-11-09T15:00:00Z", 3m, session: "helper"));
        return InOrder([.. list]);
    }

    [Fact]
    public void A_planted_spike_is_found_and_attributed_to_the_planted_session_and_model()
    {
        List<UsageSpike> spikes = SpikeDetector.Find(PlantedSpike(), TimeRange.All, Daily(), Utc);

        // Nov 9: the previous 7 days Nov 2..8 are 6,3,0,3,6,3,3 → sorted 0,3,3,3,3,6,6 → median 3.
        // 31 > 3 × 1.5 and 31 - 3 = 28 ≥ $1 → spike. Nov 8 (median 3 of Nov 1..7) and Nov 10 (median 3) are not;
        // Nov 1..7 have fewer than 7 days of history and are not judged.
        UsageSpike spike = Assert.Single(spikes);
        Assert.Equal(At("2026-11-09T00:00:00Z"), spike.Start);
        Assert.Equal(At("2026-11-10T00:00:00Z"), spike.End);
        Assert.Equal(31m, spike.Amount);
        Assert.Equal(3m, spike.Baseline);
        Assert.Equal(28m, spike.Increase);
        Assert.Equal(10.33m, Math.Round(spike.Ratio!.Value, 2));
        Assert.Equal(3, spike.Requests);

        // Sessions: steady has 3 vs its median 3 (no growth); planted 25 vs 0; helper 3 vs 0. Growth 28:
        // planted 25/28 = 89.29 %, helper 3/28 = 10.71 %.
        Assert.Equal(["planted", "helper"], spike.Sessions.Select(d => d.Name));
        Assert.Equal(25m, spike.Sessions[0].Increase);
        Assert.Equal(89.29m, Math.Round(spike.Sessions[0].SharePercent, 2));
        Assert.Equal("rocket", spike.Sessions[0].Project);
        Assert.Equal(10.71m, Math.Round(spike.Sessions[1].SharePercent, 2));

        // Models: Opus 25 vs 0; Sonnet 6 vs its median 3 → +3.
        Assert.Equal(["claude-opus-4-5", "claude-sonnet-4-6"], spike.Models.Select(d => d.Name));
        Assert.Equal(3m, spike.Models[1].Baseline);
        Assert.Equal(3m, spike.Models[1].Increase);

        // Projects: rocket 25 vs 0; demo 6 vs 3.
        Assert.Equal(["rocket", "demo"], spike.Projects.Select(d => d.Name));
        Assert.Equal("/home/user/work/rocket", spike.Projects[0].Project);
    }

    [Fact]
    public void The_range_limits_the_intervals_judged_but_the_baseline_reads_before_it()
    {
        var from10th = new TimeRange(At("2026-11-10T00:00:00Z"), null);
        Assert.Empty(SpikeDetector.Find(PlantedSpike(), from10th, Daily(), Utc));

        var only9th = new TimeRange(At("2026-11-09T00:00:00Z"), At("2026-11-10T00:00:00Z"));
        Assert.Single(SpikeDetector.Find(PlantedSpike(), only9th, Daily(), Utc));
    }

    [Fact]
    public void The_minimum_increase_holds_back_a_small_relative_jump()
    {
        // 31 is only 28 above the baseline of 3.
        Assert.Empty(SpikeDetector.Find(PlantedSpike(), TimeRange.All, Daily(minimumIncrease: 28.01m), Utc));
        Assert.Single(SpikeDetector.Find(PlantedSpike(), TimeRange.All, Daily(minimumIncrease: 28m), Utc));
    }

    [Fact]
    public void Too_little_history_is_not_judged()
    {
        // With a 9-day baseline only Nov 10 has enough history, and it is no spike.
        Assert.Empty(SpikeDetector.Find(PlantedSpike(), TimeRange.All, new SpikeOptions { BaselineIntervals = 9, MinimumIncrease = 1m }, Utc));
    }

    [Fact]
    public void Hours_keep_the_two_two_oclock_hours_of_a_fall_back_night_apart()
    {
        // Berlin, 2026-10-25: 00:00Z is 02:00 CEST, 01:00Z is 02:00 CET. $1 in each of the three hours before
        // 01:00Z, $5 in the second 02:00 hour: baseline (3 hours) median 1 → spike of 5, starting 02:00+01:00.
        var berlin = new ZonedCalendar(ZonedCalendar.ResolveZone("Europe/Berlin"));
        List<CountedResponse> responses = InOrder(
            Response("2026-10-24T22:10:00Z", 1m),
            Response("2026-10-24T23:10:00Z", 1m),
            Response("2026-10-25T00:10:00Z", 1m),
            Response("2026-10-25T01:10:00Z", 5m));

        var options = new SpikeOptions { Interval = UsageInterval.Hour, BaselineIntervals = 3, MinimumIncrease = 1m };
        UsageSpike spike = Assert.Single(SpikeDetector.Find(responses, TimeRange.All, options, berlin));

        Assert.Equal(At("2026-10-25T01:00:00Z"), spike.Start);
        Assert.Equal(new DateTime(2026, 10, 25, 2, 0, 0), spike.Start.DateTime);
        Assert.Equal(TimeSpan.FromHours(1), spike.Start.Offset);
        Assert.Equal(5m, spike.Amount);
        Assert.Equal(1m, spike.Baseline);
    }

    [Fact]
    public void Tokens_can_be_the_metric()
    {
        // Day 8 has 10,000 tokens against a 7-day median of 1,000.
        var list = new List<CountedResponse>();
        for (int day = 1; day <= 7; day++)
        {
            list.Add(Response($"2026-11-{day:00}T10:00:00Z", 0.01m, tokens: 1_000));
        }

        list.Add(Response("2026-11-08T10:00:00Z", 0.01m, tokens: 10_000));
        var options = new SpikeOptions { Metric = UsageMetric.Tokens, MinimumIncrease = 5_000m };

        UsageSpike spike = Assert.Single(SpikeDetector.Find(list, TimeRange.All, options, Utc));
        Assert.Equal(10_000m, spike.Amount);
        Assert.Equal(1_000m, spike.Baseline);
        Assert.Equal(9_000m, spike.Increase);
    }

    [Theory]
    [InlineData(new double[] { 5, 1, 3 }, 3)]
    [InlineData(new double[] { 4, 1, 3, 2 }, 2.5)]
    [InlineData(new double[] { 0, 0, 0, 0, 0, 0, 9 }, 0)]
    public void The_median_is_the_middle_value_or_the_mean_of_the_two(double[] values, double median)
    {
        Assert.Equal((decimal)median, SpikeDetector.Median(values.Select(v => (decimal)v)));
    }
}

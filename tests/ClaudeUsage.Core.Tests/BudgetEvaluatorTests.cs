using ClaudeUsage.Core.Budgets;
using ClaudeUsage.Core.Time;
using static ClaudeUsage.Tests.CountedResponses;

namespace ClaudeUsage.Tests;

public class BudgetEvaluatorTests
{
    private static readonly ZonedCalendar Berlin = new(ZonedCalendar.ResolveZone("Europe/Berlin"));

    [Theory]
    // Limit 100, warning at 0.8, critical at 1.0.
    [InlineData(79.99, BudgetState.Ok, true)]
    [InlineData(80, BudgetState.Warning, true)]
    [InlineData(99.99, BudgetState.Warning, true)]
    [InlineData(100, BudgetState.Critical, false)]
    [InlineData(100.01, BudgetState.Exceeded, false)]
    [InlineData(250, BudgetState.Exceeded, false)]
    public void The_status_is_the_highest_level_reached(double spent, BudgetState expected, bool belowCritical)
    {
        var thresholds = BudgetThresholds.Default;
        Assert.Equal(expected, thresholds.Classify((decimal)spent, 100m));
        Assert.Equal(belowCritical, thresholds.IsBelowCritical((decimal)spent, 100m));
    }

    [Theory]
    // Warning at 0.5, critical at 1.2 (a 20 % grace): 110 is over the limit yet still below critical.
    [InlineData(49, BudgetState.Ok, true)]
    [InlineData(50, BudgetState.Warning, true)]
    [InlineData(110, BudgetState.Exceeded, true)]
    [InlineData(120, BudgetState.Exceeded, false)]
    public void A_critical_threshold_above_the_limit_is_a_grace(double spent, BudgetState expected, bool belowCritical)
    {
        var thresholds = new BudgetThresholds(0.5m, 1.2m);
        Assert.Equal(expected, thresholds.Classify((decimal)spent, 100m));
        Assert.Equal(belowCritical, thresholds.IsBelowCritical((decimal)spent, 100m));
    }

    [Fact]
    public void A_dst_month_has_31_calendar_days_and_elapsed_time_counts_calendar_days()
    {
        // October 2026 in Berlin: 2026-09-30T22:00Z (00:00 CEST) to 2026-10-31T23:00Z (00:00 CET): 745 hours, 31 days.
        // At 2026-10-28T11:00Z = 12:00 CET on the 28th: 27 whole days (1st..27th, the 25-hour 25th counting as one) + 12/24.
        var october = CalendarPeriod.Containing(BudgetPeriod.Monthly, At("2026-10-28T11:00:00Z"), Berlin);

        Assert.Equal(31, october.Days);
        Assert.Equal(At("2026-09-30T22:00:00Z"), october.Start);
        Assert.Equal(At("2026-10-31T23:00:00Z"), october.End);
        Assert.Equal(27.5m, october.ElapsedDays(At("2026-10-28T11:00:00Z")));
    }

    [Fact]
    public void Elapsed_time_within_a_25_hour_day_is_measured_by_that_day_and_inverts()
    {
        // 2026-10-25 in Berlin runs from 2026-10-24T22:00Z to 2026-10-25T23:00Z (25 hours).
        // 11:00Z is 13 hours in: 13/25 = 0.52 of the day. Half the day is 12.5 hours in: 10:30Z (11:30 CET).
        var day = CalendarPeriod.Containing(BudgetPeriod.Daily, At("2026-10-25T11:00:00Z"), Berlin);

        Assert.Equal(0.52m, day.ElapsedDays(At("2026-10-25T11:00:00Z")));
        DateTimeOffset half = day.InstantAt(0.5m);
        Assert.Equal(At("2026-10-25T10:30:00Z"), half);
        Assert.Equal(TimeSpan.FromHours(1), half.Offset);
    }

    [Fact]
    public void A_week_starting_on_sunday_is_the_week_holding_the_moment()
    {
        var sundays = new ZonedCalendar(Berlin.Zone, DayOfWeek.Sunday);
        // Wednesday 2026-10-28: the week began Sunday 2026-10-25 (00:00 CEST = 2026-10-24T22:00Z) and ends Sunday 2026-11-01 (00:00 CET = 2026-10-31T23:00Z).
        var week = CalendarPeriod.Containing(BudgetPeriod.Weekly, At("2026-10-28T11:00:00Z"), sundays);

        Assert.Equal(At("2026-10-24T22:00:00Z"), week.Start);
        Assert.Equal(At("2026-10-31T23:00:00Z"), week.End);
        Assert.Equal(3.5m, week.ElapsedDays(At("2026-10-28T11:00:00Z")));
    }

    [Fact]
    public void The_limit_is_predicted_on_the_25_hour_day_by_its_own_length()
    {
        // Daily $10 on 2026-10-25 in Berlin, evaluated at 11:00Z (0.52 of the day, see above). $6.50 spent:
        // burn = 6.5 / 0.52 = $12.50 per day; the remaining $3.50 takes 3.5 / 12.5 = 0.28 days; 0.52 + 0.28 = 0.8
        // of the day = 20 of its 25 hours after 2026-10-24T22:00Z = 2026-10-25T18:00Z (19:00 CET).
        List<Core.Aggregation.CountedResponse> responses = InOrder(
            Response("2026-10-24T21:59:00Z", 100m), // 23:59 CEST on the 24th: the day before
            Response("2026-10-25T00:30:00Z", 4m),   // 02:30 CEST
            Response("2026-10-25T01:30:00Z", 2.5m), // 02:30 CET, the second 02:30 of the night
            Response("2026-10-25T11:00:01Z", 50m)); // after the moment

        BudgetStatus status = BudgetEvaluator.Evaluate(new BudgetDefinition(BudgetPeriod.Daily, UsageMetric.Cost, 10m), BudgetThresholds.Default, responses, Berlin, At("2026-10-25T11:00:00Z"));

        Assert.Equal(6.5m, status.Spent);
        Assert.Equal(2, status.Requests);
        Assert.Equal(12.5m, status.BurnRatePerDay);
        Assert.Equal(12.5m, status.ProjectedSpend);
        Assert.Equal(2.5m, status.ProjectedOverage);
        Assert.Equal(1.25m, status.BurnMultiplier);
        Assert.Equal(At("2026-10-25T18:00:00Z"), status.LimitReachedAt);
        Assert.Equal("Ok", status.Status);
    }

    [Fact]
    public void No_spending_projects_nothing_and_never_reaches_the_limit()
    {
        BudgetStatus status = BudgetEvaluator.Evaluate(new BudgetDefinition(BudgetPeriod.Weekly, UsageMetric.Cost, 20m), BudgetThresholds.Default, [], Berlin, At("2026-10-28T11:00:00Z"));

        Assert.Equal(0m, status.Spent);
        Assert.Equal(20m, status.Remaining);
        Assert.Equal(0m, status.PercentUsed);
        Assert.Equal(0m, status.BurnRatePerDay);
        Assert.Equal(0m, status.ProjectedSpend);
        Assert.Null(status.LimitReachedAt);
        Assert.Equal("Ok", status.Status);
        Assert.True(status.IsBelowCritical);
        Assert.Empty(status.TopSessions);
    }

    [Fact]
    public void A_token_budget_measures_and_ranks_by_tokens_and_counts_unpriced_responses()
    {
        // Monthly 10,000 tokens, November in UTC, at 2026-11-10T12:00Z: 9.5 days elapsed of 30.
        // Tokens 3,000 (s1, priced) + 5,000 (s2, unpriced) + 1,000 (s1) = 9,000 = 90 % → Warning.
        // s2 ranks first by tokens although it has no cost.
        var utc = new ZonedCalendar(TimeZoneInfo.Utc);
        List<Core.Aggregation.CountedResponse> responses = InOrder(
            Response("2026-11-02T10:00:00Z", 1m, tokens: 3_000, session: "s1"),
            Response("2026-11-05T10:00:00Z", null, tokens: 5_000, session: "s2", model: "claude-imaginary-9"),
            Response("2026-11-09T10:00:00Z", 0.5m, tokens: 1_000, session: "s1"));

        BudgetStatus status = BudgetEvaluator.Evaluate(new BudgetDefinition(BudgetPeriod.Monthly, UsageMetric.Tokens, 10_000m), BudgetThresholds.Default, responses, utc, At("2026-11-10T12:00:00Z"));

        Assert.Equal(9_000m, status.Spent);
        Assert.Equal(90m, status.PercentUsed);
        Assert.Equal("Warning", status.Status);
        Assert.Equal(9.5m, status.ElapsedDays);
        Assert.Equal(1, status.UnpricedRequests);
        Assert.Equal(["s2", "s1"], status.TopSessions.Select(s => s.Name));
        Assert.Equal(5_000L, status.TopSessions[0].TotalTokens);
        Assert.Equal(0m, status.TopSessions[0].Cost);
        Assert.Equal(1.5m, status.TopSessions[1].Cost);
        Assert.Equal(["claude-imaginary-9", "claude-sonnet-4-6"], status.TopModels.Select(m => m.Name));
        // 9,000 tokens over 9.5 days = 947.37 per day; 30 days → 28,421.05 projected; the remaining 1,000 take
        // 1.0556 more days → reached at 10.5556 days = 2026-11-11T13:20Z.
        Assert.Equal(947.37m, Math.Round(status.BurnRatePerDay, 2));
        Assert.Equal(28_421.05m, Math.Round(status.ProjectedSpend, 2));
        Assert.Equal(At("2026-11-11T13:20:00Z"), status.LimitReachedAt!.Value, TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void The_limit_already_reached_is_dated_by_the_response_that_reached_it()
    {
        var utc = new ZonedCalendar(TimeZoneInfo.Utc);
        List<Core.Aggregation.CountedResponse> responses = InOrder(
            Response("2026-11-10T01:00:00Z", 4m),
            Response("2026-11-10T02:00:00Z", 6m), // cumulative 10 = the limit: reached here
            Response("2026-11-10T03:00:00Z", 1m));

        BudgetStatus status = BudgetEvaluator.Evaluate(new BudgetDefinition(BudgetPeriod.Daily, UsageMetric.Cost, 10m), BudgetThresholds.Default, responses, utc, At("2026-11-10T06:00:00Z"));

        Assert.Equal(At("2026-11-10T02:00:00Z"), status.LimitReachedAt);
        Assert.Equal(110m, status.PercentUsed);
        Assert.Equal(-1m, status.Remaining);
        Assert.Equal("Exceeded", status.Status);
        Assert.False(status.IsBelowCritical);
    }
}

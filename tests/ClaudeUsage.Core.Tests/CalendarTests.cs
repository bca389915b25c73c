using ClaudeUsage.Core.Time;

namespace ClaudeUsage.Tests;

public class CalendarTests
{
    private static readonly ZonedCalendar Berlin = new(ZonedCalendar.ResolveZone("Europe/Berlin"));

    private static DateTimeOffset At(string utc) => DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    // Summer time ends in Berlin on Sunday 2026-10-25 at 01:00 UTC (03:00 CEST → 02:00 CET): that day has 25 hours,
    // from 2026-10-24T22:00Z (00:00 CEST) to 2026-10-25T23:00Z (00:00 CET on the 26th).
    [InlineData("2026-10-24T21:59:59Z", "2026-10-24")]
    [InlineData("2026-10-24T22:00:00Z", "2026-10-25")]
    [InlineData("2026-10-25T22:59:59Z", "2026-10-25")]
    [InlineData("2026-10-25T23:00:00Z", "2026-10-26")]
    public void Days_follow_the_zone_across_a_dst_change(string utc, string day)
    {
        Assert.Equal(DateTime.Parse(day), Berlin.DayOf(At(utc)));
    }

    [Fact]
    public void A_dst_day_starts_and_ends_at_local_midnight()
    {
        DateTimeOffset start = Berlin.StartOfDay(new DateTime(2026, 10, 25));
        DateTimeOffset end = Berlin.StartOfDay(new DateTime(2026, 10, 26));
        Assert.Equal(At("2026-10-24T22:00:00Z"), start);
        Assert.Equal(TimeSpan.FromHours(25), end - start);
    }

    [Fact]
    public void Months_follow_the_zone()
    {
        // 23:30 UTC on 31 October is 00:30 on 1 November in Berlin.
        Assert.Equal(new DateTime(2026, 11, 1), Berlin.MonthOf(At("2026-10-31T23:30:00Z")));
        Assert.Equal(new DateTime(2026, 10, 1), new ZonedCalendar(TimeZoneInfo.Utc).MonthOf(At("2026-10-31T23:30:00Z")));
    }

    [Fact]
    public void Weeks_start_on_monday_unless_told_otherwise()
    {
        // 2026-10-25 is a Sunday.
        Assert.Equal(new DateTime(2026, 10, 19), Berlin.WeekOf(At("2026-10-25T12:00:00Z")));
        var sundayWeeks = new ZonedCalendar(Berlin.Zone, DayOfWeek.Sunday);
        Assert.Equal(new DateTime(2026, 10, 25), sundayWeeks.WeekOf(At("2026-10-25T12:00:00Z")));
    }

    [Fact]
    public void The_two_one_oclock_hours_of_a_fall_back_night_stay_apart()
    {
        var newYork = new ZonedCalendar(ZonedCalendar.ResolveZone("America/New_York"));
        // 2026-11-01: 01:30 EDT is 05:30 UTC, 01:30 EST is 06:30 UTC.
        DateTimeOffset first = newYork.HourOf(At("2026-11-01T05:30:00Z"));
        DateTimeOffset second = newYork.HourOf(At("2026-11-01T06:30:00Z"));
        Assert.Equal(At("2026-11-01T05:00:00Z"), first);
        Assert.Equal(At("2026-11-01T06:00:00Z"), second);
        Assert.Equal(TimeSpan.FromHours(-4), first.Offset);
        Assert.Equal(TimeSpan.FromHours(-5), second.Offset);
    }

    [Fact]
    public void A_local_midnight_skipped_by_dst_maps_to_the_first_valid_time()
    {
        // Santiago skips from 00:00 to 01:00 on 2026-09-06 (clocks go forward at midnight).
        var santiago = new ZonedCalendar(ZonedCalendar.ResolveZone("America/Santiago"));
        DateTimeOffset start = santiago.StartOfDay(new DateTime(2026, 9, 6));
        Assert.Equal(new DateTime(2026, 9, 6, 1, 0, 0), start.DateTime);
    }

    [Theory]
    [InlineData(UsagePeriod.Today, "2026-11-22T23:00:00Z", "2026-11-23T23:00:00Z")]
    [InlineData(UsagePeriod.Yesterday, "2026-11-21T23:00:00Z", "2026-11-22T23:00:00Z")]
    [InlineData(UsagePeriod.ThisWeek, "2026-11-22T23:00:00Z", "2026-11-29T23:00:00Z")]
    [InlineData(UsagePeriod.LastWeek, "2026-11-15T23:00:00Z", "2026-11-22T23:00:00Z")]
    [InlineData(UsagePeriod.ThisMonth, "2026-10-31T23:00:00Z", "2026-11-30T23:00:00Z")]
    [InlineData(UsagePeriod.LastMonth, "2026-09-30T22:00:00Z", "2026-10-31T23:00:00Z")]
    [InlineData(UsagePeriod.Last7Days, "2026-11-16T23:00:00Z", "2026-11-23T23:00:00Z")]
    public void Named_periods_are_calendar_ranges_in_the_zone(UsagePeriod period, string start, string end)
    {
        // Monday 2026-11-23, 10:00 in Berlin (CET, +01:00). October in Berlin starts in summer time (+02:00).
        TimeRange range = PeriodResolver.Resolve(period, At("2026-11-23T09:00:00Z"), Berlin);
        Assert.Equal(At(start), range.Start);
        Assert.Equal(At(end), range.End);
    }
}

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
    public void Offsets_west_and_east_of_utc_and_off_the_hour_are_kept_exactly_call_after_call()
    {
        // Marquesas is 9:30 behind UTC all year, Kathmandu 5:45 ahead: each instant asked twice in its hour (the
        // second answered from the hour last looked up), then the next hour.
        var marquesas = new ZonedCalendar(ZonedCalendar.ResolveZone("Pacific/Marquesas"));
        var kathmandu = new ZonedCalendar(ZonedCalendar.ResolveZone("Asia/Kathmandu"));
        foreach (int round in new[] { 1, 2 })
        {
            Assert.Equal(DateTimeOffset.Parse("2026-11-19T19:30:00-09:30"), marquesas.ToZoned(At("2026-11-20T05:00:00Z")));
            Assert.Equal(TimeSpan.FromMinutes(-570), marquesas.ToZoned(At("2026-11-20T05:59:59Z")).Offset);
            Assert.Equal(DateTimeOffset.Parse("2026-11-21T01:45:00+05:45"), kathmandu.ToZoned(At("2026-11-20T20:00:00Z")));
            Assert.Equal(new DateTime(2026, 11, 21, 2, 44, 59), kathmandu.ToZoned(At("2026-11-20T20:59:59Z")).DateTime);
        }

        Assert.Equal(DateTimeOffset.Parse("2026-11-19T20:30:00-09:30"), marquesas.ToZoned(At("2026-11-20T06:00:00Z")));
        Assert.Equal(DateTimeOffset.Parse("2026-11-21T02:45:00+05:45"), kathmandu.ToZoned(At("2026-11-20T21:00:00Z")));
    }

    [Fact]
    public void An_old_local_mean_time_converts_as_the_zone_says_however_often_asked()
    {
        // Amsterdam kept its local mean time, 19 minutes 32 seconds ahead of UTC, until 1937; .NET gives the zone's
        // offsets in whole minutes, and the calendar gives what the zone's own conversion does.
        TimeZoneInfo zone = ZonedCalendar.ResolveZone("Europe/Amsterdam");
        var amsterdam = new ZonedCalendar(zone);
        DateTimeOffset noon = At("1900-06-01T12:00:00Z");
        DateTimeOffset expected = TimeZoneInfo.ConvertTime(noon, zone);
        Assert.Equal(expected, amsterdam.ToZoned(noon));
        Assert.Equal(expected.AddMinutes(1), amsterdam.ToZoned(noon.AddMinutes(1)));
        Assert.Equal(expected.Offset, amsterdam.ToZoned(noon).Offset);
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

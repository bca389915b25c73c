using ClaudeUsage.Core.Time;

namespace ClaudeUsage.Core.Spikes;

/// <summary>
/// Steps through consecutive days or clock hours of a zone, each named by the instant it starts. Days follow
/// local midnights (a DST day is 23 or 25 hours); hours follow the clock, so a fall-back night has two 02:00 hours.
/// </summary>
internal sealed class IntervalClock(UsageInterval interval, ZonedCalendar calendar)
{
    public DateTimeOffset StartOf(DateTimeOffset instant) => interval switch
    {
        UsageInterval.Day => calendar.StartOfDay(calendar.DayOf(instant)).ToUniversalTime(),
        _ => calendar.HourOf(instant).ToUniversalTime(),
    };

    public DateTimeOffset Next(DateTimeOffset start) => interval switch
    {
        UsageInterval.Day => calendar.StartOfDay(calendar.DayOf(start).AddDays(1)).ToUniversalTime(),
        _ => calendar.HourOf(start.AddHours(1)).ToUniversalTime(),
    };

    public DateTimeOffset Previous(DateTimeOffset start) => interval switch
    {
        UsageInterval.Day => calendar.StartOfDay(calendar.DayOf(start).AddDays(-1)).ToUniversalTime(),
        _ => calendar.HourOf(start.AddHours(-1)).ToUniversalTime(),
    };
}

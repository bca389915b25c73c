namespace ClaudeUsage.Core.Time;

/// <summary>Turns a named period into the time range it covers in a calendar, as of a given moment.</summary>
internal static class PeriodResolver
{
    public static TimeRange Resolve(UsagePeriod period, DateTimeOffset now, ZonedCalendar calendar)
    {
        DateTime today = calendar.DayOf(now);
        DateTime weekStart = calendar.StartOfWeek(today);
        DateTime monthStart = new(today.Year, today.Month, 1);
        return period switch
        {
            UsagePeriod.Today => Days(calendar, today, today.AddDays(1)),
            UsagePeriod.Yesterday => Days(calendar, today.AddDays(-1), today),
            UsagePeriod.ThisWeek => Days(calendar, weekStart, weekStart.AddDays(7)),
            UsagePeriod.LastWeek => Days(calendar, weekStart.AddDays(-7), weekStart),
            UsagePeriod.ThisMonth => Days(calendar, monthStart, monthStart.AddMonths(1)),
            UsagePeriod.LastMonth => Days(calendar, monthStart.AddMonths(-1), monthStart),
            UsagePeriod.Last7Days => Days(calendar, today.AddDays(-6), today.AddDays(1)),
            UsagePeriod.Last30Days => Days(calendar, today.AddDays(-29), today.AddDays(1)),
            UsagePeriod.AllTime => TimeRange.All,
            _ => throw new ArgumentOutOfRangeException(nameof(period), period, null),
        };
    }

    private static TimeRange Days(ZonedCalendar calendar, DateTime firstDay, DateTime endDay) =>
        new(calendar.StartOfDay(firstDay), calendar.StartOfDay(endDay));
}

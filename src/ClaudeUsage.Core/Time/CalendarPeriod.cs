namespace ClaudeUsage.Core.Time;

/// <summary>
/// One calendar day, week or month in a zone, measured in calendar days: every local day counts as one day
/// however many hours DST gives it, so October is 31 days long even with its 25-hour day, and a rate "per day"
/// means per calendar day. Within a day, time is counted by that day's real length.
/// </summary>
internal sealed class CalendarPeriod
{
    private readonly ZonedCalendar _calendar;

    private CalendarPeriod(ZonedCalendar calendar, DateTime firstDay, int days)
    {
        _calendar = calendar;
        FirstDay = firstDay;
        Days = days;
        Start = calendar.ToZoned(calendar.StartOfDay(firstDay));
        End = calendar.ToZoned(calendar.StartOfDay(firstDay.AddDays(days)));
    }

    /// <summary>The first local date of the period.</summary>
    public DateTime FirstDay { get; }

    /// <summary>How many calendar days the period has (1, 7 or 28 to 31).</summary>
    public int Days { get; }

    /// <summary>The instant the period begins (local midnight of its first day), in the zone.</summary>
    public DateTimeOffset Start { get; }

    /// <summary>The instant the next period begins; the period is [Start, End).</summary>
    public DateTimeOffset End { get; }

    public static CalendarPeriod Containing(BudgetPeriod period, DateTimeOffset instant, ZonedCalendar calendar)
    {
        DateTime day = calendar.DayOf(instant);
        return period switch
        {
            BudgetPeriod.Daily => new CalendarPeriod(calendar, day, 1),
            BudgetPeriod.Weekly => new CalendarPeriod(calendar, calendar.StartOfWeek(day), 7),
            BudgetPeriod.Monthly => new CalendarPeriod(calendar, new DateTime(day.Year, day.Month, 1), DateTime.DaysInMonth(day.Year, day.Month)),
            _ => throw new ArgumentOutOfRangeException(nameof(period), period, null),
        };
    }

    /// <summary>
    /// Calendar days from the start of the period to the instant: the whole local days before it plus the elapsed
    /// fraction of its own day. Clamped to [0, Days].
    /// </summary>
    public decimal ElapsedDays(DateTimeOffset instant)
    {
        if (instant <= Start)
        {
            return 0m;
        }

        if (instant >= End)
        {
            return Days;
        }

        DateTime day = _calendar.DayOf(instant);
        (DateTimeOffset dayStart, DateTimeOffset dayEnd) = DayBounds(day);
        return (day - FirstDay).Days + ((decimal)(instant - dayStart).Ticks / (dayEnd - dayStart).Ticks);
    }

    /// <summary>The instant that lies the given number of calendar days after the start: the inverse of <see cref="ElapsedDays"/>.</summary>
    public DateTimeOffset InstantAt(decimal days)
    {
        if (days <= 0m)
        {
            return Start;
        }

        if (days >= Days)
        {
            return End;
        }

        int whole = (int)decimal.Floor(days);
        (DateTimeOffset dayStart, DateTimeOffset dayEnd) = DayBounds(FirstDay.AddDays(whole));
        long ticks = (long)decimal.Round((days - whole) * (dayEnd - dayStart).Ticks);
        return _calendar.ToZoned(dayStart.AddTicks(ticks));
    }

    private (DateTimeOffset Start, DateTimeOffset End) DayBounds(DateTime day) =>
        (_calendar.StartOfDay(day), _calendar.StartOfDay(day.AddDays(1)));
}

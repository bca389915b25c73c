using System.Runtime.CompilerServices;
namespace ClaudeUsage.Core.Time;

/// <summary>
/// Calendar arithmetic in one time zone: which local day, week, month or hour an instant falls in, and the
/// instant at which a local day begins. Day lengths follow the zone, so a DST day is 23 or 25 hours long.
/// </summary>
internal sealed class ZonedCalendar
{
    public ZonedCalendar(TimeZoneInfo zone, DayOfWeek weekStart = DayOfWeek.Monday)
    {
        Zone = zone;
        WeekStart = weekStart;
    }

    public TimeZoneInfo Zone { get; }

    public DayOfWeek WeekStart { get; }

    /// <summary>
    /// The offset last looked up, for the UTC hour it holds throughout (reports convert many instants of one hour):
    /// the hour and the offset in whole minutes packed in one value, so threads read and write it whole and no
    /// look-up allocates; zero until the first.
    /// </summary>
    private long _lastHour;

    /// <summary>The instant as the zone's wall clock shows it, with the zone's offset at that instant.</summary>
    // Compiled optimised at first call: a scheduled run ends before tiered compilation would get there.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public DateTimeOffset ToZoned(DateTimeOffset instant)
    {
        long hour = instant.UtcTicks / TimeSpan.TicksPerHour;
        long cached = Interlocked.Read(ref _lastHour);
        if (cached == 0 || cached >> OffsetBits != hour)
        {
            // Zones change their offset at most once in any hour, so one that is the same at both ends of a UTC hour
            // holds for all of it; an hour with a change in it is never cached.
            var start = new DateTimeOffset(hour * TimeSpan.TicksPerHour, TimeSpan.Zero);
            TimeSpan first = Zone.GetUtcOffset(start), last = Zone.GetUtcOffset(start.AddTicks(TimeSpan.TicksPerHour - 1));
            if (first != last)
            {
                return TimeZoneInfo.ConvertTime(instant, Zone);
            }

            cached = (hour << OffsetBits) | (first.Ticks / TimeSpan.TicksPerMinute + OffsetBias);
            Interlocked.Exchange(ref _lastHour, cached);
        }

        return instant.ToOffset(TimeSpan.FromTicks(((cached & ((1L << OffsetBits) - 1)) - OffsetBias) * TimeSpan.TicksPerMinute));
    }

    // A zone's offset is whole minutes (.NET rounds the seconds of old local mean times) within ±14 hours: biased to
    // be positive, it fits in the low 16 bits.
    private const int OffsetBits = 16;
    private const long OffsetBias = 1 << 15;

    /// <summary>The local calendar date of an instant.</summary>
    public DateTime DayOf(DateTimeOffset instant) => DateTime.SpecifyKind(ToZoned(instant).Date, DateTimeKind.Unspecified);

    /// <summary>The local date on which the week holding the instant begins.</summary>
    public DateTime WeekOf(DateTimeOffset instant) => StartOfWeek(DayOf(instant));

    public DateTime StartOfWeek(DateTime localDate)
    {
        int back = ((int)localDate.DayOfWeek - (int)WeekStart + 7) % 7;
        return localDate.Date.AddDays(-back);
    }

    /// <summary>The first local date of the month holding the instant.</summary>
    public DateTime MonthOf(DateTimeOffset instant)
    {
        DateTime day = DayOf(instant);
        return new DateTime(day.Year, day.Month, 1, 0, 0, 0, DateTimeKind.Unspecified);
    }

    /// <summary>
    /// The start of the clock hour holding the instant, as a zoned time. Keyed on the instant, so the two
    /// 01:00 hours of a fall-back night stay apart.
    /// </summary>
    public DateTimeOffset HourOf(DateTimeOffset instant)
    {
        DateTimeOffset zoned = ToZoned(instant);
        long offsetTicks = zoned.Offset.Ticks;
        long localTicks = zoned.UtcTicks + offsetTicks;
        long hourStartLocal = localTicks - (localTicks % TimeSpan.TicksPerHour);
        // Offsets that are not whole hours (e.g. +05:45) still floor to the local hour.
        return ToZoned(new DateTimeOffset(hourStartLocal - offsetTicks, TimeSpan.Zero));
    }

    /// <summary>The instant at which a local date begins (its first valid wall-clock time).</summary>
    public DateTimeOffset StartOfDay(DateTime localDate) => ToInstant(localDate.Date);

    /// <summary>
    /// The instant a local wall-clock time names. A time skipped by a DST jump maps to the first valid time
    /// after it; an ambiguous time maps to its first occurrence.
    /// </summary>
    public DateTimeOffset ToInstant(DateTime local)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (Zone.IsInvalidTime(local))
        {
            // Move forward minute by minute to the end of the gap (gaps are at most a few hours).
            DateTime probe = local;
            do
            {
                probe = probe.AddMinutes(1);
            }
            while (Zone.IsInvalidTime(probe));
            return new DateTimeOffset(probe, Zone.GetUtcOffset(probe));
        }

        if (Zone.IsAmbiguousTime(local))
        {
            TimeSpan[] offsets = Zone.GetAmbiguousTimeOffsets(local);
            TimeSpan first = offsets.Max(); // the earlier instant has the larger offset
            return new DateTimeOffset(local, first);
        }

        return new DateTimeOffset(local, Zone.GetUtcOffset(local));
    }

    /// <summary>Resolves an IANA or Windows zone id; null or empty means the machine's local zone.</summary>
    public static TimeZoneInfo ResolveZone(string? id)
    {
        if (string.IsNullOrWhiteSpace(id) || string.Equals(id, "Local", StringComparison.OrdinalIgnoreCase))
        {
            return TimeZoneInfo.Local;
        }

        if (string.Equals(id, "UTC", StringComparison.OrdinalIgnoreCase) || string.Equals(id, "Z", StringComparison.Ordinal))
        {
            return TimeZoneInfo.Utc;
        }

        return TimeZoneInfo.FindSystemTimeZoneById(id);
    }
}

using ClaudeUsage.Core.Pricing;
using ClaudeUsage.Core.Time;

namespace ClaudeUsage.Core.Ledger;

/// <summary>
/// How far the ledger may add up its quarter-hour sums before a report takes them: up to the next start of the
/// report's finest time unit in its zone (a local hour when it groups by hour, else a local day, which weeks and
/// months are made of) or the next price change, whichever comes first. Within such a bucket every response of one
/// key falls in the same row of the report and has the same price, so one sum per key and bucket prices and counts
/// them exactly.
/// </summary>
internal sealed class SumBuckets
{
    private readonly ZonedCalendar _calendar;
    private readonly bool _hourly;
    private readonly long[] _priceChanges;

    public SumBuckets(ZonedCalendar calendar, bool hourly, PriceTable prices)
    {
        _calendar = calendar;
        _hourly = hourly;
        _priceChanges = [.. prices.AllPrices
            .SelectMany(p => new[] { p.EffectiveFrom, p.EffectiveUntil })
            .OfType<DateTimeOffset>()
            .Select(t => t.UtcTicks)
            .Distinct()
            .Order()];
        Key = $"{(hourly ? "hour" : "day")}|{calendar.Zone.ToSerializedString()}|{string.Join(",", _priceChanges)}";
    }

    /// <summary>Equal for two instances that cut every quarter the same way.</summary>
    public string Key { get; }

    /// <summary>The quarter at which the bucket holding quarter <paramref name="quarter"/> ends (later than it).</summary>
    public long EndOf(long quarter)
    {
        const long Q = LedgerResponseRow.QuarterHourTicks;
        var at = new DateTimeOffset(quarter * Q, TimeSpan.Zero);
        DateTimeOffset next = _hourly ? _calendar.HourOf(at).AddHours(1) : _calendar.StartOfDay(_calendar.DayOf(at).AddDays(1));
        long end = Math.Max(quarter + 1, next.UtcTicks / Q);

        // The unit's end as the calendar says it; where a zone's rules make it uncertain (a half-hour DST shift, a
        // day that is not 24 hours), a quarter whose unit differs from the first one's ends the bucket there.
        if (!SameUnit(at, new DateTimeOffset(((end - 1) * Q), TimeSpan.Zero)))
        {
            end = quarter + 1;
        }

        int i = Array.BinarySearch(_priceChanges, (quarter * Q) + 1);
        int firstAfter = i >= 0 ? i : ~i;
        if (firstAfter < _priceChanges.Length)
        {
            end = Math.Min(end, Math.Max(quarter + 1, _priceChanges[firstAfter] / Q));
        }

        return end;
    }

    private bool SameUnit(DateTimeOffset a, DateTimeOffset b) => _hourly ? _calendar.HourOf(a) == _calendar.HourOf(b) : _calendar.DayOf(a) == _calendar.DayOf(b);
}

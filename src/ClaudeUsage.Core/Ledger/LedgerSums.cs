using ClaudeUsage.Core.Pricing;
using ClaudeUsage.Core.Time;

namespace ClaudeUsage.Core.Ledger;

/// <summary>
/// When responses summed in the ledger by quarter hour give exactly the report one object per response gives: the
/// report's time zone only ever changes its offset by whole quarter hours (true of every zone in use since the 1970s),
/// and every price period starts and ends on a quarter hour (prices change at dates). Otherwise the rows are read.
/// </summary>
internal static class LedgerSums
{
    public static bool AreExact(ZonedCalendar calendar, PriceTable prices)
    {
        TimeZoneInfo zone = calendar.Zone;
        // Local mean times of the 19th century had any offset; what logs can carry starts long after.
        IEnumerable<TimeZoneInfo.AdjustmentRule> modern = zone.GetAdjustmentRules().Where(r => r.DateEnd.Year >= 1970);
        if (!IsQuarter(zone.BaseUtcOffset) || modern.Any(r => !IsQuarter(zone.BaseUtcOffset + r.BaseUtcOffsetDelta) || !IsQuarter(r.DaylightDelta)))
        {
            return false;
        }

        return prices.AllPrices.All(p => OnQuarter(p.EffectiveFrom) && OnQuarter(p.EffectiveUntil));
    }

    private static bool IsQuarter(TimeSpan offset) => offset.Ticks % LedgerResponseRow.QuarterHourTicks == 0;

    private static bool OnQuarter(DateTimeOffset? at) => at is not { } t || t.UtcTicks % LedgerResponseRow.QuarterHourTicks == 0;
}

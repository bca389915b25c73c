using System.Management.Automation;
using ClaudeUsage.Core.Time;
using ClaudeUsage.Internal;

namespace ClaudeUsage.Commands;

/// <summary>
/// A reading cmdlet that evaluates usage as of a chosen moment (-At, now by default): responses after it are
/// left out and "today", "this week" and the default range are taken relative to it, so a result can be
/// reproduced later.
/// </summary>
public abstract class AsOfUsageCommandBase : UsageCommandBase
{
    /// <summary>The moment to evaluate at; now by default. A time without a zone is read in -TimeZone.</summary>
    [Parameter]
    [InstantTransformation]
    public DateTime? At { get; set; }

    /// <summary>
    /// True when the command reads all history up to -At rather than just the requested range: a baseline needs
    /// the intervals before the range, and a billing window is counted whole even where it reaches outside it.
    /// </summary>
    private protected abstract bool ReadsWholeHistory { get; }

    private protected override DateTimeOffset ResolveNow(ZonedCalendar calendar) => At switch
    {
        null => DateTimeOffset.UtcNow,
        // Beyond every usage timestamp: as of then is as of the end of the calendar the module keeps.
        { } late when late >= MaximumBound => new DateTimeOffset(MaximumBound, TimeSpan.Zero),
        { } early when early <= MinimumBound => new DateTimeOffset(MinimumBound, TimeSpan.Zero),
        { } at => ToInstant(at, calendar),
    };

    private protected override TimeRange SelectionRange(TimeRange requested, ZonedCalendar calendar)
    {
        DateTimeOffset afterNow = Now.AddTicks(1); // a response written at the very moment counts
        if (ReadsWholeHistory)
        {
            return new TimeRange(null, afterNow);
        }

        return new TimeRange(requested.Start, requested.End is { } end && end < afterNow ? end : afterNow);
    }
}

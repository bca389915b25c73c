using System.Management.Automation;
using ClaudeUsage.Core.Aggregation;
using ClaudeUsage.Core.Spikes;
using ClaudeUsage.Core.Time;
using ClaudeUsage.Internal;

namespace ClaudeUsage.Commands;

/// <summary>
/// <para type="synopsis">Finds days or hours whose spending (or tokens) rose above the median of the intervals before them, and explains each rise: what it was made of and what drove it.</para>
/// <para type="description">An interval is a spike when its amount is above -Factor times the median of the previous -BaselineIntervals intervals (empty ones count as zero) and at least -MinimumIncrease above it. Intervals with less history than that since the first usage in the logs are not judged. -Since, -Until and -Period choose the intervals to judge; the baseline reads the history before them.</para>
/// <para type="description">Each spike's Factors split its increase into new work (projects, recurring automations, skills, plugins, subagents and MCP servers the baseline did not have), volume, context size, output size, cache efficiency and price mix, adding up to the increase, each with its drivers; Explanation says it in one line for a log or an e-mail. The method is in about_ClaudeUsage, "How a spike is explained". The sessions of a recurring automation count as one driver.</para>
/// </summary>
[Cmdlet(VerbsCommon.Find, "ClaudeUsageSpike", DefaultParameterSetName = PathSet)]
[OutputType(typeof(UsageSpike))]
public sealed class FindClaudeUsageSpikeCommand : AsOfUsageCommandBase
{
    /// <summary>Compare calendar days (the default) or clock hours.</summary>
    [Parameter]
    public UsageInterval Interval { get; set; } = UsageInterval.Day;

    /// <summary>Compare spending in USD (the default) or all tokens.</summary>
    [Parameter]
    public UsageMetric Metric { get; set; } = UsageMetric.Cost;

    /// <summary>The most previous intervals a baseline may take: a leap year of hours.</summary>
    private const int MaxBaselineIntervals = 8784;

    /// <summary>How many previous intervals the baseline is the median of (7 by default; 1 to 8,784, a leap year of hours).</summary>
    [Parameter]
    public int BaselineIntervals { get; set; } = 7;

    /// <summary>How many times the baseline an interval must exceed (1.5 by default).</summary>
    [Parameter]
    public decimal Factor { get; set; } = 1.5m;

    /// <summary>How far above the baseline an interval must be, in USD or tokens: $1 or 1,000,000 tokens by default.</summary>
    [Parameter]
    public decimal? MinimumIncrease { get; set; }

    private protected override bool ReadsWholeHistory => true;

    private protected override bool NeedsFirstResponse => true;

    // The ledger's sums per interval say which intervals are spikes; each spike's and its baseline's responses are
    // then read one by one to explain it (SpikeDetector).
    private protected override bool CanSumInLedger => true;

    private protected override bool SumsByHour => Interval == UsageInterval.Hour;

    /// <summary>
    /// The intervals judged and the baseline before the first of them. Whether history reaches back further only
    /// decides which intervals are judged, and the first response's time says that; with a filter on what the
    /// responses are, their own first one is not known without reading them all, so all history is read.
    /// </summary>
    private protected override TimeRange SelectionRange(TimeRange requested, ZonedCalendar calendar)
    {
        TimeRange whole = base.SelectionRange(requested, calendar);
        if (requested.Start is not { } from || NarrowsResponses)
        {
            return whole;
        }

        var clock = new IntervalClock(Interval, calendar);
        DateTimeOffset start = clock.StartOf(from);
        for (int i = 0; i < BaselineIntervals; i++)
        {
            start = clock.Previous(start);
        }

        return new TimeRange(start, whole.End);
    }

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        if (BaselineIntervals is < 1 or > MaxBaselineIntervals || Factor < 1m || MinimumIncrease < 0m)
        {
            ThrowTerminatingError(new ErrorRecord(
                new ArgumentException($"-BaselineIntervals must be from 1 to {MaxBaselineIntervals:N0} (it was {BaselineIntervals:N0}), -Factor at least 1 (it was {Factor}) and -MinimumIncrease not negative (it was {MinimumIncrease})."),
                ErrorIds.InvalidSpikeSettings,
                ErrorCategory.InvalidArgument,
                null));
        }
    }

    private protected override void Emit(List<CountedResponse> responses, ZonedCalendar calendar)
    {
        var options = new SpikeOptions
        {
            Interval = Interval,
            Metric = Metric,
            BaselineIntervals = BaselineIntervals,
            Factor = Factor,
            MinimumIncrease = MinimumIncrease ?? SpikeOptions.DefaultMinimumIncrease(Metric),
        };
        foreach (UsageSpike spike in SpikeDetector.Find(responses, RequestedRange, options, calendar, NarrowsResponses ? null : FirstResponse, LedgerResponses))
        {
            WriteObject(spike);
        }
    }
}

using System.Globalization;
using System.Management.Automation;
using ClaudeUsage.Completers;
using ClaudeUsage.Core.Aggregation;
using ClaudeUsage.Core.Blocks;
using ClaudeUsage.Core.Ledger;
using ClaudeUsage.Core.Time;
using ClaudeUsage.Internal;

namespace ClaudeUsage.Commands;

/// <summary>
/// <para type="synopsis">Lists the 5-hour billing windows of Claude subscription usage, with tokens, cost and models, and for the window still running its burn rate, projected totals and time left.</para>
/// <para type="description">A window starts at its first response floored to the hour and lasts five hours; a response five hours or more after the window's start, or more than five hours after the previous response, starts the next one. Windows overlapping the requested range are listed whole.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "ClaudeBillingBlock", DefaultParameterSetName = PathSet)]
[OutputType(typeof(BillingBlock))]
public sealed class GetClaudeBillingBlockCommand : AsOfUsageCommandBase
{
    private long? _tokenLimit;
    private bool _largestAsLimit;

    /// <summary>A token limit per window (a number, or Max for the most any finished window used): adds percent used and a status.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(TokenLimitCompleter))]
    [ValidateNotNullOrEmpty]
    public string? TokenLimit { get; set; }

    /// <summary>Also emit the stretches between windows, when no window was running.</summary>
    [Parameter]
    public SwitchParameter IncludeGaps { get; set; }

    /// <summary>Emit only the window running at -At.</summary>
    [Parameter]
    public SwitchParameter Active { get; set; }

    private protected override bool ReadsWholeHistory => true;

    // Windows start and end on whole UTC hours, so the ledger's sums per UTC hour cut them exactly.
    private protected override bool CanSumInLedger => true;

    private protected override bool SumsByHour => true;

    private protected override ZonedCalendar SumsCalendar(ZonedCalendar calendar) => new(TimeZoneInfo.Utc, calendar.WeekStart);

    /// <summary>
    /// A response that comes more than five hours after the one before it always opens a window, so the windows
    /// from the last such response before the range are those a read of all history finds. The gap before that
    /// window, and -TokenLimit Max (the largest window ever), need all history; so does a filter on what the
    /// responses are, whose own gaps the ledger cannot tell.
    /// </summary>
    private protected override DateTimeOffset? LedgerReadFrom(ILedgerStore store, TimeRange selection, IReadOnlySet<UsageSource>? sources)
    {
        // With -Active only the chain of windows running at -At matters (a pause of five hours starts a new one, so
        // what came before it changes nothing): a status line's call reads hours, not the requested month.
        if (IncludeGaps || _largestAsLimit || NarrowsResponses || LiveOnly || (Active ? Now : RequestedRange.Start) is not { } from)
        {
            return selection.Start;
        }

        // A week back at most: logs with no five-hour pause in a week are read whole rather than searched longer.
        return store.LastAfterGap(from, BillingBlockBuilder.BlockLength, TimeSpan.FromDays(7), sources) ?? selection.Start;
    }

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        if (TokenLimit is null)
        {
            return;
        }

        if (string.Equals(TokenLimit, "Max", StringComparison.OrdinalIgnoreCase))
        {
            _largestAsLimit = true;
        }
        else if (long.TryParse(TokenLimit, NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out long limit) && limit > 0)
        {
            _tokenLimit = limit;
        }
        else
        {
            ThrowTerminatingError(new ErrorRecord(
                new ArgumentException($"-TokenLimit must be a whole number of tokens above zero or Max; it was '{TokenLimit}'."),
                ErrorIds.InvalidTokenLimit,
                ErrorCategory.InvalidArgument,
                TokenLimit));
        }
    }

    private protected override void Emit(List<CountedResponse> responses, ZonedCalendar calendar)
    {
        List<BillingBlock> blocks = BillingBlockBuilder.Build(responses, Now, calendar);
        long? limit = _tokenLimit;
        if (_largestAsLimit)
        {
            limit = BillingBlockBuilder.LargestFinishedBlock(blocks);
            if (limit is null or 0)
            {
                WriteWarning("-TokenLimit Max needs a finished window with usage to compare against, and there is none yet: no percent used is given.");
                limit = null;
            }
        }

        TimeRange range = RequestedRange;
        foreach (BillingBlock block in blocks)
        {
            bool overlaps = (range.Start is null || block.End > range.Start) && (range.End is null || block.Start < range.End);
            if (!overlaps || (block.IsGap && !IncludeGaps) || (Active && !block.IsActive))
            {
                continue;
            }

            if (limit is { } l)
            {
                BillingBlockBuilder.ApplyLimit(block, l);
            }

            WriteObject(block);
        }
    }
}

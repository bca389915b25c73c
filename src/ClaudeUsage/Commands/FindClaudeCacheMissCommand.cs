using System.Management.Automation;
using ClaudeUsage.Core.Aggregation;
using ClaudeUsage.Core.CacheMisses;
using ClaudeUsage.Core.Time;
using ClaudeUsage.Internal;

namespace ClaudeUsage.Commands;

/// <summary>
/// <para type="synopsis">Finds the requests that missed the prompt cache their conversation had built, says why (an idle gap, a model change, a changed prefix), and what each miss cost and a 1-hour cache would have saved.</para>
/// <para type="description">Each conversation thread (a session's main transcript, or one subagent transcript) is walked in time order. A request is a miss when it read less than half of the prefix the thread's previous request left in the cache (its cache reads plus writes) and paid for at least 1,024 of those tokens again. Its cost is those tokens at the price they were billed at less the cache-read price. -Summary sums the misses in total or per session, project, model or day.</para>
/// </summary>
[Cmdlet(VerbsCommon.Find, "ClaudeCacheMiss", DefaultParameterSetName = PathSet)]
[OutputType(typeof(CacheMiss), typeof(CacheMissSummary))]
public sealed class FindClaudeCacheMissCommand : AsOfUsageCommandBase
{
    private Func<string, bool>? _model;

    /// <summary>Report only misses of these causes: IdleGap, ModelChanged, PrefixChanged. All by default.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public CacheMissCause[]? Cause { get; set; }

    /// <summary>Emit sums (ClaudeUsage.CacheMissSummary) instead of one object per miss.</summary>
    [Parameter]
    public SwitchParameter Summary { get; set; }

    /// <summary>What -Summary sums by: Total (the default), Session, Project, Model or Day. Implies -Summary.</summary>
    [Parameter]
    public CacheMissGrouping GroupBy { get; set; } = CacheMissGrouping.Total;

    /// <summary>-Skill, -Plugin, -Subagent and -McpServer choose the misses reported: the request before one may have had another cause.</summary>
    private protected override bool FiltersAttributionOnRead => false;

    /// <summary>
    /// A thread is one log file's requests, so the files with a request in the range, read whole, hold every
    /// request a miss in the range can be judged against, however long before it.
    /// </summary>
    private protected override DateTimeOffset? LedgerFilesActiveFrom => RequestedRange.Start;

    /// <summary>Every thread's previous request may lie before the range, however long before.</summary>
    private protected override bool ReadsWholeHistory => true;

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        if (CostMode == CostMode.Recorded)
        {
            ThrowTerminatingError(new ErrorRecord(
                new ArgumentException("-CostMode Recorded cannot price cache misses: a recorded cost does not say what each token kind cost. Use Auto or Calculate."),
                ErrorIds.RecordedCostNotSupported,
                ErrorCategory.InvalidArgument,
                CostMode));
        }
    }

    protected override void EndProcessing()
    {
        // -Model chooses the misses reported, not the responses read: a thread's previous request may be of another
        // model (that is a ModelChanged miss), so every model is read and the filter applies in Emit.
        _model = NameMatcher.Create(this, nameof(Model), Model);
        Model = null;
        base.EndProcessing();
    }

    private protected override void Emit(List<CountedResponse> responses, ZonedCalendar calendar)
    {
        var options = new CacheMissOptions
        {
            Range = RequestedRange,
            Model = _model,
            Attribution = ReportedAttribution is { } attribution ? attribution.MatchesAttribution : null,
            Causes = Cause is { Length: > 0 } ? Cause.ToHashSet() : null,
        };
        List<DetectedMiss> misses = CacheMissDetector.Find(responses, options, calendar);
        WriteVerbose($"Found {misses.Count:N0} cache miss(es) among {responses.Count:N0} response(s).");
        if (Summary || MyInvocation.BoundParameters.ContainsKey(nameof(GroupBy)))
        {
            foreach (CacheMissSummary summary in CacheMissSummarizer.Summarize(responses, misses, GroupBy, options, calendar))
            {
                WriteObject(summary);
            }

            return;
        }

        foreach (DetectedMiss miss in misses)
        {
            WriteObject(miss.Miss);
        }
    }
}

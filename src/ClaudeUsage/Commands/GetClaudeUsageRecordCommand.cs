using System.Management.Automation;
using ClaudeUsage.Core.Aggregation;
using ClaudeUsage.Core.Time;

namespace ClaudeUsage.Commands;

/// <summary>
/// <para type="synopsis">Emits one object per counted API response, for grouping of your own.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "ClaudeUsageRecord", DefaultParameterSetName = PathSet)]
[OutputType(typeof(UsageRecord))]
public sealed class GetClaudeUsageRecordCommand : UsageCommandBase
{
    /// <summary>Records show each response's message and request ids.</summary>
    private protected override bool NeedsResponseIds => true;

    private protected override void Emit(List<CountedResponse> responses, ZonedCalendar calendar)
    {
        foreach (CountedResponse response in responses)
        {
            WriteObject(UsageReport.Record(response, calendar));
        }
    }
}

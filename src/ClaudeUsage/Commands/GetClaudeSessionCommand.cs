using System.Management.Automation;
using ClaudeUsage.Core.Aggregation;
using ClaudeUsage.Core.Time;

namespace ClaudeUsage.Commands;

/// <summary>
/// <para type="synopsis">Lists agent sessions with their project, activity span, models, tokens and cost.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "ClaudeSession", DefaultParameterSetName = PathSet)]
[OutputType(typeof(UsageSession))]
public sealed class GetClaudeSessionCommand : UsageCommandBase
{
    private protected override void Emit(List<CountedResponse> responses, ZonedCalendar calendar)
    {
        foreach (UsageSession session in UsageReport.Sessions(responses, calendar))
        {
            WriteObject(session);
        }
    }
}

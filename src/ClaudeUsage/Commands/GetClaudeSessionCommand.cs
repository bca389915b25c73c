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
    // A session is its responses' sums: the ledger adds them up per local day and key (a key is of one session), and
    // says which files each session's responses are in. A filter on what caused them reads the responses.
    private protected override bool CanSumInLedger => true;

    private protected override bool NeedsSessionFiles => true;

    private protected override void Emit(List<CountedResponse> responses, ZonedCalendar calendar)
    {
        foreach (UsageSession session in UsageReport.Sessions(responses, calendar, SessionFiles))
        {
            WriteObject(session);
        }
    }
}

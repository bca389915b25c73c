using System.Management.Automation;
using ClaudeUsage.Core.Aggregation;
using ClaudeUsage.Core.Time;

namespace ClaudeUsage.Commands;

/// <summary>
/// <para type="synopsis">Summarises agent token usage and cost, grouped by day, week, month, hour, session, project, model, source, agent or provider.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "ClaudeUsage", DefaultParameterSetName = PathSet)]
[OutputType(typeof(UsageSummary))]
public sealed class GetClaudeUsageCommand : UsageCommandBase
{
    /// <summary>The keys to group rows by, in order (e.g. Day,Model). Day by default.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public UsageGrouping[] GroupBy { get; set; } = [UsageGrouping.Day];

    private protected override bool NeedsTimeOrder => false;

    // The rows are sums: none refers to the responses.
    private protected override bool DoneWithResponsesAfterEmit => true;

    // The ledger's sums are not kept by skill, plugin, subagent or MCP server: those groupings read the responses.
    private protected override bool CanSumInLedger => !GroupBy.Any(g => g is UsageGrouping.Skill or UsageGrouping.Plugin or UsageGrouping.Subagent or UsageGrouping.McpServer);

    private protected override bool SumsByHour => GroupBy.Contains(UsageGrouping.Hour);

    private protected override void Emit(List<CountedResponse> responses, ZonedCalendar calendar)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        List<UsageSummary> rows = UsageReport.Summarize(responses, GroupBy, calendar);
        WriteVerbose($"Summed {responses.Count:N0} response(s) into {rows.Count:N0} row(s) ({watch.Elapsed.TotalMilliseconds:N0} ms).");
        string view = ViewName(rows.Count > 0 ? rows[0].Keys : GroupBy);
        foreach (UsageSummary row in rows)
        {
            // A type-name suffix picks the table view whose columns are this grouping's keys.
            var wrapped = new PSObject(row);
            wrapped.TypeNames.Insert(0, view);
            WriteObject(wrapped);
        }
    }

    internal static string ViewName(IReadOnlyList<UsageGrouping> groupBy) =>
        $"{typeof(UsageSummary).FullName}#{string.Join("-", groupBy.Distinct())}";
}

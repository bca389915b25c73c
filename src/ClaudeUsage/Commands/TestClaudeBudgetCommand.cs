using System.Management.Automation;
using ClaudeUsage.Core.Aggregation;
using ClaudeUsage.Core.Time;
using ClaudeUsage.Internal;

namespace ClaudeUsage.Commands;

/// <summary>
/// <para type="synopsis">Tests spending against daily, weekly and monthly budgets in USD or tokens: $true while every budget is below its critical threshold, or with -Detailed one status object per budget.</para>
/// <para type="description">Each budget covers its calendar period in -TimeZone as of -At (now by default): the day, the week (starting on -WeekStart) or the month holding that moment. -Since, -Until and -Period do not apply and are rejected.</para>
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "ClaudeBudget", DefaultParameterSetName = PathSet)]
[OutputType(typeof(bool))]
[OutputType(typeof(BudgetStatus))]
public sealed class TestClaudeBudgetCommand : BudgetCommandBase
{
    /// <summary>Return one status object per budget instead of a single [bool].</summary>
    [Parameter]
    public SwitchParameter Detailed { get; set; }

    private protected override bool ReadsWholeHistory => false;

    // Budget periods are local days, weeks and months, so the ledger's sums per local hour cut them exactly; the hour
    // in which a limit was reached is read again one response at a time (BudgetEvaluator).
    private protected override bool CanSumInLedger => true;

    private protected override bool SumsByHour => true;

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        if (Budgets.Count == 0)
        {
            Fail(
                "No budget was given. Give at least one of -Daily, -Weekly, -Monthly (USD) or -DailyTokens, -WeeklyTokens, -MonthlyTokens.",
                ErrorIds.NoBudget,
                null);
        }
    }

    /// <summary>Reads from the start of the earliest budget period; responses after -At are left out.</summary>
    private protected override TimeRange DefaultRange(ZonedCalendar calendar, DateTimeOffset now) =>
        new(EarliestBudgetStart(calendar, now), null);

    private protected override void Emit(List<CountedResponse> responses, ZonedCalendar calendar)
    {
        List<BudgetStatus> statuses = EvaluateBudgets(responses, calendar);
        if (Detailed)
        {
            foreach (BudgetStatus status in statuses)
            {
                WriteObject(status);
            }
        }
        else
        {
            WriteObject(statuses.TrueForAll(static s => s.IsBelowCritical));
        }
    }
}

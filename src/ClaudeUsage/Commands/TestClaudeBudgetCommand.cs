using System.Management.Automation;
using ClaudeUsage.Core.Aggregation;
using ClaudeUsage.Core.Budgets;
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
public sealed class TestClaudeBudgetCommand : AsOfUsageCommandBase
{
    private readonly List<BudgetDefinition> _budgets = [];

    /// <summary>The most to spend per calendar day, in USD.</summary>
    [Parameter]
    public decimal? Daily { get; set; }

    /// <summary>The most to spend per calendar week, in USD.</summary>
    [Parameter]
    public decimal? Weekly { get; set; }

    /// <summary>The most to spend per calendar month, in USD.</summary>
    [Parameter]
    public decimal? Monthly { get; set; }

    /// <summary>The most tokens (all kinds) per calendar day.</summary>
    [Parameter]
    public long? DailyTokens { get; set; }

    /// <summary>The most tokens (all kinds) per calendar week.</summary>
    [Parameter]
    public long? WeeklyTokens { get; set; }

    /// <summary>The most tokens (all kinds) per calendar month.</summary>
    [Parameter]
    public long? MonthlyTokens { get; set; }

    /// <summary>The fraction of a budget at which its status becomes Warning (0.8 by default).</summary>
    [Parameter]
    public decimal WarningAt { get; set; } = 0.8m;

    /// <summary>The fraction of a budget at which its status becomes Critical and the test fails (1.0 by default).</summary>
    [Parameter]
    public decimal CriticalAt { get; set; } = 1.0m;

    /// <summary>Return one status object per budget instead of a single [bool].</summary>
    [Parameter]
    public SwitchParameter Detailed { get; set; }

    private protected override bool ReadsWholeHistory => false;

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        foreach (string name in (string[])[nameof(Since), nameof(Until), nameof(Period)])
        {
            if (MyInvocation.BoundParameters.ContainsKey(name))
            {
                Fail(
                    $"-{name} does not apply to Test-ClaudeBudget: each budget covers its own calendar day, week or month as of -At. Use -At to evaluate another moment.",
                    ErrorIds.BudgetRangeNotSupported,
                    name);
            }
        }

        AddBudget(BudgetPeriod.Daily, UsageMetric.Cost, Daily, nameof(Daily));
        AddBudget(BudgetPeriod.Daily, UsageMetric.Tokens, DailyTokens, nameof(DailyTokens));
        AddBudget(BudgetPeriod.Weekly, UsageMetric.Cost, Weekly, nameof(Weekly));
        AddBudget(BudgetPeriod.Weekly, UsageMetric.Tokens, WeeklyTokens, nameof(WeeklyTokens));
        AddBudget(BudgetPeriod.Monthly, UsageMetric.Cost, Monthly, nameof(Monthly));
        AddBudget(BudgetPeriod.Monthly, UsageMetric.Tokens, MonthlyTokens, nameof(MonthlyTokens));
        if (_budgets.Count == 0)
        {
            Fail(
                "No budget was given. Give at least one of -Daily, -Weekly, -Monthly (USD) or -DailyTokens, -WeeklyTokens, -MonthlyTokens.",
                ErrorIds.NoBudget,
                null);
        }

        if (WarningAt <= 0m || CriticalAt <= 0m || WarningAt > CriticalAt)
        {
            Fail(
                $"-WarningAt ({WarningAt}) and -CriticalAt ({CriticalAt}) must be above zero, with -WarningAt not above -CriticalAt.",
                ErrorIds.InvalidBudgetThreshold,
                WarningAt > CriticalAt ? WarningAt : CriticalAt);
        }
    }

    /// <summary>Reads from the start of the earliest budget period; responses after -At are left out.</summary>
    private protected override TimeRange DefaultRange(ZonedCalendar calendar, DateTimeOffset now) =>
        new(_budgets.Min(b => CalendarPeriod.Containing(b.Period, now, calendar).Start), null);

    private protected override void Emit(List<CountedResponse> responses, ZonedCalendar calendar)
    {
        var thresholds = new BudgetThresholds(WarningAt, CriticalAt);
        List<BudgetStatus> statuses = _budgets.ConvertAll(b => BudgetEvaluator.Evaluate(b, thresholds, responses, calendar, Now));
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

    private void AddBudget(BudgetPeriod period, UsageMetric metric, decimal? amount, string parameter)
    {
        if (amount is not { } limit)
        {
            return;
        }

        if (limit <= 0m)
        {
            Fail($"-{parameter} must be above zero; it was {limit}.", ErrorIds.InvalidBudget, limit);
        }

        _budgets.Add(new BudgetDefinition(period, metric, limit));
    }

    private void Fail(string message, string errorId, object? target) =>
        ThrowTerminatingError(new ErrorRecord(new ArgumentException(message), errorId, ErrorCategory.InvalidArgument, target));
}

using System.Management.Automation;
using ClaudeUsage.Core.Aggregation;
using ClaudeUsage.Core.Budgets;
using ClaudeUsage.Core.Time;
using ClaudeUsage.Internal;

namespace ClaudeUsage.Commands;

/// <summary>
/// A cmdlet that evaluates budgets as of -At: the budget parameters (-Daily ... -MonthlyTokens, -WarningAt,
/// -CriticalAt) and their checks. Its periods are calendar periods, so -Since, -Until and -Period are rejected.
/// </summary>
public abstract class BudgetCommandBase : AsOfUsageCommandBase
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

    /// <summary>The budgets given, in a fixed order (daily, weekly, monthly; USD before tokens).</summary>
    private protected IReadOnlyList<BudgetDefinition> Budgets => _budgets;

    private protected BudgetThresholds Thresholds => new(WarningAt, CriticalAt);

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        foreach (string name in (string[])[nameof(Since), nameof(Until), nameof(Period)])
        {
            if (MyInvocation.BoundParameters.ContainsKey(name))
            {
                Fail(
                    $"-{name} does not apply to {MyInvocation.MyCommand.Name}: each budget covers its own calendar day, week or month as of -At. Use -At to evaluate another moment.",
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

        if (WarningAt <= 0m || CriticalAt <= 0m || WarningAt > CriticalAt)
        {
            Fail(
                $"-WarningAt ({WarningAt}) and -CriticalAt ({CriticalAt}) must be above zero, with -WarningAt not above -CriticalAt.",
                ErrorIds.InvalidBudgetThreshold,
                WarningAt > CriticalAt ? WarningAt : CriticalAt);
        }
    }

    /// <summary>Each budget's state as of -At (from the ledger's sums, the responses of the hour a limit was reached in one by one).</summary>
    private protected List<BudgetStatus> EvaluateBudgets(List<CountedResponse> responses, ZonedCalendar calendar)
    {
        BudgetThresholds thresholds = Thresholds;
        return _budgets.ConvertAll(b => BudgetEvaluator.Evaluate(b, thresholds, responses, calendar, Now, LedgerResponses));
    }

    /// <summary>The start of the earliest budget period holding -At; null when there is no budget.</summary>
    private protected DateTimeOffset? EarliestBudgetStart(ZonedCalendar calendar, DateTimeOffset now) =>
        _budgets.Count == 0 ? null : _budgets.Min(b => CalendarPeriod.Containing(b.Period, now, calendar).Start);

    private protected void Fail(string message, string errorId, object? target) =>
        ThrowTerminatingError(new ErrorRecord(new ArgumentException(message), errorId, ErrorCategory.InvalidArgument, target));

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
}

namespace ClaudeUsage.Core.Budgets;

/// <summary>The fractions of a limit at which spending becomes a warning and critical.</summary>
internal readonly record struct BudgetThresholds(decimal WarningAt, decimal CriticalAt)
{
    /// <summary>Warning at 80 % of the limit, critical at 100 %.</summary>
    public static BudgetThresholds Default => new(0.8m, 1.0m);

    /// <summary>The highest level an amount has reached against a limit (see <see cref="BudgetState"/>).</summary>
    public BudgetState Classify(decimal amount, decimal limit)
    {
        if (amount > limit)
        {
            return BudgetState.Exceeded;
        }

        if (amount >= CriticalAt * limit)
        {
            return BudgetState.Critical;
        }

        return amount >= WarningAt * limit ? BudgetState.Warning : BudgetState.Ok;
    }

    /// <summary>True while the amount is below the critical threshold: what Test-ClaudeBudget's [bool] answers.</summary>
    public bool IsBelowCritical(decimal amount, decimal limit) => amount < CriticalAt * limit;
}

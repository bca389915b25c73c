namespace ClaudeUsage;

/// <summary>The calendar period a budget covers, in the chosen time zone.</summary>
public enum BudgetPeriod
{
    Daily,
    Weekly,
    Monthly,
}

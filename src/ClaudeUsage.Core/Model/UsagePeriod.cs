namespace ClaudeUsage;

/// <summary>A named calendar range, resolved in the chosen time zone.</summary>
public enum UsagePeriod
{
    Today,
    Yesterday,
    ThisWeek,
    LastWeek,
    ThisMonth,
    LastMonth,
    Last7Days,
    Last30Days,
    AllTime,
}

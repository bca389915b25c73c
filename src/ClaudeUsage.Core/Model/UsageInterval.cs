namespace ClaudeUsage;

/// <summary>The length of the intervals usage is compared in.</summary>
public enum UsageInterval
{
    /// <summary>Calendar days in the chosen time zone.</summary>
    Day,

    /// <summary>Clock hours in the chosen time zone.</summary>
    Hour,
}

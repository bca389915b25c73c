namespace ClaudeUsage;

/// <summary>
/// One 5-hour billing window, or with -IncludeGaps a stretch of time no window covered, as
/// Get-ClaudeBillingBlock returns it. Token counts and cost are those of every response in the window.
/// </summary>
public sealed class BillingBlock : UsageTotals
{
    /// <summary>The window's start: its first response's time floored to the hour (UTC hours). For a gap, the previous window's end.</summary>
    public required DateTimeOffset Start { get; init; }

    /// <summary>Start plus five hours (exclusive). For a gap, the next window's start.</summary>
    public required DateTimeOffset End { get; init; }

    public TimeSpan Duration => End - Start;

    /// <summary>The first response in the window; null for a gap.</summary>
    public DateTimeOffset? FirstActivity { get; init; }

    /// <summary>The last response in the window (its actual last activity); null for a gap.</summary>
    public DateTimeOffset? LastActivity { get; init; }

    /// <summary>True for the window still running at -At: it has not ended and its last activity is under five hours old.</summary>
    public bool IsActive { get; init; }

    /// <summary>True for a stretch between windows with no window running.</summary>
    public bool IsGap { get; init; }

    public int Requests { get; internal set; }

    /// <summary>Distinct sessions with responses in the window.</summary>
    public int Sessions { get; internal set; }

    public IReadOnlyList<string> Models { get; internal set; } = [];

    /// <summary>Active window: time until it ends.</summary>
    public TimeSpan? TimeLeft { get; internal set; }

    /// <summary>Active window: all tokens per minute since its first response.</summary>
    public decimal? TokensPerMinute { get; internal set; }

    /// <summary>Active window: USD per hour since its first response.</summary>
    public decimal? CostPerHour { get; internal set; }

    /// <summary>Active window: total tokens at its end if the current rate holds.</summary>
    public long? ProjectedTotalTokens { get; internal set; }

    /// <summary>Active window: cost at its end if the current rate holds.</summary>
    public decimal? ProjectedCost { get; internal set; }

    /// <summary>The token limit compared against (-TokenLimit), or null.</summary>
    public long? TokenLimit { get; internal set; }

    /// <summary>Total tokens as a percentage of the limit; not capped.</summary>
    public decimal? PercentUsed { get; internal set; }

    /// <summary>Total tokens against the limit, by name: <c>Ok</c>, <c>Warning</c> from 80 %, <c>Critical</c> at 100 %, <c>Exceeded</c> above it.</summary>
    public string? Status { get; internal set; }

    /// <summary>Active window: projected total tokens as a percentage of the limit.</summary>
    public decimal? ProjectedPercentUsed { get; internal set; }

    /// <summary>Active window: projected total tokens against the limit, by name as <see cref="Status"/>.</summary>
    public string? ProjectedStatus { get; internal set; }

    public required string TimeZone { get; init; }
}

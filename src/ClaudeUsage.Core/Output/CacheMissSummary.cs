namespace ClaudeUsage;

/// <summary>
/// The cache misses of everything examined, or of one session, project, model or day, as
/// Find-ClaudeCacheMiss -Summary returns them: how many, of which cause, what they cost and what a 1-hour cache
/// would have saved.
/// </summary>
public sealed class CacheMissSummary
{
    /// <summary>What the summary is of: <c>Total</c>, <c>Session</c>, <c>Project</c>, <c>Model</c> or <c>Day</c>.</summary>
    public required string GroupBy { get; init; }

    /// <summary>The group's key as text: <c>Total</c>, the session id, project name, model or day (yyyy-MM-dd).</summary>
    public required string Group { get; init; }

    /// <summary>With -GroupBy Session, the session id (binds -SessionId of the reading cmdlets); else null.</summary>
    public string? SessionId { get; init; }

    /// <summary>With -GroupBy Session or Project, the project's display name; else null.</summary>
    public string? Project { get; init; }

    /// <summary>With -GroupBy Session or Project, the project's working directory when the log says; else null.</summary>
    public string? ProjectPath { get; init; }

    /// <summary>With -GroupBy Model, the model; else null.</summary>
    public string? Model { get; init; }

    /// <summary>With -GroupBy Day, the calendar day in <see cref="TimeZone"/>; else null.</summary>
    public DateTime? Day { get; init; }

    /// <summary>The requests examined (responses in range, steps of a response not counted).</summary>
    public int Requests { get; init; }

    public int Misses { get; init; }

    public int IdleGapMisses { get; init; }

    public int ModelChangedMisses { get; init; }

    public int PrefixChangedMisses { get; init; }

    /// <summary>Misses whose model had no price at their time: left out of the costs.</summary>
    public int UnpricedMisses { get; init; }

    /// <summary>The prefix tokens the misses paid for again.</summary>
    public long PrefixTokens { get; init; }

    /// <summary>What the misses cost beyond hits, in USD.</summary>
    public decimal MissCost { get; init; }

    /// <summary>The part of <see cref="MissCost"/> that idle gaps caused.</summary>
    public decimal IdleGapCost { get; init; }

    /// <summary>The part of <see cref="MissCost"/> that model changes caused.</summary>
    public decimal ModelChangedCost { get; init; }

    /// <summary>The part of <see cref="MissCost"/> that prefix changes caused.</summary>
    public decimal PrefixChangedCost { get; init; }

    /// <summary>What writing the thread's prefix with the 1-hour cache would have saved: the sum of the misses' savings.</summary>
    public decimal OneHourCacheSaving { get; init; }

    /// <summary>The cost in USD of the requests examined (the priced ones); null when none was priced.</summary>
    public decimal? Cost { get; init; }

    /// <summary>Cache reads as a fraction of all prompt tokens of the requests examined, 0 to 1; null without prompt tokens.</summary>
    public decimal? CacheHitRate { get; init; }

    /// <summary>The hit rate had every miss read its prefix tokens from the cache: (reads + prefix tokens) ÷ prompt tokens.</summary>
    public decimal? CacheHitRateWithoutMisses { get; init; }

    /// <summary>The time zone days are taken in.</summary>
    public required string TimeZone { get; init; }
}

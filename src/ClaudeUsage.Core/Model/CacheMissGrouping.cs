namespace ClaudeUsage;

/// <summary>What Find-ClaudeCacheMiss -Summary sums cache misses by.</summary>
public enum CacheMissGrouping
{
    /// <summary>One summary of everything examined.</summary>
    Total,

    /// <summary>One summary per session that had a miss.</summary>
    Session,

    /// <summary>One summary per project that had a miss.</summary>
    Project,

    /// <summary>One summary per model that had a miss (the model of the request that missed).</summary>
    Model,

    /// <summary>One summary per calendar day in the chosen time zone that had a miss.</summary>
    Day,
}

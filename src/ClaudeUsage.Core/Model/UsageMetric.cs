namespace ClaudeUsage;

/// <summary>What an amount measures: money or tokens.</summary>
public enum UsageMetric
{
    /// <summary>Cost in USD.</summary>
    Cost,

    /// <summary>All tokens: input, output, cache writes and cache reads.</summary>
    Tokens,
}

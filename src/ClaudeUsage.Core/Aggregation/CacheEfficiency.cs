namespace ClaudeUsage.Core.Aggregation;

/// <summary>How well the prompt cache served a set of responses, from their token sums.</summary>
internal static class CacheEfficiency
{
    /// <summary>
    /// Cache reads as a fraction of all prompt tokens (uncached input, cache writes and cache reads), 0 to 1; null
    /// when there were no prompt tokens, where a rate would mean nothing.
    /// </summary>
    public static decimal? HitRate(long input, long cacheWrite, long cacheRead)
    {
        long prompt = input + cacheWrite + cacheRead;
        return prompt == 0 ? null : (decimal)cacheRead / prompt;
    }
}

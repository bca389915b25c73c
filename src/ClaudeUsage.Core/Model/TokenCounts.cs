namespace ClaudeUsage.Core;

/// <summary>The token kinds of one response, kept apart because each has its own price.</summary>
internal readonly record struct TokenCounts(
    long Input,
    long Output,
    long CacheWrite5m,
    long CacheWrite1h,
    long CacheRead,
    long WebSearchRequests,
    long WebFetchRequests = 0,
    long CodeExecutionRequests = 0)
{
    public long CacheWrite => CacheWrite5m + CacheWrite1h;

    /// <summary>Every token of the response; web-search requests are not tokens.</summary>
    public long Total => Input + Output + CacheWrite5m + CacheWrite1h + CacheRead;

    /// <summary>The prompt side of the request: what the long-context threshold is measured on.</summary>
    public long PromptTokens => Input + CacheWrite5m + CacheWrite1h + CacheRead;

    public bool IsZero => Total == 0 && WebSearchRequests == 0 && WebFetchRequests == 0 && CodeExecutionRequests == 0;

    public static TokenCounts operator +(TokenCounts a, TokenCounts b) => new(
        a.Input + b.Input,
        a.Output + b.Output,
        a.CacheWrite5m + b.CacheWrite5m,
        a.CacheWrite1h + b.CacheWrite1h,
        a.CacheRead + b.CacheRead,
        a.WebSearchRequests + b.WebSearchRequests,
        a.WebFetchRequests + b.WebFetchRequests,
        a.CodeExecutionRequests + b.CodeExecutionRequests);
}

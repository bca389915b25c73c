namespace ClaudeUsage;

/// <summary>Token counts by kind and their cost: what every usage output object carries.</summary>
public abstract class UsageTotals
{
    /// <summary>Uncached input tokens.</summary>
    public long InputTokens { get; internal set; }

    public long OutputTokens { get; internal set; }

    /// <summary>Tokens written to the prompt cache with the 5-minute lifetime.</summary>
    public long CacheWrite5mTokens { get; internal set; }

    /// <summary>Tokens written to the prompt cache with the 1-hour lifetime.</summary>
    public long CacheWrite1hTokens { get; internal set; }

    /// <summary>Tokens read from the prompt cache.</summary>
    public long CacheReadTokens { get; internal set; }

    /// <summary>All tokens: input, output, cache writes and cache reads.</summary>
    public long TotalTokens => InputTokens + OutputTokens + CacheWrite5mTokens + CacheWrite1hTokens + CacheReadTokens;

    /// <summary>Server-side web-search requests ($10 per 1,000 at list price).</summary>
    public long WebSearchRequests { get; internal set; }

    /// <summary>Server-side web-fetch requests (no charge beyond their tokens).</summary>
    public long WebFetchRequests { get; internal set; }

    /// <summary>Server-side code-execution requests (billed by container time, which the logs do not carry: not in <see cref="Cost"/>).</summary>
    public long CodeExecutionRequests { get; internal set; }

    /// <summary>
    /// Cost in USD. Null when no response here could be priced; otherwise the sum of the priced ones, with
    /// <see cref="UnpricedRequests"/> telling how many were left out.
    /// </summary>
    public decimal? Cost { get; internal set; }

    /// <summary>Responses (and sampling steps) left out of <see cref="Cost"/>: no price is known for their model then, and no usable cost was recorded.</summary>
    public int UnpricedRequests { get; internal set; }

    /// <summary>
    /// The sum of the costs the agents recorded in their logs (Claude Code's old costUSD, pi's usage.cost.total), for
    /// comparison with <see cref="Cost"/>; null when no response here recorded one.
    /// </summary>
    public decimal? RecordedCost { get; internal set; }

    /// <summary>
    /// The share of the prompt read from the cache: cache reads ÷ (input + cache writes + cache reads), from 0 to 1;
    /// null when there were no prompt tokens.
    /// </summary>
    public decimal? CacheHitRate => ClaudeUsage.Core.Aggregation.CacheEfficiency.HitRate(InputTokens, CacheWrite5mTokens + CacheWrite1hTokens, CacheReadTokens);

    /// <summary>
    /// What the cache writes (5-minute and 1-hour) cost, in USD, at the prices and multipliers of each response's
    /// <see cref="Cost"/>. Like the savings, summed over the responses whose cost was calculated from the price table;
    /// null when there were none.
    /// </summary>
    public decimal? CacheWriteCost { get; internal set; }

    /// <summary>
    /// What the cache saved, in USD: the cache reads priced as uncached input, less what the reads and the writes
    /// cost. Negative when writes that were not read back cost more than the reads saved.
    /// </summary>
    public decimal? CacheSavings { get; internal set; }

    internal void Add(ClaudeUsage.Core.Aggregation.CountedResponse response)
    {
        ClaudeUsage.Core.TokenCounts tokens = response.Entry.Tokens;
        InputTokens += tokens.Input;
        OutputTokens += tokens.Output;
        CacheWrite5mTokens += tokens.CacheWrite5m;
        CacheWrite1hTokens += tokens.CacheWrite1h;
        CacheReadTokens += tokens.CacheRead;
        WebSearchRequests += tokens.WebSearchRequests;
        WebFetchRequests += tokens.WebFetchRequests;
        CodeExecutionRequests += tokens.CodeExecutionRequests;
        if (response.Cost.Amount is { } amount)
        {
            Cost = (Cost ?? 0m) + amount;
        }

        if (response.Cost.CacheWriteCost is { } writes)
        {
            CacheWriteCost = (CacheWriteCost ?? 0m) + writes;
        }

        if (response.Cost.CacheSavings is { } saved)
        {
            CacheSavings = (CacheSavings ?? 0m) + saved;
        }

        ClaudeUsage.Core.ResponseGroup? group = response.Entry.Group;
        UnpricedRequests += response.UnpricedResponses;
        if ((group is null ? response.Entry.RecordedCost : group.RecordedCost) is { } recorded)
        {
            RecordedCost = (RecordedCost ?? 0m) + recorded;
        }
    }
}

namespace ClaudeUsage.Core.Pricing;

/// <summary>
/// What a response's tokens cost at one price and tier, in USD before multipliers: in all, the cache writes alone,
/// and what the cache saved (the cache reads at the input price, less the reads and writes at their own prices).
/// </summary>
internal readonly record struct TokenCosts(decimal Total, decimal CacheWrite, decimal CacheSavings);

namespace ClaudeUsage.Core.Pricing;

/// <summary>
/// A response's cost split by what it bought: uncached input, cache writes, cache reads, output, and the rest (web
/// searches; a recorded cost on a response without tokens). The parts add up to the response's cost.
/// </summary>
internal readonly record struct TokenKindCosts(decimal Input, decimal CacheWrite, decimal CacheRead, decimal Output, decimal Other)
{
    public decimal Total => Input + CacheWrite + CacheRead + Output + Other;

    /// <summary>
    /// The split of a calculated cost at the prices it was calculated with (multipliers included). A recorded cost
    /// has no split in the log: it is spread over the tokens evenly, as if every kind had the same price.
    /// </summary>
    public static TokenKindCosts Of(TokenCounts t, ResponseCost cost)
    {
        if (cost.Amount is not { } amount)
        {
            return default;
        }

        if (cost.Basis == CostBasis.Calculated && cost.Price is { } p)
        {
            bool isLong = cost.IsLongContext;
            decimal scale = cost.FastMultiplier * cost.GeoMultiplier / 1_000_000m;
            decimal input = t.Input * (isLong ? p.LongContextInputPrice ?? p.InputPrice : p.InputPrice) * scale;
            decimal writes = ((t.CacheWrite5m * (isLong ? p.LongContextCacheWrite5mPrice ?? p.CacheWrite5mPrice : p.CacheWrite5mPrice))
                + (t.CacheWrite1h * (isLong ? p.LongContextCacheWrite1hPrice ?? p.CacheWrite1hPrice : p.CacheWrite1hPrice))) * scale;
            decimal reads = t.CacheRead * (isLong ? p.LongContextCacheReadPrice ?? p.CacheReadPrice : p.CacheReadPrice) * scale;
            decimal output = t.Output * (isLong ? p.LongContextOutputPrice ?? p.OutputPrice : p.OutputPrice) * scale;
            return new TokenKindCosts(input, writes, reads, output, amount - input - writes - reads - output);
        }

        long total = t.Total;
        if (total == 0)
        {
            return new TokenKindCosts(0m, 0m, 0m, 0m, amount);
        }

        decimal perToken = amount / total;
        decimal inputShare = t.Input * perToken;
        decimal writeShare = t.CacheWrite * perToken;
        decimal readShare = t.CacheRead * perToken;
        return new TokenKindCosts(inputShare, writeShare, readShare, amount - inputShare - writeShare - readShare, 0m);
    }
}

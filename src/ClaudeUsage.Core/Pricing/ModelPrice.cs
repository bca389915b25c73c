namespace ClaudeUsage;

/// <summary>The price of one model, in USD per million tokens, as used to calculate costs.</summary>
public sealed class ModelPrice
{
    /// <summary>The canonical model name (without a date suffix or provider prefix).</summary>
    public required string Model { get; init; }

    /// <summary>Other names that take this price.</summary>
    public required IReadOnlyList<string> Aliases { get; init; }

    public required decimal InputPrice { get; init; }

    public required decimal OutputPrice { get; init; }

    public required decimal CacheWrite5mPrice { get; init; }

    public required decimal CacheWrite1hPrice { get; init; }

    public required decimal CacheReadPrice { get; init; }

    /// <summary>
    /// Prompt tokens (input + cache writes + cache reads) above which the whole request is priced at the
    /// long-context rates; null when the model has no long-context tier.
    /// </summary>
    public long? LongContextThreshold { get; init; }

    public decimal? LongContextInputPrice { get; init; }

    public decimal? LongContextOutputPrice { get; init; }

    public decimal? LongContextCacheWrite5mPrice { get; init; }

    public decimal? LongContextCacheWrite1hPrice { get; init; }

    public decimal? LongContextCacheReadPrice { get; init; }

    /// <summary>Where the price came from: <c>Built-in</c>, or the path of a user price file.</summary>
    public required string PriceSource { get; init; }
}

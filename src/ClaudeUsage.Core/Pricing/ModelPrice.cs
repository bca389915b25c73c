using System.Globalization;

namespace ClaudeUsage;

/// <summary>
/// The price of one model over one period, in USD per million tokens, as used to calculate costs. A model whose
/// price changed has one of these per period.
/// </summary>
public sealed class ModelPrice
{
    /// <summary>The canonical model name (without a date suffix or provider prefix).</summary>
    public required string Model { get; init; }

    /// <summary>Other names that take this price.</summary>
    public required IReadOnlyList<string> Aliases { get; init; }

    /// <summary>The first moment (UTC) these prices apply; null when they apply to everything before <see cref="EffectiveUntil"/>.</summary>
    public DateTimeOffset? EffectiveFrom { get; init; }

    /// <summary>The moment (UTC) they stop applying, exclusive; null while they are in effect.</summary>
    public DateTimeOffset? EffectiveUntil { get; init; }

    public required decimal InputPrice { get; init; }

    public required decimal OutputPrice { get; init; }

    public required decimal CacheWrite5mPrice { get; init; }

    public required decimal CacheWrite1hPrice { get; init; }

    public required decimal CacheReadPrice { get; init; }

    /// <summary>
    /// Prompt tokens (input + cache writes + cache reads) above which the whole request is priced at the
    /// long-context rates; null when the model has no long-context tier in this period.
    /// </summary>
    public long? LongContextThreshold { get; init; }

    public decimal? LongContextInputPrice { get; init; }

    public decimal? LongContextOutputPrice { get; init; }

    public decimal? LongContextCacheWrite5mPrice { get; init; }

    public decimal? LongContextCacheWrite1hPrice { get; init; }

    public decimal? LongContextCacheReadPrice { get; init; }

    /// <summary>What fast mode (<c>usage.speed = "fast"</c>) multiplies every token price by; null when the model has no fast-mode price.</summary>
    public decimal? FastMultiplier { get; init; }

    /// <summary>What each inference geography (<c>usage.inference_geo</c>, e.g. <c>us</c>) multiplies every token price by.</summary>
    public required IReadOnlyDictionary<string, decimal> InferenceGeoMultipliers { get; init; }

    /// <summary>Where the prices were read, as the price file says (a page and the day it was read).</summary>
    public string? Source { get; init; }

    /// <summary>Where the price came from: <c>Built-in</c>, or the path of a user price file.</summary>
    public required string PriceSource { get; init; }

    /// <summary>The period as text: <c>2026-10-07 →</c>, <c>→ 2026-10-07</c>, <c>always</c>.</summary>
    public string Effective => (EffectiveFrom, EffectiveUntil) switch
    {
        (null, null) => "always",
        ({ } from, null) => $"{Day(from)} →",
        (null, { } until) => $"→ {Day(until)}",
        ({ } from, { } until) => $"{Day(from)} → {Day(until)}",
    };

    /// <summary>True when these prices apply at <paramref name="at"/>.</summary>
    public bool IsInEffectAt(DateTimeOffset at) =>
        (EffectiveFrom is not { } from || at >= from) && (EffectiveUntil is not { } until || at < until);

    private static string Day(DateTimeOffset at) => at.TimeOfDay == TimeSpan.Zero
        ? at.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
        : at.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}

namespace ClaudeUsage;

/// <summary>
/// A day or hour whose usage rose above its trailing baseline, as Find-ClaudeUsageSpike returns it, with what
/// drove the rise.
/// </summary>
public sealed class UsageSpike
{
    /// <summary><c>Day</c> or <c>Hour</c>.</summary>
    public required string Interval { get; init; }

    /// <summary>The start of the day or hour, in the chosen zone.</summary>
    public required DateTimeOffset Start { get; init; }

    /// <summary>The start of the next interval (exclusive).</summary>
    public required DateTimeOffset End { get; init; }

    /// <summary><c>Cost</c> (USD) or <c>Tokens</c>: what Amount, Baseline and Increase measure.</summary>
    public required string Metric { get; init; }

    /// <summary>Usage in the interval.</summary>
    public decimal Amount { get; init; }

    /// <summary>The median usage of the previous <see cref="BaselineIntervals"/> intervals (empty ones count as zero).</summary>
    public decimal Baseline { get; init; }

    /// <summary>Amount minus baseline.</summary>
    public decimal Increase { get; init; }

    /// <summary>Amount ÷ baseline; null when the baseline is zero.</summary>
    public decimal? Ratio { get; init; }

    /// <summary>How many previous intervals the baseline is the median of.</summary>
    public int BaselineIntervals { get; init; }

    /// <summary>The cost in USD of the interval's priced responses.</summary>
    public decimal Cost { get; init; }

    public long TotalTokens { get; init; }

    public int Requests { get; init; }

    /// <summary>
    /// The sessions that grew most, largest increase first (at most five). The sessions of a recurring automation
    /// are one driver of kind <c>Automation</c>.
    /// </summary>
    public IReadOnlyList<SpikeDriver> Sessions { get; init; } = [];

    /// <summary>The models that grew most, largest increase first (at most five).</summary>
    public IReadOnlyList<SpikeDriver> Models { get; init; } = [];

    /// <summary>The projects that grew most, largest increase first (at most five).</summary>
    public IReadOnlyList<SpikeDriver> Projects { get; init; } = [];

    /// <summary>
    /// The increase split into NewWork, Volume, ContextSize, OutputSize, CacheEfficiency and PriceMix, largest first;
    /// their increases add up to <see cref="Increase"/>. The method is in about_ClaudeUsage.
    /// </summary>
    public IReadOnlyList<SpikeFactor> Factors { get; init; } = [];

    /// <summary>The factor with the largest part of the increase.</summary>
    public string? LargestFactor { get; init; }

    /// <summary>
    /// The spike in one line: the increase, the baseline and the factors that made most of it, each with the thing
    /// that drove it ("+$42.10 over a $9.80 baseline: a new hourly automation in project inbox-triage (+$38.20)").
    /// </summary>
    public string Explanation { get; init; } = string.Empty;

    public required string TimeZone { get; init; }
}

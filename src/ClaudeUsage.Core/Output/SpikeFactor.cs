namespace ClaudeUsage;

/// <summary>
/// One part of a spike's increase over its baseline: how much of the increase it accounts for, the figure it
/// moved, and the concrete things that moved it most.
/// </summary>
public sealed class SpikeFactor
{
    /// <summary><c>NewWork</c>, <c>Volume</c>, <c>ContextSize</c>, <c>OutputSize</c>, <c>CacheEfficiency</c> or <c>PriceMix</c>.</summary>
    public required string Factor { get; init; }

    /// <summary>Its part of the spike's increase, in the spike's metric. The factors of a spike add up to its increase; a negative part offset the rise.</summary>
    public decimal Increase { get; init; }

    /// <summary>Its part as a percentage of the spike's increase.</summary>
    public decimal SharePercent { get; init; }

    /// <summary>
    /// The figure the factor measures, in the baseline: requests per interval (Volume), prompt or output tokens per
    /// request (ContextSize, OutputSize), the cache hit rate from 0 to 1 (CacheEfficiency), USD per million
    /// uncached input tokens (PriceMix; null for the Tokens metric), nothing for NewWork.
    /// </summary>
    public decimal? Baseline { get; init; }

    /// <summary>The same figure in the spike interval, for the work that was not new; for NewWork, the new work's amount.</summary>
    public decimal? Current { get; init; }

    /// <summary>What moved it most, largest first (at most five): for NewWork the new things, whose increases add up to the factor's.</summary>
    public IReadOnlyList<SpikeDriver> Drivers { get; init; } = [];

    public override string ToString() => $"{Factor} ({SharePercent:0.#}%)";
}

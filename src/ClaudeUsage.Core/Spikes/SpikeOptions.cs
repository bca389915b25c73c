namespace ClaudeUsage.Core.Spikes;

/// <summary>What counts as a spike.</summary>
internal sealed class SpikeOptions
{
    public UsageInterval Interval { get; init; } = UsageInterval.Day;

    public UsageMetric Metric { get; init; } = UsageMetric.Cost;

    /// <summary>How many previous intervals the baseline is the median of.</summary>
    public int BaselineIntervals { get; init; } = 7;

    /// <summary>An interval is a spike when its amount exceeds baseline × factor ...</summary>
    public decimal Factor { get; init; } = 1.5m;

    /// <summary>... and exceeds the baseline by at least this much (USD or tokens).</summary>
    public decimal MinimumIncrease { get; init; }

    /// <summary>How many sessions, models and projects are named per spike.</summary>
    public int TopDrivers { get; init; } = 5;

    /// <summary>The default minimum increase: one dollar, or a million tokens.</summary>
    public static decimal DefaultMinimumIncrease(UsageMetric metric) => metric == UsageMetric.Tokens ? 1_000_000m : 1m;
}

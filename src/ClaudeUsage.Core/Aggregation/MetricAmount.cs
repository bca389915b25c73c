namespace ClaudeUsage.Core.Aggregation;

/// <summary>What a response counts for under a metric.</summary>
internal static class MetricAmount
{
    /// <summary>Its cost in USD (nothing when it could not be priced), or all its tokens.</summary>
    public static decimal Of(CountedResponse response, UsageMetric metric) => metric switch
    {
        UsageMetric.Cost => response.Cost.Amount ?? 0m,
        UsageMetric.Tokens => response.Entry.Tokens.Total,
        _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, null),
    };
}

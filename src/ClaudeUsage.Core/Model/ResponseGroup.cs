namespace ClaudeUsage.Core;

/// <summary>
/// Many counted responses summed in the database, carried by one <see cref="UsageEntry"/> whose tokens are their
/// sums and whose timestamp is the earliest: they share every grouping key and every input of their price (model,
/// quarter hour, speed, geography, long-context tier), so pricing the sums prices each of them.
/// </summary>
internal sealed class ResponseGroup
{
    /// <summary>How many responses (rows) the group holds, sampling steps included.</summary>
    public required int Rows { get; init; }

    /// <summary>How many of them are requests (the responses themselves, not their steps).</summary>
    public required int Requests { get; init; }

    /// <summary>The latest response's time.</summary>
    public required DateTimeOffset Last { get; init; }

    /// <summary>How many rows recorded a cost, and its sum; null when none did.</summary>
    public required int RecordedRows { get; init; }

    public required decimal? RecordedCost { get; init; }

    /// <summary>Rows that recorded a zero although they used tokens (a writer's catalog gap, not a price).</summary>
    public required int RecordedZeroRows { get; init; }

    /// <summary>
    /// How many of the price table's long-context thresholds (sorted ascending) every response's prompt exceeds:
    /// the group was cut so that it is the same for all of them.
    /// </summary>
    public required int Tier { get; init; }
}

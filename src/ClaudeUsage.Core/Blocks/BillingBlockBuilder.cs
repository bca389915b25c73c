using ClaudeUsage.Core.Aggregation;
using ClaudeUsage.Core.Budgets;
using ClaudeUsage.Core.Time;

namespace ClaudeUsage.Core.Blocks;

/// <summary>
/// Cuts responses into the 5-hour windows Claude subscriptions are metered in, by the reference reader's rules
/// (ccusage blocks): a window starts at its first response's time floored to the hour (a UTC hour, as the
/// reference does, so zones with half-hour offsets see windows start at :30); a response starts a new window
/// when it comes five hours or more after the window's start, or more than five hours after the previous
/// response. The second rule never decides: the previous response is in the window, so at or after its start. Windows
/// are half-open, so a response exactly five hours after the start opens the next one (the reference keeps it in the
/// old window, whose end it then lies on). Gaps are the stretches between windows. Responses summed in the ledger by
/// UTC hour give the same windows: a window's bounds are whole UTC hours, so each hour's sums fall in one.
/// </summary>
internal static class BillingBlockBuilder
{
    public static readonly TimeSpan BlockLength = TimeSpan.FromHours(5);

    /// <summary>The warning threshold a token limit is judged with (80 %, critical at 100 %).</summary>
    public static readonly BudgetThresholds LimitThresholds = BudgetThresholds.Default;

    /// <summary>
    /// The windows of counted responses (in time order, none after <paramref name="at"/>) and the gaps between
    /// them, in time order; the window still running at <paramref name="at"/> is active and projected.
    /// </summary>
    public static List<BillingBlock> Build(IReadOnlyList<CountedResponse> responses, DateTimeOffset at, ZonedCalendar calendar)
    {
        var result = new List<BillingBlock>();
        var current = new List<CountedResponse>();
        DateTimeOffset blockStart = default;
        foreach (CountedResponse response in responses)
        {
            DateTimeOffset time = response.Entry.Timestamp;
            if (current.Count > 0 && time - blockStart >= BlockLength)
            {
                AddWithGap(result, Block(blockStart, current, at, calendar), calendar);
                current = [];
            }

            if (current.Count == 0)
            {
                blockStart = FloorToUtcHour(time);
            }

            current.Add(response);
        }

        if (current.Count > 0)
        {
            AddWithGap(result, Block(blockStart, current, at, calendar), calendar);
        }

        return result;
    }

    /// <summary>The most tokens any finished window used (what -TokenLimit Max compares against), or null when none has finished.</summary>
    public static long? LargestFinishedBlock(IEnumerable<BillingBlock> blocks)
    {
        long? largest = null;
        foreach (BillingBlock block in blocks)
        {
            if (!block.IsGap && !block.IsActive && (largest is null || block.TotalTokens > largest))
            {
                largest = block.TotalTokens;
            }
        }

        return largest;
    }

    /// <summary>Sets the percent used and status of a window against a token limit.</summary>
    public static void ApplyLimit(BillingBlock block, long limit)
    {
        if (block.IsGap)
        {
            return;
        }

        block.TokenLimit = limit;
        block.PercentUsed = (decimal)block.TotalTokens * 100m / limit;
        block.Status = LimitThresholds.Classify(block.TotalTokens, limit).ToString();
        if (block.ProjectedTotalTokens is { } projected)
        {
            block.ProjectedPercentUsed = (decimal)projected * 100m / limit;
            block.ProjectedStatus = LimitThresholds.Classify(projected, limit).ToString();
        }
    }

    /// <summary>The response's time, or for responses summed in the ledger, the last one's.</summary>
    private static DateTimeOffset Last(CountedResponse response) => response.Entry.Group?.Last ?? response.Entry.Timestamp;

    internal static DateTimeOffset FloorToUtcHour(DateTimeOffset instant)
    {
        long ticks = instant.UtcTicks;
        return new DateTimeOffset(ticks - (ticks % TimeSpan.TicksPerHour), TimeSpan.Zero);
    }

    private static void AddWithGap(List<BillingBlock> result, BillingBlock block, ZonedCalendar calendar)
    {
        if (result.Count > 0 && result[^1].End < block.Start)
        {
            result.Add(new BillingBlock
            {
                Start = result[^1].End,
                End = block.Start,
                IsGap = true,
                Cost = 0m,
                TimeZone = calendar.Zone.Id,
            });
        }

        result.Add(block);
    }

    private static BillingBlock Block(DateTimeOffset start, List<CountedResponse> responses, DateTimeOffset at, ZonedCalendar calendar)
    {
        DateTimeOffset end = start + BlockLength;
        DateTimeOffset first = responses[0].Entry.Timestamp;
        DateTimeOffset last = responses.Max(Last);
        var block = new BillingBlock
        {
            Start = calendar.ToZoned(start),
            End = calendar.ToZoned(end),
            FirstActivity = calendar.ToZoned(first),
            LastActivity = calendar.ToZoned(last),
            IsActive = end > at && at - last < BlockLength,
            TimeZone = calendar.Zone.Id,
        };

        var sessions = new HashSet<(UsageSource, string)>();
        var models = new SortedSet<string>(StringComparer.Ordinal);
        foreach (CountedResponse response in responses)
        {
            block.Add(response);
            sessions.Add((response.Entry.Source, response.Entry.SessionId));
            if (response.Entry.Model is { } model)
            {
                models.Add(model);
            }
        }

        block.Requests = responses.Sum(static r => r.Entry.Requests);
        block.Sessions = sessions.Count;
        block.Models = [.. models];
        if (block.IsActive)
        {
            Project(block, first, end, at);
        }

        return block;
    }

    /// <summary>
    /// The active window's rates, measured from its first response to the evaluation moment (so a pause lowers
    /// them), and where they lead by the window's end. Rates need at least a minute of history.
    /// </summary>
    private static void Project(BillingBlock block, DateTimeOffset first, DateTimeOffset end, DateTimeOffset at)
    {
        TimeSpan left = end - at;
        block.TimeLeft = left;
        TimeSpan elapsed = at - first;
        if (elapsed < TimeSpan.FromMinutes(1))
        {
            return;
        }

        // Multiply before dividing, so whole minutes and hours give exact rates.
        block.TokensPerMinute = (decimal)block.TotalTokens * TimeSpan.TicksPerMinute / elapsed.Ticks;
        decimal projectedMore = (decimal)block.TotalTokens * left.Ticks / elapsed.Ticks;
        block.ProjectedTotalTokens = block.TotalTokens + (long)decimal.Round(projectedMore, MidpointRounding.AwayFromZero);
        if (block.Cost is { } cost)
        {
            block.CostPerHour = cost * TimeSpan.TicksPerHour / elapsed.Ticks;
            block.ProjectedCost = cost + (cost * left.Ticks / elapsed.Ticks);
        }
    }
}

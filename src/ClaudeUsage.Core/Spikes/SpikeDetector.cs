using ClaudeUsage.Core.Aggregation;
using ClaudeUsage.Core.CacheMisses;
using ClaudeUsage.Core.Time;

namespace ClaudeUsage.Core.Spikes;

/// <summary>
/// Finds days or hours whose usage rose above a trailing baseline and names what drove each rise.
/// </summary>
/// <remarks>
/// The baseline of an interval is the median of the previous N intervals, empty ones counting as zero. History
/// begins at the first interval with any usage: an interval with fewer than N intervals of history before it is
/// not judged, since zeros before the logs began say nothing. An interval is a spike when its amount is above
/// baseline × factor and at least the minimum increase above the baseline. Drivers are judged the same way
/// one by one: each session, model and project has its own median over the same N intervals, those whose
/// amount rose above it are the drivers, and each one's share is its increase over the sum of all increases of
/// its kind. The sessions of a recurring automation (<see cref="AutomationFinder"/>) count as one. Each spike's
/// increase is then split into factors by <see cref="SpikeExplainer"/>.
/// </remarks>
internal static class SpikeDetector
{
    /// <summary>
    /// The spikes among the intervals overlapping <paramref name="range"/>, judged on counted responses in time
    /// order that reach back over all history (the baseline needs the intervals before the range), or over the
    /// baseline intervals before the range with <paramref name="firstResponse"/> saying when history began.
    /// </summary>
    public static List<UsageSpike> Find(IReadOnlyList<CountedResponse> responses, TimeRange range, SpikeOptions options, ZonedCalendar calendar, DateTimeOffset? firstResponse = null)
    {
        if (!InTimeOrder(responses))
        {
            responses = [.. responses.OrderBy(static r => r.Entry.Timestamp)];
        }

        var clock = new IntervalClock(options.Interval, calendar);
        var dimensions = new SpikeDimensions(AutomationFinder.Find(responses));
        var buckets = new Dictionary<DateTimeOffset, SpikeBucket>();
        SpikeBucket? open = null;
        DateTimeOffset openStart = default;
        for (int i = 0; i < responses.Count; i++)
        {
            DateTimeOffset start = clock.StartOf(responses[i].Entry.Timestamp);
            if (open is null || start != openStart)
            {
                // Responses come in time order, so an interval's responses are consecutive.
                open = new SpikeBucket(i);
                openStart = start;
                buckets.Add(start, open);
            }

            open.Add(responses[i], options.Metric, dimensions);
        }

        // The cache misses of every interval, found once and only when a spike's cache efficiency fell.
        IReadOnlyList<CountedResponse> all = responses;
        var misses = new Lazy<ILookup<DateTimeOffset, DetectedMiss>>(() =>
            CacheMissDetector.Find(all, new CacheMissOptions(), calendar).ToLookup(m => clock.StartOf(m.Response.Entry.Timestamp)));
        var spikes = new List<UsageSpike>();
        if (buckets.Count == 0)
        {
            return spikes;
        }

        DateTimeOffset historyStart = buckets.Keys.Min();
        if (firstResponse is { } began && clock.StartOf(began) < historyStart)
        {
            historyStart = clock.StartOf(began); // history goes back before the responses read
        }

        DateTimeOffset last = buckets.Keys.Max();
        DateTimeOffset first = range.Start is { } from && from > historyStart ? clock.StartOf(from) : historyStart;
        for (DateTimeOffset start = first; start <= last; start = clock.Next(start))
        {
            if (range.End is { } end && start >= end)
            {
                break;
            }

            if (!buckets.TryGetValue(start, out SpikeBucket? current))
            {
                continue; // an empty interval is never a spike
            }

            List<SpikeBucket>? previous = Previous(start, options.BaselineIntervals, historyStart, clock, buckets);
            if (previous is null)
            {
                continue;
            }

            decimal baseline = Median(previous.Select(b => b.Amount));
            decimal increase = current.Amount - baseline;
            if (current.Amount <= baseline * options.Factor || increase < options.MinimumIncrease)
            {
                continue;
            }

            (List<SpikeFactor> factors, string explanation) = SpikeExplainer.Explain(responses, current, previous, baseline, dimensions, options, () => [.. misses.Value[start]]);
            spikes.Add(new UsageSpike
            {
                Interval = options.Interval.ToString(),
                Start = calendar.ToZoned(start),
                End = calendar.ToZoned(clock.Next(start)),
                Metric = options.Metric.ToString(),
                Amount = current.Amount,
                Baseline = baseline,
                Increase = increase,
                Ratio = baseline > 0m ? current.Amount / baseline : null,
                BaselineIntervals = options.BaselineIntervals,
                Cost = current.Cost,
                TotalTokens = current.Tokens,
                Requests = current.Requests,
                Sessions = Drivers(SpikeDimension.Session, current, previous, dimensions, options.TopDrivers),
                Models = Drivers(SpikeDimension.Model, current, previous, dimensions, options.TopDrivers),
                Projects = Drivers(SpikeDimension.Project, current, previous, dimensions, options.TopDrivers),
                Factors = factors,
                LargestFactor = factors[0].Factor,
                Explanation = explanation,
                TimeZone = calendar.Zone.Id,
            });
        }

        return spikes;
    }

    /// <summary>The N intervals before <paramref name="start"/> (empty ones as empty buckets), or null when history is shorter.</summary>
    private static List<SpikeBucket>? Previous(DateTimeOffset start, int count, DateTimeOffset historyStart, IntervalClock clock, Dictionary<DateTimeOffset, SpikeBucket> buckets)
    {
        var previous = new List<SpikeBucket>(count);
        DateTimeOffset cursor = start;
        for (int i = 0; i < count; i++)
        {
            cursor = clock.Previous(cursor);
            if (cursor < historyStart)
            {
                return null;
            }

            previous.Add(buckets.TryGetValue(cursor, out SpikeBucket? bucket) ? bucket : SpikeBucket.Empty);
        }

        return previous;
    }

    /// <summary>The things of one dimension that grew against their own median, largest increase first.</summary>
    private static List<SpikeDriver> Drivers(SpikeDimension dimension, SpikeBucket current, List<SpikeBucket> previous, SpikeDimensions dimensions, int top)
    {
        var grown = new List<(string Key, UsageEntry Example, decimal Amount, decimal Baseline, decimal Increase)>();
        foreach ((string key, (UsageProfile profile, UsageEntry example)) in current.Parts[(int)dimension])
        {
            decimal baseline = Median(previous.Select(b => b.AmountOf(dimension, key)));
            if (profile.Amount > baseline)
            {
                grown.Add((key, example, profile.Amount, baseline, profile.Amount - baseline));
            }
        }

        decimal total = grown.Sum(static g => g.Increase);
        return grown
            .OrderByDescending(static g => g.Increase)
            .ThenBy(static g => g.Key, StringComparer.Ordinal)
            .Take(top)
            .Select(g => dimensions.Driver(dimension, g.Key, g.Example, g.Amount, g.Baseline, g.Increase, total))
            .ToList();
    }

    private static bool InTimeOrder(IReadOnlyList<CountedResponse> responses)
    {
        for (int i = 1; i < responses.Count; i++)
        {
            if (responses[i].Entry.Timestamp < responses[i - 1].Entry.Timestamp)
            {
                return false;
            }
        }

        return true;
    }

    internal static decimal Median(IEnumerable<decimal> values)
    {
        decimal[] sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return 0m;
        }

        int mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2m;
    }
}

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
    /// <remarks>
    /// The responses may be sums of the ledger (<see cref="ResponseGroup"/>), each within one interval: they say which
    /// intervals are spikes, and <paramref name="responsesBetween"/> gives the responses of each spike and of its
    /// baseline intervals one by one, from which it is explained, exactly as from responses read one by one.
    /// </remarks>
    public static List<UsageSpike> Find(
        IReadOnlyList<CountedResponse> responses,
        TimeRange range,
        SpikeOptions options,
        ZonedCalendar calendar,
        DateTimeOffset? firstResponse = null,
        Func<DateTimeOffset, DateTimeOffset, IReadOnlyList<CountedResponse>>? responsesBetween = null)
    {
        responses = InTimeOrder(responses);
        var clock = new IntervalClock(options.Interval, calendar);
        var dimensions = new SpikeDimensions(AutomationFinder.Find(responses));
        if (!responses.Any(static r => r.Entry.Group is not null))
        {
            return Judge(responses, range, firstResponse, options, calendar, clock, dimensions);
        }

        if (responsesBetween is null)
        {
            throw new ArgumentException("Summed responses need the responses of an interval one by one to explain it.", nameof(responsesBetween));
        }

        var amounts = new Dictionary<DateTimeOffset, decimal>();
        foreach (CountedResponse response in responses)
        {
            DateTimeOffset start = clock.StartOf(response.Entry.Timestamp);
            amounts[start] = amounts.GetValueOrDefault(start) + MetricAmount.Of(response, options.Metric);
        }

        DateTimeOffset historyStart = HistoryStart(amounts.Keys, firstResponse, clock);
        var spikes = new List<UsageSpike>();
        foreach ((DateTimeOffset from, DateTimeOffset firstSpike, DateTimeOffset end) in Windows(Candidates(amounts, range, historyStart, options, clock), options.BaselineIntervals, clock))
        {
            IReadOnlyList<CountedResponse> read = InTimeOrder(responsesBetween(from, end));
            spikes.AddRange(Judge(read, new TimeRange(firstSpike, end), historyStart, options, calendar, clock, dimensions));
        }

        return spikes;
    }

    /// <summary>The spikes among responses read one by one, in time order (see <see cref="Find"/>), with what drove and what made each.</summary>
    private static List<UsageSpike> Judge(
        IReadOnlyList<CountedResponse> responses,
        TimeRange range,
        DateTimeOffset? firstResponse,
        SpikeOptions options,
        ZonedCalendar calendar,
        IntervalClock clock,
        SpikeDimensions dimensions)
    {
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

        var spikes = new List<UsageSpike>();
        if (buckets.Count == 0)
        {
            return spikes;
        }

        DateTimeOffset historyStart = HistoryStart(buckets.Keys, firstResponse, clock);
        Dictionary<DateTimeOffset, decimal> amounts = buckets.ToDictionary(static b => b.Key, static b => b.Value.Amount);
        foreach (DateTimeOffset start in Candidates(amounts, range, historyStart, options, clock))
        {
            SpikeBucket current = buckets[start];
            List<DateTimeOffset> before = Previous(start, options.BaselineIntervals, historyStart, clock)!;
            List<SpikeBucket> previous = before.ConvertAll(s => buckets.TryGetValue(s, out SpikeBucket? bucket) ? bucket : SpikeBucket.Empty);
            decimal baseline = Median(previous.Select(static b => b.Amount));
            decimal increase = current.Amount - baseline;

            // A spike's cache misses are looked for among its own and its baseline's responses, where each thread's
            // previous request is (so summed and one-by-one reads find the same).
            IReadOnlyList<DetectedMiss> Misses() => CacheMissDetector.Find(Slice(responses, before[^1], current.First + current.Count), new CacheMissOptions(), calendar)
                .FindAll(m => clock.StartOf(m.Response.Entry.Timestamp) == start);
            (List<SpikeFactor> factors, string explanation) = SpikeExplainer.Explain(responses, current, previous, baseline, dimensions, options, Misses);
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

    /// <summary>
    /// The starts of the intervals overlapping <paramref name="range"/> whose amount is above baseline × factor and at
    /// least the minimum increase above it, the baseline being the median of the N intervals before (empty ones zero).
    /// </summary>
    private static List<DateTimeOffset> Candidates(Dictionary<DateTimeOffset, decimal> amounts, TimeRange range, DateTimeOffset historyStart, SpikeOptions options, IntervalClock clock)
    {
        var found = new List<DateTimeOffset>();
        if (amounts.Count == 0)
        {
            return found;
        }

        DateTimeOffset last = amounts.Keys.Max();
        DateTimeOffset first = range.Start is { } from && from > historyStart ? clock.StartOf(from) : historyStart;
        for (DateTimeOffset start = first; start <= last; start = clock.Next(start))
        {
            if (range.End is { } end && start >= end)
            {
                break;
            }

            if (!amounts.TryGetValue(start, out decimal amount))
            {
                continue; // an empty interval is never a spike
            }

            if (Previous(start, options.BaselineIntervals, historyStart, clock) is not { } previous)
            {
                continue;
            }

            decimal baseline = Median(previous.Select(s => amounts.GetValueOrDefault(s)));
            if (amount > baseline * options.Factor && amount - baseline >= options.MinimumIncrease)
            {
                found.Add(start);
            }
        }

        return found;
    }

    /// <summary>
    /// The stretches of time to read one by one for the spikes starting at <paramref name="spikes"/> (in order): each
    /// spike with its baseline intervals, overlapping ones read as one.
    /// </summary>
    private static List<(DateTimeOffset From, DateTimeOffset FirstSpike, DateTimeOffset End)> Windows(List<DateTimeOffset> spikes, int baselineIntervals, IntervalClock clock)
    {
        var windows = new List<(DateTimeOffset From, DateTimeOffset FirstSpike, DateTimeOffset End)>();
        foreach (DateTimeOffset spike in spikes)
        {
            DateTimeOffset from = spike;
            for (int i = 0; i < baselineIntervals; i++)
            {
                from = clock.Previous(from);
            }

            DateTimeOffset end = clock.Next(spike);
            if (windows.Count > 0 && from <= windows[^1].End)
            {
                windows[^1] = windows[^1] with { End = end };
            }
            else
            {
                windows.Add((from, spike, end));
            }
        }

        return windows;
    }

    /// <summary>Where history begins: the first interval with usage, or the one <paramref name="firstResponse"/> is in when earlier.</summary>
    private static DateTimeOffset HistoryStart(IEnumerable<DateTimeOffset> starts, DateTimeOffset? firstResponse, IntervalClock clock)
    {
        DateTimeOffset historyStart = starts.Min();
        return firstResponse is { } began && clock.StartOf(began) < historyStart ? clock.StartOf(began) : historyStart;
    }

    /// <summary>The starts of the N intervals before <paramref name="start"/>, latest first, or null when history is shorter.</summary>
    private static List<DateTimeOffset>? Previous(DateTimeOffset start, int count, DateTimeOffset historyStart, IntervalClock clock)
    {
        var previous = new List<DateTimeOffset>(count);
        DateTimeOffset cursor = start;
        for (int i = 0; i < count; i++)
        {
            cursor = clock.Previous(cursor);
            if (cursor < historyStart)
            {
                return null;
            }

            previous.Add(cursor);
        }

        return previous;
    }

    /// <summary>The responses from the first at or after <paramref name="from"/> up to index <paramref name="end"/> (responses in time order).</summary>
    private static List<CountedResponse> Slice(IReadOnlyList<CountedResponse> responses, DateTimeOffset from, int end)
    {
        int lo = 0, hi = end;
        while (lo < hi)
        {
            int mid = (lo + hi) / 2;
            if (responses[mid].Entry.Timestamp < from)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        var slice = new List<CountedResponse>(end - lo);
        for (int i = lo; i < end; i++)
        {
            slice.Add(responses[i]);
        }

        return slice;
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

    /// <summary>The responses in time order: as given when they already are (the ledger's and the logs' usually are).</summary>
    private static IReadOnlyList<CountedResponse> InTimeOrder(IReadOnlyList<CountedResponse> responses)
    {
        for (int i = 1; i < responses.Count; i++)
        {
            if (responses[i].Entry.Timestamp < responses[i - 1].Entry.Timestamp)
            {
                return [.. responses.OrderBy(static r => r.Entry.Timestamp)];
            }
        }

        return responses;
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

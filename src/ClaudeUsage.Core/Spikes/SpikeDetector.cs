using ClaudeUsage.Core.Aggregation;
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
/// its kind.
/// </remarks>
internal static class SpikeDetector
{
    /// <summary>
    /// The spikes among the intervals overlapping <paramref name="range"/>, judged on counted responses in time
    /// order that reach back over all history (the baseline needs the intervals before the range).
    /// </summary>
    public static List<UsageSpike> Find(IReadOnlyList<CountedResponse> responses, TimeRange range, SpikeOptions options, ZonedCalendar calendar)
    {
        var clock = new IntervalClock(options.Interval, calendar);
        var buckets = new Dictionary<DateTimeOffset, Bucket>();
        foreach (CountedResponse response in responses)
        {
            DateTimeOffset start = clock.StartOf(response.Entry.Timestamp);
            if (!buckets.TryGetValue(start, out Bucket? bucket))
            {
                bucket = new Bucket();
                buckets.Add(start, bucket);
            }

            bucket.Add(response, options.Metric);
        }

        var spikes = new List<UsageSpike>();
        if (buckets.Count == 0)
        {
            return spikes;
        }

        DateTimeOffset historyStart = buckets.Keys.Min();
        DateTimeOffset last = buckets.Keys.Max();
        DateTimeOffset first = range.Start is { } from && from > historyStart ? clock.StartOf(from) : historyStart;
        for (DateTimeOffset start = first; start <= last; start = clock.Next(start))
        {
            if (range.End is { } end && start >= end)
            {
                break;
            }

            if (!buckets.TryGetValue(start, out Bucket? current))
            {
                continue; // an empty interval is never a spike
            }

            List<Bucket>? previous = Previous(start, options.BaselineIntervals, historyStart, clock, buckets);
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
                Sessions = Drivers(SpikeDriverKind.Session, current, previous, static b => b.Sessions, options.TopDrivers),
                Models = Drivers(SpikeDriverKind.Model, current, previous, static b => b.Models, options.TopDrivers),
                Projects = Drivers(SpikeDriverKind.Project, current, previous, static b => b.Projects, options.TopDrivers),
                TimeZone = calendar.Zone.Id,
            });
        }

        return spikes;
    }

    /// <summary>The N intervals before <paramref name="start"/> (empty ones as empty buckets), or null when history is shorter.</summary>
    private static List<Bucket>? Previous(DateTimeOffset start, int count, DateTimeOffset historyStart, IntervalClock clock, Dictionary<DateTimeOffset, Bucket> buckets)
    {
        var previous = new List<Bucket>(count);
        DateTimeOffset cursor = start;
        for (int i = 0; i < count; i++)
        {
            cursor = clock.Previous(cursor);
            if (cursor < historyStart)
            {
                return null;
            }

            previous.Add(buckets.TryGetValue(cursor, out Bucket? bucket) ? bucket : Bucket.Empty);
        }

        return previous;
    }

    private static List<SpikeDriver> Drivers(SpikeDriverKind kind, Bucket current, List<Bucket> previous, Func<Bucket, Dictionary<string, decimal>> part, int top)
    {
        var grown = new List<(string Name, decimal Amount, decimal Baseline, decimal Increase)>();
        foreach ((string name, decimal amount) in part(current))
        {
            decimal baseline = Median(previous.Select(b => part(b).GetValueOrDefault(name)));
            if (amount > baseline)
            {
                grown.Add((name, amount, baseline, amount - baseline));
            }
        }

        decimal total = grown.Sum(static g => g.Increase);
        return grown
            .OrderByDescending(static g => g.Increase)
            .ThenBy(static g => g.Name, StringComparer.Ordinal)
            .Take(top)
            .Select(g => new SpikeDriver
            {
                Kind = kind.ToString(),
                Name = kind == SpikeDriverKind.Project ? current.ProjectDisplayNames[g.Name] : g.Name,
                Project = kind switch
                {
                    SpikeDriverKind.Session => current.SessionProjects[g.Name],
                    SpikeDriverKind.Project => g.Name,
                    _ => null,
                },
                Amount = g.Amount,
                Baseline = g.Baseline,
                Increase = g.Increase,
                SharePercent = g.Increase * 100m / total,
            })
            .ToList();
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

    /// <summary>One interval's usage, in total and split by session, model and project.</summary>
    private sealed class Bucket
    {
        public static readonly Bucket Empty = new();

        public decimal Amount { get; private set; }

        public decimal Cost { get; private set; }

        public long Tokens { get; private set; }

        public int Requests { get; private set; }

        public Dictionary<string, decimal> Sessions { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, decimal> Models { get; } = new(StringComparer.Ordinal);

        /// <summary>Keyed by the project's path or folder slug, so two folders of the same name stay apart.</summary>
        public Dictionary<string, decimal> Projects { get; } = new(StringComparer.Ordinal);

        /// <summary>Session id → the display name of its project.</summary>
        public Dictionary<string, string> SessionProjects { get; } = new(StringComparer.Ordinal);

        /// <summary>Project key (path or folder slug) → display name.</summary>
        public Dictionary<string, string> ProjectDisplayNames { get; } = new(StringComparer.Ordinal);

        public void Add(CountedResponse response, UsageMetric metric)
        {
            UsageEntry e = response.Entry;
            decimal amount = MetricAmount.Of(response, metric);
            Amount += amount;
            Cost += response.Cost.Amount ?? 0m;
            Tokens += e.Tokens.Total;
            if (e.IsRequest)
            {
                Requests++;
            }

            Sessions[e.SessionId] = Sessions.GetValueOrDefault(e.SessionId) + amount;
            SessionProjects.TryAdd(e.SessionId, ProjectNames.Display(e));
            string model = e.Model ?? "(unknown)";
            Models[model] = Models.GetValueOrDefault(model) + amount;
            string project = ProjectNames.Key(e);
            Projects[project] = Projects.GetValueOrDefault(project) + amount;
            ProjectDisplayNames.TryAdd(project, ProjectNames.Display(e));
        }
    }
}

using ClaudeUsage.Core.Aggregation;

namespace ClaudeUsage.Core.Spikes;

/// <summary>One interval's usage, in total and split by each dimension.</summary>
internal sealed class SpikeBucket
{
    public static readonly SpikeBucket Empty = new(0);

    public SpikeBucket(int first) => First = first;

    /// <summary>Where its responses begin in the time-ordered list (they are consecutive there).</summary>
    public int First { get; }

    public int Count { get; private set; }

    public UsageProfile Profile { get; } = new();

    public decimal Cost { get; private set; }

    public long Tokens { get; private set; }

    public int Requests { get; private set; }

    /// <summary>Dimension → key → its usage; the first response seen with each key, to describe it.</summary>
    public Dictionary<string, (UsageProfile Profile, UsageEntry Example)>[] Parts { get; } =
        [.. SpikeDimensions.All.Select(static _ => new Dictionary<string, (UsageProfile, UsageEntry)>(StringComparer.Ordinal))];

    public decimal Amount => Profile.Amount;

    public void Add(CountedResponse response, UsageMetric metric, SpikeDimensions dimensions)
    {
        UsageEntry e = response.Entry;
        UsageProfile.Amounts amounts = UsageProfile.Measure(response, metric);
        Count++;
        Profile.Add(response, amounts);
        Cost += response.Cost.Amount ?? 0m;
        Tokens += e.Tokens.Total;
        if (e.IsRequest)
        {
            Requests++;
        }

        foreach (SpikeDimension dimension in SpikeDimensions.All)
        {
            if (dimensions.KeyOf(e, dimension) is not { } key)
            {
                continue;
            }

            Dictionary<string, (UsageProfile Profile, UsageEntry Example)> part = Parts[(int)dimension];
            if (!part.TryGetValue(key, out (UsageProfile Profile, UsageEntry Example) entry))
            {
                entry = (new UsageProfile(), e);
                part.Add(key, entry);
            }

            entry.Profile.Add(response, amounts);
        }
    }

    /// <summary>Its usage in one dimension under one key, in the metric (0 when it had none).</summary>
    public decimal AmountOf(SpikeDimension dimension, string key) =>
        Parts[(int)dimension].TryGetValue(key, out (UsageProfile Profile, UsageEntry Example) entry) ? entry.Profile.Amount : 0m;

    public decimal RequestsOf(SpikeDimension dimension, string key) =>
        Parts[(int)dimension].TryGetValue(key, out (UsageProfile Profile, UsageEntry Example) entry) ? entry.Profile.Requests : 0m;
}

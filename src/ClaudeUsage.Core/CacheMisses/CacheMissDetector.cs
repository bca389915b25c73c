using ClaudeUsage.Core.Aggregation;
using ClaudeUsage.Core.Pricing;
using ClaudeUsage.Core.Time;

namespace ClaudeUsage.Core.CacheMisses;

/// <summary>
/// Finds the requests of each conversation thread that missed the prompt cache the thread's previous request had
/// left, says why, and prices what each miss cost beyond a hit.
/// </summary>
/// <remarks>
/// <para>
/// A thread is the requests of one transcript file of one session, kept apart further by the subagent mark: a
/// session's main transcript is one thread, each subagent transcript another (a subagent has a context and a cache
/// of its own), and Claude Code lines marked isSidechain in the main transcript a third. Steps of a response
/// (compaction, advisor) are not requests and are passed over. Requests are walked in time order.
/// </para>
/// <para>
/// The previous request of a thread left its prompt up to its last cache breakpoint in the cache: its cache reads
/// plus its cache writes, the expected prefix. A request is a miss when it read less than half of the expected
/// prefix and paid for at least <see cref="MinimumPrefixTokens"/> of it again, where the tokens paid for again
/// (<see cref="CacheMiss.PrefixTokens"/>) are the expected prefix less the reads, at most the request's cache
/// writes plus uncached input. The first request of a thread is never a miss.
/// </para>
/// <para>
/// The cause is <see cref="CacheMissCause.ModelChanged"/> when the model differs from the previous request's (as
/// the price table normalises names), since a cache is per model and no lifetime would have kept it; else
/// <see cref="CacheMissCause.IdleGap"/> when the time since the previous response exceeds the lifetime of the
/// thread's cache (5 minutes, or 1 hour when the thread's latest cache write was all 1-hour writes); else
/// <see cref="CacheMissCause.PrefixChanged"/>.
/// </para>
/// <para>
/// The cost is the prefix tokens at the prices they were billed at less the same tokens at the cache-read price,
/// at the request's price period, long-context tier and fast-mode and geography multipliers. The prefix comes first
/// in the prompt, so its tokens are taken from the request's 1-hour writes first (the API puts them before
/// 5-minute ones), then its 5-minute writes, then its uncached input. For an idle gap of at most an hour after a
/// 5-minute lifetime, the 1-hour saving is that cost less what the prefix tokens would have cost more as 1-hour
/// writes than as 5-minute writes, at the same prices; for other misses it is 0.
/// </para>
/// </remarks>
internal static class CacheMissDetector
{
    /// <summary>The fewest prefix tokens paid for again that make a miss: the smallest prompt Claude caches.</summary>
    public const long MinimumPrefixTokens = 1_024;

    /// <summary>The lifetime of 5-minute cache writes (ephemeral_5m), and of a thread that never wrote.</summary>
    public static readonly TimeSpan FiveMinutes = TimeSpan.FromMinutes(5);

    /// <summary>The lifetime of 1-hour cache writes (ephemeral_1h).</summary>
    public static readonly TimeSpan OneHour = TimeSpan.FromHours(1);

    /// <summary>
    /// The misses among the examined requests (<see cref="CacheMissOptions.Examines"/>), in time order, from
    /// counted responses in time order that reach back far enough for each thread's previous request.
    /// </summary>
    public static List<DetectedMiss> Find(IReadOnlyList<CountedResponse> responses, CacheMissOptions options, ZonedCalendar calendar)
    {
        var threads = new Dictionary<ThreadKey, ThreadState>();
        var misses = new List<DetectedMiss>();
        foreach (CountedResponse response in responses)
        {
            UsageEntry e = response.Entry;
            if (!e.IsRequest)
            {
                continue;
            }

            var key = new ThreadKey(e.Source, e.SessionId, e.FilePath, e.IsSidechain);
            if (!threads.TryGetValue(key, out ThreadState? thread))
            {
                threads.Add(key, new ThreadState(e, LifetimeAfter(e.Tokens, FiveMinutes)));
                continue;
            }

            UsageEntry previous = thread.Last;
            TimeSpan lifetime = thread.Lifetime;
            thread.Last = e;
            thread.Lifetime = LifetimeAfter(e.Tokens, lifetime);
            if (!options.Examines(e))
            {
                continue; // history before the range, or another model: it only sets the thread's state
            }

            long expected = previous.Tokens.CacheRead + previous.Tokens.CacheWrite;
            long read = e.Tokens.CacheRead;
            long prefix = Math.Min(expected - read, e.Tokens.Input + e.Tokens.CacheWrite);
            if (read * 2 >= expected || prefix < MinimumPrefixTokens)
            {
                continue;
            }

            TimeSpan gap = e.Timestamp - previous.Timestamp;
            CacheMissCause cause = !SameModel(previous.Model, e.Model) ? CacheMissCause.ModelChanged
                : gap > lifetime ? CacheMissCause.IdleGap
                : CacheMissCause.PrefixChanged;
            if (options.Causes is { } causes && !causes.Contains(cause))
            {
                continue;
            }

            (decimal? cost, decimal? saving) = Price(response, prefix, cause == CacheMissCause.IdleGap && lifetime == FiveMinutes && gap <= OneHour);
            misses.Add(new DetectedMiss(response, cause, new CacheMiss
            {
                Time = calendar.ToZoned(e.Timestamp),
                SessionId = e.SessionId,
                Source = e.Source.ToString(),
                Project = ProjectNames.Display(e),
                ProjectPath = e.ProjectPath,
                Model = e.Model,
                PreviousModel = previous.Model,
                IsSidechain = e.IsSidechain,
                Cause = cause.ToString(),
                Gap = gap,
                CacheLifetime = lifetime,
                ExpectedCacheReadTokens = expected,
                CacheReadTokens = read,
                PrefixTokens = prefix,
                Cost = cost,
                OneHourCacheSaving = saving,
                File = e.FilePath,
                Line = e.LineNumber,
            }));
        }

        return misses;
    }

    /// <summary>
    /// How long a thread's cache lives after a request: a request that wrote 5-minute tokens leaves a 5-minute tail
    /// (even when it also wrote 1-hour tokens before it), one that wrote only 1-hour tokens leaves an hour, and one
    /// that wrote nothing keeps the lifetime the thread had (its reads refreshed the entries they read).
    /// </summary>
    private static TimeSpan LifetimeAfter(TokenCounts tokens, TimeSpan before) =>
        tokens.CacheWrite5m > 0 ? FiveMinutes : tokens.CacheWrite1h > 0 ? OneHour : before;

    private static bool SameModel(string? a, string? b) =>
        string.Equals(a, b, StringComparison.Ordinal)
        || (a is not null && b is not null && ModelNames.Normalize(a) == ModelNames.Normalize(b));

    /// <summary>
    /// The miss's cost beyond a hit, and its 1-hour saving (0 unless <paramref name="oneHourWouldKeep"/>), at the
    /// price the response was calculated with; both null when it was not calculated.
    /// </summary>
    private static (decimal? Cost, decimal? Saving) Price(CountedResponse response, long prefix, bool oneHourWouldKeep)
    {
        ResponseCost priced = response.Cost;
        if (priced.Basis != CostBasis.Calculated || priced.Price is not { } price)
        {
            return (null, null);
        }

        TokenCounts t = response.Entry.Tokens;
        long rest = prefix;
        long write1h = Math.Min(rest, t.CacheWrite1h);
        rest -= write1h;
        long write5m = Math.Min(rest, t.CacheWrite5m);
        long input = rest - write5m;

        decimal multiplier = priced.FastMultiplier * priced.GeoMultiplier;
        decimal billed = At(price, priced.IsLongContext, input: input, write5m: write5m, write1h: write1h);
        decimal asReads = At(price, priced.IsLongContext, read: prefix);
        decimal cost = (billed - asReads) * multiplier;
        if (!oneHourWouldKeep)
        {
            return (cost, 0m);
        }

        decimal longerLife = At(price, priced.IsLongContext, write1h: prefix) - At(price, priced.IsLongContext, write5m: prefix);
        return (cost, cost - (longerLife * multiplier));
    }

    /// <summary>Tokens of each kind at a price period and tier, in USD, before multipliers: the cost path every response takes.</summary>
    private static decimal At(ModelPrice price, bool isLongContext, long input = 0, long write5m = 0, long write1h = 0, long read = 0) =>
        CostCalculator.PriceTokens(new TokenCounts(input, 0, write5m, write1h, read, 0), price, isLongContext).Total;

    private readonly record struct ThreadKey(UsageSource Source, string SessionId, string File, bool IsSidechain);

    private sealed class ThreadState(UsageEntry last, TimeSpan lifetime)
    {
        public UsageEntry Last { get; set; } = last;

        public TimeSpan Lifetime { get; set; } = lifetime;
    }
}

/// <summary>A miss with the response it was found at and its cause as a value, for summing.</summary>
internal readonly record struct DetectedMiss(CountedResponse Response, CacheMissCause Cause, CacheMiss Miss);

using ClaudeUsage.Core.Aggregation;
using ClaudeUsage.Core.Time;

namespace ClaudeUsage.Core.Budgets;

/// <summary>
/// Evaluates a budget at a fixed moment: what the current calendar period has spent so far, how fast, where
/// that leads by the period's end, and who spent it. Everything follows from the responses and the moment, so
/// the same inputs always give the same status.
/// </summary>
internal static class BudgetEvaluator
{
    /// <summary>How many sessions and models are named per budget.</summary>
    public const int TopCount = 5;

    /// <summary>
    /// The status of a budget at <paramref name="at"/>, from counted responses in time order; those outside the
    /// period or after <paramref name="at"/> are ignored. The responses may be sums of the ledger's (each within one
    /// local hour of <paramref name="calendar"/>): then the moment the limit was reached is found among the
    /// responses of the hour in which the sums reach it, one by one, from <paramref name="responsesOfHour"/> (given
    /// that hour's start and end, or <paramref name="at"/> if sooner, it returns them priced and filtered as the
    /// sums were, in time order).
    /// </summary>
    public static BudgetStatus Evaluate(
        BudgetDefinition budget,
        BudgetThresholds thresholds,
        IReadOnlyList<CountedResponse> responses,
        ZonedCalendar calendar,
        DateTimeOffset at,
        Func<DateTimeOffset, DateTimeOffset, IReadOnlyList<CountedResponse>>? responsesOfHour = null)
    {
        var period = CalendarPeriod.Containing(budget.Period, at, calendar);
        decimal limit = budget.Limit;
        decimal spent = 0m;
        int requests = 0, unpriced = 0;
        TokenCounts tokens = default;
        decimal? cacheWriteCost = null, cacheSavings = null;
        DateTimeOffset? reachedAt = null;
        var inPeriod = new List<CountedResponse>();
        decimal spentBeforeHour = 0m;
        DateTimeOffset? hour = null, reachedInHour = null;
        foreach (CountedResponse response in responses)
        {
            DateTimeOffset time = response.Entry.Timestamp;
            if (time < period.Start || time > at)
            {
                continue;
            }

            inPeriod.Add(response);
            requests += response.Entry.Requests;
            unpriced += response.UnpricedResponses;

            // The cache figures as a summary has them: tokens of every response, costs of the calculated ones.
            tokens += response.Entry.Tokens;
            if (response.Cost.CacheWriteCost is { } writes)
            {
                cacheWriteCost = (cacheWriteCost ?? 0m) + writes;
            }

            if (response.Cost.CacheSavings is { } saved)
            {
                cacheSavings = (cacheSavings ?? 0m) + saved;
            }

            // Of sums, what was spent before each hour, up to the one that reaches the limit.
            if (response.Entry.Group is not null && reachedInHour is null && calendar.HourOf(time) is var h && h != hour)
            {
                (hour, spentBeforeHour) = (h, spent);
            }

            spent += MetricAmount.Of(response, budget.Metric);
            if (reachedAt is null && reachedInHour is null && spent >= limit)
            {
                if (response.Entry.Group is null)
                {
                    reachedAt = calendar.ToZoned(time);
                }
                else
                {
                    reachedInHour = hour; // the sums of this hour reach the limit: which response did is below
                }
            }
        }

        if (reachedInHour is { } crossing)
        {
            reachedAt = ReachedWithin(crossing, spentBeforeHour, limit, budget.Metric, calendar, at, responsesOfHour);
        }

        decimal elapsed = period.ElapsedDays(at);
        decimal burnRate = elapsed > 0m ? spent / elapsed : 0m;
        decimal budgetRate = limit / period.Days;
        // Multiply before dividing, so results that are whole come out exact.
        decimal projected = elapsed > 0m ? spent * period.Days / elapsed : spent;
        if (reachedAt is null && burnRate > 0m)
        {
            // At the current rate the rest of the limit takes (limit - spent) / rate more days.
            decimal reachedAfter = elapsed + ((limit - spent) / burnRate);
            if (reachedAfter < period.Days)
            {
                reachedAt = period.InstantAt(reachedAfter);
            }
        }

        return new BudgetStatus
        {
            Period = budget.Period.ToString(),
            Metric = budget.Metric.ToString(),
            PeriodStart = period.Start,
            PeriodEnd = period.End,
            At = calendar.ToZoned(at),
            TimeZone = calendar.Zone.Id,
            Limit = limit,
            Spent = spent,
            PercentUsed = spent * 100m / limit,
            Status = thresholds.Classify(spent, limit).ToString(),
            IsBelowCritical = thresholds.IsBelowCritical(spent, limit),
            WarningAt = thresholds.WarningAt,
            CriticalAt = thresholds.CriticalAt,
            PeriodDays = period.Days,
            ElapsedDays = elapsed,
            BurnRatePerDay = burnRate,
            BudgetRatePerDay = budgetRate,
            BurnMultiplier = elapsed > 0m ? projected / limit : 0m, // = burn rate ÷ budget rate
            ProjectedSpend = projected,
            ProjectedOverage = Math.Max(0m, projected - limit),
            LimitReachedAt = reachedAt,
            Requests = requests,
            UnpricedRequests = unpriced,
            CacheHitRate = CacheEfficiency.HitRate(tokens.Input, tokens.CacheWrite, tokens.CacheRead),
            CacheWriteCost = cacheWriteCost,
            CacheSavings = cacheSavings,
            TopSessions = Top(inPeriod, budget.Metric, spent, static e => e.SessionId, withProject: true),
            TopModels = Top(inPeriod, budget.Metric, spent, static e => e.Model ?? "(unknown)", withProject: false),
        };
    }

    /// <summary>
    /// The moment the limit was reached within the local hour whose sums reached it: the responses of that hour in
    /// time order, added to what was spent before it, until the limit is met. An hour's responses are read from its
    /// start for an hour and kept if they are of that hour: where a zone's clock moves by half an hour, a local hour
    /// is shorter, and the hour read holds the end of the one before (whose responses are already spent before it).
    /// </summary>
    private static DateTimeOffset? ReachedWithin(
        DateTimeOffset hour,
        decimal spentBefore,
        decimal limit,
        UsageMetric metric,
        ZonedCalendar calendar,
        DateTimeOffset at,
        Func<DateTimeOffset, DateTimeOffset, IReadOnlyList<CountedResponse>>? responsesOfHour)
    {
        if (responsesOfHour is null)
        {
            throw new InvalidOperationException("Responses summed by hour need the responses of an hour to tell when a budget's limit was reached.");
        }

        DateTimeOffset end = hour.AddHours(1) is var next && next <= at ? next : at.AddTicks(1);
        decimal spent = spentBefore;
        foreach (CountedResponse response in responsesOfHour(hour, end))
        {
            if (calendar.HourOf(response.Entry.Timestamp) != hour)
            {
                continue;
            }

            spent += MetricAmount.Of(response, metric);
            if (spent >= limit)
            {
                return calendar.ToZoned(response.Entry.Timestamp);
            }
        }

        return null; // the hour's responses changed since its sums were read (an ingest in between)
    }

    private static List<BudgetContributor> Top(List<CountedResponse> responses, UsageMetric metric, decimal spent, Func<UsageEntry, string> keyOf, bool withProject)
    {
        var groups = new Dictionary<string, (decimal Amount, decimal Cost, long Tokens, int Requests, UsageEntry First)>(StringComparer.Ordinal);
        foreach (CountedResponse response in responses)
        {
            string key = keyOf(response.Entry);
            groups.TryGetValue(key, out var g);
            groups[key] = (
                g.Amount + MetricAmount.Of(response, metric),
                g.Cost + (response.Cost.Amount ?? 0m),
                g.Tokens + response.Entry.Tokens.Total,
                g.Requests + response.Entry.Requests,
                g.First ?? response.Entry);
        }

        return groups
            .OrderByDescending(static g => g.Value.Amount)
            .ThenBy(static g => g.Key, StringComparer.Ordinal)
            .Take(TopCount)
            .Select(g => new BudgetContributor
            {
                Name = g.Key,
                Project = withProject ? ProjectNames.Display(g.Value.First) : null,
                Cost = g.Value.Cost,
                TotalTokens = g.Value.Tokens,
                Requests = g.Value.Requests,
                SharePercent = spent > 0m ? g.Value.Amount * 100m / spent : 0m,
            })
            .ToList();
    }
}

using System.Globalization;
using ClaudeUsage.Core.Aggregation;
using ClaudeUsage.Core.CacheMisses;

namespace ClaudeUsage.Core.Spikes;

/// <summary>
/// Splits a spike's increase over its baseline into factors, names the concrete drivers of each, and says it in one
/// line.
/// </summary>
/// <remarks>
/// First the new work: responses of a project, automation, skill, plugin, subagent or MCP server that no baseline
/// interval had (each counted once, under the first of those it is new in). The rest of the interval is compared with the baseline
/// by <see cref="SpikeDecomposition"/>. A factor's drivers are the things whose own figure, put back to the
/// baseline's, would take most off the interval: their own median requests for volume, the baseline's prompt and
/// output per request, hit rate or prices for the others.
/// </remarks>
internal static class SpikeExplainer
{
    /// <summary>The order a response's new work is looked for in, most telling first.</summary>
    private static readonly SpikeDimension[] NewWorkOrder =
        [SpikeDimension.Session, SpikeDimension.Plugin, SpikeDimension.Skill, SpikeDimension.Subagent, SpikeDimension.McpServer, SpikeDimension.Project];

    /// <summary>Which kind of driver a sentence prefers when several explain about as much: the one a person can turn off (by the names drivers carry).</summary>
    private static readonly string[] Specificity =
    [
        nameof(SpikeDriverKind.Automation), nameof(SpikeDriverKind.Subagent), nameof(SpikeDriverKind.Plugin), nameof(SpikeDriverKind.Skill),
        nameof(SpikeDriverKind.McpServer), nameof(SpikeDriverKind.Session), nameof(SpikeDriverKind.Project), nameof(SpikeDriverKind.Model),
    ];

    private static readonly string[] FactorNames =
        [nameof(SpikeFactorKind.Volume), nameof(SpikeFactorKind.ContextSize), nameof(SpikeFactorKind.OutputSize), nameof(SpikeFactorKind.CacheEfficiency), nameof(SpikeFactorKind.PriceMix)];

    public static (List<SpikeFactor> Factors, string Explanation) Explain(
        IReadOnlyList<CountedResponse> responses,
        SpikeBucket current,
        List<SpikeBucket> previous,
        decimal baseline,
        SpikeDimensions dimensions,
        SpikeOptions options,
        Func<IReadOnlyList<DetectedMiss>> cacheMisses)
    {
        var pool = new UsageProfile();
        var seen = SpikeDimensions.All.Select(static _ => new HashSet<string>(StringComparer.Ordinal)).ToArray();
        foreach (SpikeBucket bucket in previous)
        {
            pool.Add(bucket.Profile);
            foreach (SpikeDimension d in SpikeDimensions.All)
            {
                seen[(int)d].UnionWith(bucket.Parts[(int)d].Keys);
            }
        }

        // New work out, the rest kept for the comparison with the baseline.
        var newWork = new Dictionary<(SpikeDimension, string), (decimal Amount, UsageEntry Example)>();
        var continuing = new SpikeBucket(0);
        for (int i = current.First; i < current.First + current.Count; i++)
        {
            CountedResponse response = responses[i];
            if (NewIn(response.Entry, dimensions, seen) is { } key)
            {
                (decimal amount, UsageEntry example) = newWork.GetValueOrDefault(key, (0m, response.Entry));
                newWork[key] = (amount + MetricAmount.Of(response, options.Metric), example);
            }
            else
            {
                continuing.Add(response, options.Metric, dimensions);
            }
        }

        decimal newAmount = newWork.Values.Sum(static w => w.Amount);
        decimal increase = current.Amount - baseline;
        var factors = new List<(SpikeFactor Factor, string? Sentence)>();
        List<(SpikeDriver Driver, string Phrase)> newDrivers = [.. newWork
            .OrderByDescending(static w => w.Value.Amount)
            .ThenBy(static w => w.Key.Item2, StringComparer.Ordinal)
            .Take(options.TopDrivers)
            .Select(w => (dimensions.Driver(w.Key.Item1, w.Key.Item2, w.Value.Example, w.Value.Amount, 0m, w.Value.Amount, newAmount),
                dimensions.NewPhrase(w.Key.Item1, w.Key.Item2, w.Value.Example)))];
        factors.Add((new SpikeFactor
        {
            Factor = nameof(SpikeFactorKind.NewWork),
            Increase = newAmount,
            SharePercent = Share(newAmount, increase),
            Current = newAmount,
            Drivers = newDrivers.Select(static d => d.Driver).ToList(),
        }, newDrivers.Count > 0 ? newDrivers[0].Phrase + Plus(newDrivers[0].Driver.Increase, options.Metric) : null));

        UsageProfile now = continuing.Profile;
        decimal[] shares = SpikeDecomposition.Split(now, pool, baseline);
        decimal baselineRequests = pool.Requests == 0 || pool.Amount == 0m ? 0m : baseline / (pool.Amount / pool.Requests);
        for (int f = 0; f < SpikeDecomposition.FactorCount; f++)
        {
            List<(SpikeDriver Driver, string Phrase, SpikeDimension Dimension)> drivers = FactorDrivers(f, continuing, previous, pool, seen, dimensions, options, shares[f]);
            (decimal? before, decimal? after) = Figures(f, pool, now, baselineRequests, options.Metric);
            var factor = new SpikeFactor
            {
                Factor = FactorNames[f],
                Increase = shares[f],
                SharePercent = Share(shares[f], increase),
                Baseline = before,
                Current = after,
                Drivers = drivers.Select(static d => d.Driver).ToList(),
            };
            string? why = f == SpikeDecomposition.Cache && shares[f] > 0m ? MissCause(cacheMisses()) : null;
            factors.Add((factor, Sentence(f, before, after, Pick(f, drivers), shares[f], options.Metric, why)));
        }

        List<(SpikeFactor Factor, string? Sentence)> ordered = [.. factors.OrderByDescending(static f => f.Factor.Increase)];
        var parts = new List<string>();
        foreach ((SpikeFactor factor, string? sentence) in ordered)
        {
            bool telling = factor.Increase > 0m && (parts.Count == 0 || factor.Increase >= increase / 10m);
            if (telling && sentence is not null && parts.Count < 3)
            {
                parts.Add(sentence);
            }
        }

        // Parts that fell: said when they took a tenth of the increase back, so that the sums in the line add up.
        decimal fell = ordered.Where(static f => f.Factor.Increase < 0m).Sum(static f => f.Factor.Increase);
        if (parts.Count > 0 && -fell >= increase / 10m)
        {
            parts.Add($"less of the rest ({Format(fell, options.Metric)})");
        }

        string head = $"+{Format(increase, options.Metric)} over a {Format(baseline, options.Metric)} baseline";
        string explanation = parts.Count == 0 ? head : head + ": " + string.Join("; ", parts);
        return ([.. ordered.Select(static f => f.Factor)], explanation);
    }

    /// <summary>The dimension and key a response is new work under, or null when everything it belongs to ran in the baseline.</summary>
    private static (SpikeDimension, string)? NewIn(UsageEntry e, SpikeDimensions dimensions, HashSet<string>[] seen)
    {
        foreach (SpikeDimension d in NewWorkOrder)
        {
            if (d == SpikeDimension.Session && dimensions.AutomationOf(e) is null)
            {
                continue; // a session of its own is new every day; only an automation is new work
            }

            if (dimensions.KeyOf(e, d) is { } key && !seen[(int)d].Contains(key))
            {
                return (d, key);
            }
        }

        return null;
    }

    private static List<(SpikeDriver Driver, string Phrase, SpikeDimension Dimension)> FactorDrivers(
        int factor,
        SpikeBucket continuing,
        List<SpikeBucket> previous,
        UsageProfile pool,
        HashSet<string>[] seen,
        SpikeDimensions dimensions,
        SpikeOptions options,
        decimal factorIncrease)
    {
        var found = new List<(SpikeDriver Driver, string Phrase, SpikeDimension Dimension, decimal Contribution)>();
        foreach (SpikeDimension d in SpikeDimensions.All)
        {
            foreach ((string key, (UsageProfile profile, UsageEntry example)) in continuing.Parts[(int)d])
            {
                if (factor == SpikeDecomposition.Volume && d == SpikeDimension.Session && !seen[(int)d].Contains(key))
                {
                    continue; // a session the baseline never had grew from nothing: its whole amount says nothing of volume
                }

                decimal ownRequests = SpikeDetector.Median(previous.Select(b => b.RequestsOf(d, key)));
                decimal contribution = profile.Amount - SpikeDecomposition.AmountWith(profile, pool, ownRequests, factor);
                if (contribution > 0m)
                {
                    decimal before = factor == SpikeDecomposition.Volume
                        ? SpikeDetector.Median(previous.Select(b => b.AmountOf(d, key)))
                        : profile.Amount - contribution;
                    found.Add((dimensions.Driver(d, key, example, profile.Amount, before, contribution, factorIncrease),
                        dimensions.Phrase(d, key, example), d, contribution));
                }
            }
        }

        return [.. found
            .OrderByDescending(static f => f.Contribution)
            .ThenBy(f => factor == SpikeDecomposition.Price && f.Dimension == SpikeDimension.Model ? -1 : Array.IndexOf(Specificity, f.Driver.Kind))
            .ThenBy(static f => f.Driver.Name, StringComparer.Ordinal)
            .Take(options.TopDrivers)
            .Select(static f => (f.Driver, f.Phrase, f.Dimension))];
    }

    /// <summary>
    /// The driver a sentence names: models for the price mix; otherwise the largest, or a more specific one that
    /// explains at least three quarters as much.
    /// </summary>
    private static string? Pick(int factor, List<(SpikeDriver Driver, string Phrase, SpikeDimension Dimension)> drivers)
    {
        if (drivers.Count == 0)
        {
            return null;
        }

        if (factor == SpikeDecomposition.Price)
        {
            return drivers.FirstOrDefault(static d => d.Dimension == SpikeDimension.Model).Phrase ?? drivers[0].Phrase;
        }

        decimal top = drivers[0].Driver.Increase;
        return drivers
            .Where(d => d.Driver.Increase * 4m >= top * 3m)
            .OrderBy(static d => Array.IndexOf(Specificity, d.Driver.Kind))
            .First().Phrase;
    }

    /// <summary>What a factor measures, before and now.</summary>
    private static (decimal? Before, decimal? After) Figures(int factor, UsageProfile pool, UsageProfile now, decimal baselineRequests, UsageMetric metric)
    {
        static decimal? PerRequest(long tokens, decimal requests) => requests == 0 ? null : tokens / requests;
        static decimal? PerMillion(decimal amount, long tokens) => tokens == 0 ? null : amount * 1_000_000m / tokens;
        return factor switch
        {
            SpikeDecomposition.Volume => (baselineRequests, now.Requests),
            SpikeDecomposition.Context => (PerRequest(pool.PromptTokens, pool.Requests), PerRequest(now.PromptTokens, now.Requests)),
            SpikeDecomposition.Output => (PerRequest(pool.Output, pool.Requests), PerRequest(now.Output, now.Requests)),
            SpikeDecomposition.Cache => (pool.HitRate, now.HitRate),
            _ when metric == UsageMetric.Tokens => (null, null),
            _ => (PerMillion(pool.InputAmount, pool.Input), PerMillion(now.InputAmount, now.Input)),
        };
    }

    /// <summary>
    /// What most of the interval's cache misses (<see cref="CacheMissDetector"/>) cost, by cause: "idle gaps past
    /// the cache lifetime: 96 misses, $8.90"; null when there were none.
    /// </summary>
    private static string? MissCause(IReadOnlyList<DetectedMiss> misses)
    {
        var top = misses
            .GroupBy(static m => m.Cause)
            .Select(static g => (Cause: g.Key, Count: g.Count(), Cost: g.Sum(static m => m.Miss.Cost ?? 0m)))
            .OrderByDescending(static g => g.Cost)
            .ThenByDescending(static g => g.Count)
            .FirstOrDefault();
        if (top.Count == 0)
        {
            return null;
        }

        string cause = top.Cause switch
        {
            CacheMissCause.IdleGap => "idle gaps past the cache lifetime",
            CacheMissCause.ModelChanged => "model switches",
            _ => "changed prompt prefixes",
        };
        return $"{cause}: {top.Count.ToString("N0", CultureInfo.InvariantCulture)} {(top.Count == 1 ? "miss" : "misses")}, {Format(top.Cost, UsageMetric.Cost)}";
    }

    private static string Sentence(int factor, decimal? before, decimal? after, string? where, decimal increase, UsageMetric metric, string? why = null)
    {
        string ratio = before is > 0m && after is { } a ? $" ×{(a / before.Value).ToString("0.0#", CultureInfo.InvariantCulture)}" : string.Empty;
        string text = factor switch
        {
            SpikeDecomposition.Volume => $"requests{ratio} ({Count(before)} → {Count(after)})" + (where is null ? string.Empty : $", mostly {where}"),
            SpikeDecomposition.Context => $"context per request{ratio} ({Tokens(before)} → {Tokens(after)} tokens)" + (where is null ? string.Empty : $", mostly {where}"),
            SpikeDecomposition.Output => $"output per request{ratio} ({Tokens(before)} → {Tokens(after)} tokens)" + (where is null ? string.Empty : $", mostly {where}"),
            SpikeDecomposition.Cache => $"cache hit rate {Percent(before)} → {Percent(after)}" + (why is null ? string.Empty : $" ({why})") + (where is null ? string.Empty : $", mostly {where}"),
            _ => "pricier model mix" + (where is null ? string.Empty : $", mostly {where}"),
        };
        return text + Plus(increase, metric);
    }

    private static string Plus(decimal increase, UsageMetric metric) => $" (+{Format(increase, metric)})";

    private static decimal Share(decimal part, decimal whole) => whole == 0m ? 0m : part * 100m / whole;

    private static string Count(decimal? n) => n is { } v ? Math.Round(v).ToString("N0", CultureInfo.InvariantCulture) : "none";

    private static string Percent(decimal? rate) => rate is { } r ? (r * 100m).ToString("0", CultureInfo.InvariantCulture) + "%" : "none";

    private static string Tokens(decimal? n) => n is { } v ? Compact(v) : "none";

    /// <summary>An amount as a cron e-mail shows it: $42.10, or 12.3M tokens.</summary>
    internal static string Format(decimal amount, UsageMetric metric) => metric == UsageMetric.Cost
        ? (amount < 0m ? "-$" : "$") + Math.Abs(amount).ToString("N2", CultureInfo.InvariantCulture)
        : Compact(amount) + " tokens";

    private static string Compact(decimal n)
    {
        decimal a = Math.Abs(n);
        return a switch
        {
            >= 1_000_000_000m => (n / 1_000_000_000m).ToString("0.#", CultureInfo.InvariantCulture) + "B",
            >= 1_000_000m => (n / 1_000_000m).ToString("0.#", CultureInfo.InvariantCulture) + "M",
            >= 1_000m => (n / 1_000m).ToString("0.#", CultureInfo.InvariantCulture) + "K",
            _ => Math.Round(n).ToString("0", CultureInfo.InvariantCulture),
        };
    }
}

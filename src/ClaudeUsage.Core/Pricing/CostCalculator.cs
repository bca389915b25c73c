using System.Runtime.CompilerServices;
namespace ClaudeUsage.Core.Pricing;

/// <summary>
/// A response's cost and how it was found: the price period used (null unless calculated), whether the request was
/// priced at long-context rates, and the fast-mode and inference-geography multipliers applied (1 when none).
/// <see cref="CacheWriteCost"/> and <see cref="CacheSavings"/> are parts of a calculated cost, at the same prices;
/// null unless calculated.
/// </summary>
internal readonly record struct ResponseCost(
    decimal? Amount,
    CostBasis Basis,
    bool IsLongContext,
    ModelPrice? Price = null,
    decimal FastMultiplier = 1m,
    decimal GeoMultiplier = 1m,
    int UnpricedRows = 0,
    decimal? CacheWriteCost = null,
    decimal? CacheSavings = null)
{
    public static ResponseCost None => new(null, CostBasis.None, false);
}

/// <summary>Prices responses under a cost mode, remembering which models had no price.</summary>
/// <remarks>
/// Auto calculates every response whose model the price table prices at the response's time: the agents' own
/// recorded costs are estimates that are wrong in most writers (flat cache-write rates, a stand-in model's rates, a
/// zero for models missing from their catalog). A recorded cost is used only for a model the table does not price,
/// and a recorded zero on a response that used tokens is no cost at all.
/// </remarks>
internal sealed class CostCalculator
{
    private readonly PriceTable _table;
    private readonly CostMode _mode;
    private readonly Dictionary<string, ModelPriceHistory?> _lookups = new(StringComparer.Ordinal);

    public CostCalculator(PriceTable table, CostMode mode)
    {
        _table = table;
        _mode = mode;
    }

    /// <summary>Models that had usage but no cost, with their response counts.</summary>
    public SortedDictionary<string, int> UnpricedModels { get; } = new(StringComparer.Ordinal);

    // Compiled optimised at first call: a scheduled run ends before tiered compilation would get there.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public ResponseCost Price(UsageEntry entry)
    {
        if (entry.Group is { } group)
        {
            return PriceGroup(entry, group);
        }

        ResponseCost cost = _mode switch
        {
            CostMode.Recorded => Recorded(entry),
            CostMode.Calculate => Calculate(entry),
            _ => Calculate(entry) is { Amount: not null } calculated ? calculated : UsableRecorded(entry),
        };

        if (cost.Amount is null && _mode != CostMode.Recorded)
        {
            string name = entry.Model ?? "(no model)";
            UnpricedModels[name] = UnpricedModels.GetValueOrDefault(name) + 1;
        }

        return cost;
    }

    /// <summary>
    /// The cost of responses summed in the ledger, as the sum of their costs one by one: costs are linear in tokens
    /// for one price and tier, and a group shares model, quarter hour, speed, geography and long-context tier.
    /// <see cref="ResponseCost.UnpricedRows"/> says how many of its responses have no cost.
    /// </summary>
    private ResponseCost PriceGroup(UsageEntry entry, ResponseGroup group)
    {
        ResponseCost calculated = _mode == CostMode.Recorded ? ResponseCost.None : Calculate(entry, group.Tier);
        if (calculated.Amount is not null)
        {
            return calculated;
        }

        // Recorded costs: all of them in Recorded mode; in Auto, all but zeros on responses that used tokens.
        int unpriced;
        ResponseCost cost;
        if (_mode == CostMode.Calculate)
        {
            (cost, unpriced) = (ResponseCost.None, group.Rows);
        }
        else
        {
            int usable = _mode == CostMode.Recorded ? group.RecordedRows : group.RecordedRows - group.RecordedZeroRows;
            cost = usable > 0 ? new ResponseCost(group.RecordedCost, CostBasis.Recorded, false) : ResponseCost.None;
            unpriced = group.Rows - usable;
        }

        if (unpriced > 0 && _mode != CostMode.Recorded)
        {
            string name = entry.Model ?? "(no model)";
            UnpricedModels[name] = UnpricedModels.GetValueOrDefault(name) + unpriced;
        }

        return cost with { UnpricedRows = unpriced };
    }

    private static ResponseCost Recorded(UsageEntry entry) =>
        entry.RecordedCost is { } recorded ? new ResponseCost(recorded, CostBasis.Recorded, false) : ResponseCost.None;

    /// <summary>The recorded cost, unless it is a zero for a response that used tokens (a writer's catalog gap, not a price).</summary>
    private static ResponseCost UsableRecorded(UsageEntry entry) =>
        entry.RecordedCost == 0m && entry.Tokens.Total > 0 ? ResponseCost.None : Recorded(entry);

    /// <param name="entry">The response, or the sums of a group of them.</param>
    /// <param name="tier">For a group: how many of the table's long-context thresholds its prompts exceed; null for one response, whose own prompt says.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private ResponseCost Calculate(UsageEntry entry, int? tier = null)
    {
        string key = entry.Model ?? string.Empty;
        if (!_lookups.TryGetValue(key, out ModelPriceHistory? history))
        {
            history = _table.FindModel(entry.Model);
            _lookups[key] = history;
        }

        if (history?.At(entry.Timestamp) is not { } price)
        {
            return ResponseCost.None;
        }

        decimal fast = entry.IsFast ? price.FastMultiplier ?? 1m : 1m;
        decimal geo = entry.InferenceGeo is { } where && price.InferenceGeoMultipliers.TryGetValue(where, out decimal m) ? m : 1m;
        bool longContext = price.LongContextThreshold is { } threshold
            && (tier is { } t ? t > IndexOf(threshold) : entry.Tokens.PromptTokens > threshold);
        TokenCosts tokens = PriceTokens(entry.Tokens, price, longContext);
        decimal amount = (tokens.Total * fast * geo) + (entry.Tokens.WebSearchRequests * _table.WebSearchPerRequest);
        return new ResponseCost(amount, CostBasis.Calculated, longContext, price, fast, geo,
            CacheWriteCost: tokens.CacheWrite * fast * geo, CacheSavings: tokens.CacheSavings * fast * geo);
    }

    /// <summary>Where <paramref name="threshold"/> stands in the table's <see cref="PriceTable.LongContextThresholds"/>.</summary>
    private int IndexOf(long threshold)
    {
        IReadOnlyList<long> thresholds = _table.LongContextThresholds;
        for (int i = 0; i < thresholds.Count; i++)
        {
            if (thresholds[i] == threshold)
            {
                return i;
            }
        }

        throw new InvalidOperationException("A threshold missing from the table's list.");
    }

    /// <summary>
    /// Tokens times price, in USD, before multipliers. A request whose prompt (input + cache writes + cache reads)
    /// exceeds the period's long-context threshold (<paramref name="isLong"/>) is priced at the long-context rates as
    /// a whole, output included; the cache figures use the same rates.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static TokenCosts PriceTokens(TokenCounts t, ModelPrice p, bool isLong)
    {
        decimal input = isLong ? p.LongContextInputPrice ?? p.InputPrice : p.InputPrice;
        decimal output = isLong ? p.LongContextOutputPrice ?? p.OutputPrice : p.OutputPrice;
        decimal write5m = isLong ? p.LongContextCacheWrite5mPrice ?? p.CacheWrite5mPrice : p.CacheWrite5mPrice;
        decimal write1h = isLong ? p.LongContextCacheWrite1hPrice ?? p.CacheWrite1hPrice : p.CacheWrite1hPrice;
        decimal read = isLong ? p.LongContextCacheReadPrice ?? p.CacheReadPrice : p.CacheReadPrice;

        decimal writes = (t.CacheWrite5m * write5m) + (t.CacheWrite1h * write1h);
        decimal reads = t.CacheRead * read;
        decimal perMillion = (t.Input * input) + (t.Output * output) + writes + reads;
        // What the cache reads would have cost as uncached input, less what they and the writes did cost.
        decimal savedPerMillion = (t.CacheRead * input) - reads - writes;
        return new TokenCosts(perMillion / 1_000_000m, writes / 1_000_000m, savedPerMillion / 1_000_000m);
    }
}

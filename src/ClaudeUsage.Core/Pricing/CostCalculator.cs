using System.Runtime.CompilerServices;
namespace ClaudeUsage.Core.Pricing;

/// <summary>A response's cost and how it was found.</summary>
internal readonly record struct ResponseCost(decimal? Amount, CostBasis Basis, bool IsLongContext);

/// <summary>Prices responses under a cost mode, remembering which models had no price.</summary>
internal sealed class CostCalculator
{
    private readonly PriceTable _table;
    private readonly CostMode _mode;
    private readonly Dictionary<string, ModelPrice?> _lookups = new(StringComparer.Ordinal);

    public CostCalculator(PriceTable table, CostMode mode)
    {
        _table = table;
        _mode = mode;
    }

    /// <summary>Models that had usage but no price and no recorded cost, with their response counts.</summary>
    public SortedDictionary<string, int> UnpricedModels { get; } = new(StringComparer.Ordinal);

    // Compiled optimised at first call: a scheduled run ends before tiered compilation would get there.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public ResponseCost Price(UsageEntry entry)
    {
        ResponseCost cost = _mode switch
        {
            CostMode.Recorded => Recorded(entry),
            CostMode.Calculate => Calculate(entry) is { Amount: not null } calculated ? calculated : Recorded(entry),
            _ => Recorded(entry) is { Amount: not null } recorded ? recorded : Calculate(entry),
        };

        if (cost.Amount is null && _mode != CostMode.Recorded)
        {
            string name = entry.Model ?? "(no model)";
            UnpricedModels[name] = UnpricedModels.GetValueOrDefault(name) + 1;
        }

        return cost;
    }

    private static ResponseCost Recorded(UsageEntry entry) =>
        entry.RecordedCost is { } recorded ? new ResponseCost(recorded, CostBasis.Recorded, false) : new ResponseCost(null, CostBasis.None, false);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private ResponseCost Calculate(UsageEntry entry)
    {
        string key = entry.Model ?? string.Empty;
        if (!_lookups.TryGetValue(key, out ModelPrice? price))
        {
            price = _table.Find(entry.Model);
            _lookups[key] = price;
        }

        if (price is null)
        {
            return new ResponseCost(null, CostBasis.None, false);
        }

        (decimal amount, bool longContext) = Calculate(entry.Tokens, price, _table.WebSearchPerRequest);
        return new ResponseCost(amount, CostBasis.Calculated, longContext);
    }

    /// <summary>
    /// Tokens times price. A request whose prompt (input + cache writes + cache reads) exceeds the model's
    /// long-context threshold is priced at the long-context rates as a whole, output included.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static (decimal Amount, bool IsLongContext) Calculate(TokenCounts t, ModelPrice p, decimal webSearchPerRequest)
    {
        bool isLong = p.LongContextThreshold is { } threshold && t.PromptTokens > threshold;
        decimal input = isLong ? p.LongContextInputPrice ?? p.InputPrice : p.InputPrice;
        decimal output = isLong ? p.LongContextOutputPrice ?? p.OutputPrice : p.OutputPrice;
        decimal write5m = isLong ? p.LongContextCacheWrite5mPrice ?? p.CacheWrite5mPrice : p.CacheWrite5mPrice;
        decimal write1h = isLong ? p.LongContextCacheWrite1hPrice ?? p.CacheWrite1hPrice : p.CacheWrite1hPrice;
        decimal read = isLong ? p.LongContextCacheReadPrice ?? p.CacheReadPrice : p.CacheReadPrice;

        decimal perMillion = (t.Input * input) + (t.Output * output) + (t.CacheWrite5m * write5m) + (t.CacheWrite1h * write1h) + (t.CacheRead * read);
        return ((perMillion / 1_000_000m) + (t.WebSearchRequests * webSearchPerRequest), isLong);
    }
}

namespace ClaudeUsage.Core.Pricing;

/// <summary>
/// One model's price periods, in the order they are consulted: a user file's in front of the built-in ones, and
/// within one file in the order written. The first period in effect at a moment is the price then.
/// </summary>
internal sealed class ModelPriceHistory
{
    private ModelPriceHistory(string model, IReadOnlyList<string> aliases, IReadOnlyList<ModelPrice> periods, decimal? fast, IReadOnlyDictionary<string, decimal> geo)
    {
        Model = model;
        Aliases = aliases;
        Periods = periods;
        FastMultiplier = fast;
        GeoMultipliers = geo;
    }

    public string Model { get; }

    public IReadOnlyList<string> Aliases { get; }

    public IReadOnlyList<ModelPrice> Periods { get; }

    /// <summary>The model's fast-mode multiplier, as a later file's periods inherit it.</summary>
    public decimal? FastMultiplier { get; }

    /// <summary>The model's inference-geography multipliers, as a later file's periods inherit them.</summary>
    public IReadOnlyDictionary<string, decimal> GeoMultipliers { get; }

    public ModelPrice? At(DateTimeOffset at)
    {
        // By index: a foreach over the interface would box its enumerator on every response priced.
        for (int i = 0; i < Periods.Count; i++)
        {
            if (Periods[i].IsInEffectAt(at))
            {
                return Periods[i];
            }
        }

        return null;
    }

    /// <summary>The history of a file's entry, laid over <paramref name="under"/> (the model's earlier history, if any).</summary>
    internal static ModelPriceHistory From(PriceEntry entry, string priceSource, ModelPriceHistory? under, IReadOnlyList<string> keptAliases)
    {
        decimal? fast = entry.FastMultiplier ?? under?.FastMultiplier;
        IReadOnlyDictionary<string, decimal> geo = entry.GeoMultipliers ?? under?.GeoMultipliers ?? Empty;
        string[] aliases = [.. entry.Aliases.Concat(keptAliases).Distinct(StringComparer.OrdinalIgnoreCase)];

        var periods = new List<ModelPrice>();
        foreach (PricePeriodEntry p in entry.Periods)
        {
            periods.Add(ToPrice(entry, aliases, p, p.FastMultiplier ?? fast, p.GeoMultipliers ?? geo, priceSource));
        }

        if (under is not null)
        {
            periods.AddRange(under.Periods);
        }

        return new ModelPriceHistory(entry.Model, aliases, periods, fast, geo);
    }

    private static readonly IReadOnlyDictionary<string, decimal> Empty = new Dictionary<string, decimal>();

    private static ModelPrice ToPrice(PriceEntry entry, string[] aliases, PricePeriodEntry p, decimal? fast, IReadOnlyDictionary<string, decimal> geo, string priceSource)
    {
        LongContextEntry? lc = p.LongContext;
        return new ModelPrice
        {
            Model = entry.Model,
            Aliases = aliases,
            EffectiveFrom = p.From,
            EffectiveUntil = p.Until,
            InputPrice = p.Input,
            OutputPrice = p.Output,
            // Anthropic's multipliers where a file leaves the cache prices out.
            CacheWrite5mPrice = p.CacheWrite5m ?? p.Input * 1.25m,
            CacheWrite1hPrice = p.CacheWrite1h ?? p.Input * 2m,
            CacheReadPrice = p.CacheRead ?? p.Input * 0.1m,
            LongContextThreshold = lc?.ThresholdPromptTokens,
            LongContextInputPrice = lc?.Input,
            LongContextOutputPrice = lc?.Output,
            LongContextCacheWrite5mPrice = lc is null ? null : lc.CacheWrite5m ?? lc.Input * 1.25m,
            LongContextCacheWrite1hPrice = lc is null ? null : lc.CacheWrite1h ?? lc.Input * 2m,
            LongContextCacheReadPrice = lc is null ? null : lc.CacheRead ?? lc.Input * 0.1m,
            FastMultiplier = fast,
            InferenceGeoMultipliers = geo,
            Source = entry.Source,
            PriceSource = priceSource,
        };
    }
}

using System.Reflection;
using System.Text.Json;

namespace ClaudeUsage.Core.Pricing;

/// <summary>
/// The prices in effect: the built-in table (an embedded JSON resource), with any user price files laid over it.
/// </summary>
internal sealed class PriceTable
{
    public const string BuiltInSource = "Built-in";

    private static readonly Lazy<PriceTable> LazyBuiltIn = new(LoadBuiltIn);

    private readonly Dictionary<string, ModelPrice> _byName = new(StringComparer.Ordinal);
    private readonly List<ModelPrice> _prices = [];

    private PriceTable(decimal webSearchPerRequest) => WebSearchPerRequest = webSearchPerRequest;

    public static PriceTable BuiltIn => LazyBuiltIn.Value;

    /// <summary>USD per web-search request.</summary>
    public decimal WebSearchPerRequest { get; private set; }

    public IReadOnlyList<ModelPrice> Prices => _prices;

    /// <summary>The price for a model name in any of its spellings; null when the table has none.</summary>
    public ModelPrice? Find(string? model)
    {
        if (string.IsNullOrWhiteSpace(model))
        {
            return null;
        }

        return _byName.TryGetValue(ModelNames.Normalize(model), out ModelPrice? price) ? price : null;
    }

    /// <summary>A copy of this table with the models of a user price file added or replaced.</summary>
    /// <exception cref="InvalidDataException">The file is not a valid price file.</exception>
    public PriceTable WithOverrides(string path)
    {
        PriceFile file;
        try
        {
            using FileStream stream = File.OpenRead(path);
            file = PriceFile.Read(stream);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"The price file '{path}' is not a valid price file: {ex.Message}", ex);
        }

        var table = new PriceTable(WebSearchPerRequest);
        var replaced = new HashSet<string>(StringComparer.Ordinal);
        List<ModelPrice> overrides = ToPrices(file, path);
        foreach (ModelPrice price in overrides)
        {
            replaced.Add(ModelNames.Normalize(price.Model));
        }

        foreach (ModelPrice existing in _prices)
        {
            if (!replaced.Contains(ModelNames.Normalize(existing.Model)))
            {
                table.Add(existing);
            }
        }

        foreach (ModelPrice price in overrides)
        {
            table.Add(price);
        }

        if (file.WebSearchPerThousandRequests is { } perThousand)
        {
            table.WebSearchPerRequest = perThousand / 1000m;
        }

        return table;
    }

    private void Add(ModelPrice price)
    {
        _prices.Add(price);
        _byName[ModelNames.Normalize(price.Model)] = price;
        foreach (string alias in price.Aliases)
        {
            _byName[ModelNames.Normalize(alias)] = price;
        }
    }

    private static PriceTable LoadBuiltIn()
    {
        using Stream stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("ClaudeUsage.prices.json")
            ?? throw new InvalidOperationException("The built-in price table is missing from the assembly.");
        PriceFile file = PriceFile.Read(stream);
        var table = new PriceTable((file.WebSearchPerThousandRequests ?? 10m) / 1000m);
        foreach (ModelPrice price in ToPrices(file, BuiltInSource))
        {
            table.Add(price);
        }

        return table;
    }

    private static List<ModelPrice> ToPrices(PriceFile file, string source)
    {
        var prices = new List<ModelPrice>();
        foreach (PriceEntry e in file.Models)
        {
            if (string.IsNullOrWhiteSpace(e.Model))
            {
                throw new InvalidDataException($"A model in '{source}' has no name.");
            }

            if (e.Input is null || e.Output is null)
            {
                throw new InvalidDataException($"The model '{e.Model}' in '{source}' needs at least input and output prices.");
            }

            decimal input = e.Input.Value;
            prices.Add(new ModelPrice
            {
                Model = e.Model,
                Aliases = e.Aliases,
                InputPrice = input,
                OutputPrice = e.Output.Value,
                // Anthropic's multipliers where a file leaves the cache prices out.
                CacheWrite5mPrice = e.CacheWrite5m ?? input * 1.25m,
                CacheWrite1hPrice = e.CacheWrite1h ?? input * 2m,
                CacheReadPrice = e.CacheRead ?? input * 0.1m,
                LongContextThreshold = e.LongContext?.ThresholdPromptTokens,
                LongContextInputPrice = e.LongContext?.Input,
                LongContextOutputPrice = e.LongContext?.Output,
                LongContextCacheWrite5mPrice = e.LongContext is { } lc ? lc.CacheWrite5m ?? lc.Input * 1.25m : null,
                LongContextCacheWrite1hPrice = e.LongContext is { } lc1 ? lc1.CacheWrite1h ?? lc1.Input * 2m : null,
                LongContextCacheReadPrice = e.LongContext is { } lc2 ? lc2.CacheRead ?? lc2.Input * 0.1m : null,
                PriceSource = source,
            });
        }

        return prices;
    }
}

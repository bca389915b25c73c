using System.Reflection;
using System.Text.Json;

namespace ClaudeUsage.Core.Pricing;

/// <summary>
/// The prices in effect: the built-in table (an embedded JSON resource), with any user price files laid over it.
/// Each model has a history of price periods; a response is priced at the period in effect at its timestamp.
/// </summary>
internal sealed class PriceTable
{
    public const string BuiltInSource = "Built-in";

    private static readonly Lazy<PriceTable> LazyBuiltIn = new(LoadBuiltIn);

    private readonly Dictionary<string, ModelPriceHistory> _byName;
    private readonly List<ModelPriceHistory> _models;

    private PriceTable(decimal webSearchPerRequest, List<ModelPriceHistory> models, Dictionary<string, ModelPriceHistory> byName)
    {
        WebSearchPerRequest = webSearchPerRequest;
        _models = models;
        _byName = byName;
        LongContextThresholds = [.. AllPrices.Select(p => p.LongContextThreshold).OfType<long>().Distinct().Order()];
    }

    /// <summary>Every long-context threshold of every period, ascending: what responses summed in the ledger are cut by.</summary>
    public IReadOnlyList<long> LongContextThresholds { get; }

    public static PriceTable BuiltIn => LazyBuiltIn.Value;

    /// <summary>USD per web-search request.</summary>
    public decimal WebSearchPerRequest { get; }

    /// <summary>Every model the table prices, in the order the files list them.</summary>
    public IReadOnlyList<ModelPriceHistory> Models => _models;

    /// <summary>The price of each model in effect at <paramref name="at"/> (models without one then are left out).</summary>
    public IEnumerable<ModelPrice> PricesAt(DateTimeOffset at) => _models.Select(m => m.At(at)).OfType<ModelPrice>();

    /// <summary>Every price period of every model.</summary>
    public IEnumerable<ModelPrice> AllPrices => _models.SelectMany(m => m.Periods);

    /// <summary>The history of a model name in any of its spellings; null when the table has none.</summary>
    public ModelPriceHistory? FindModel(string? model) =>
        string.IsNullOrWhiteSpace(model) ? null : _byName.GetValueOrDefault(ModelNames.Normalize(model));

    /// <summary>The price of a model in effect at <paramref name="at"/>; null when the table has none for then.</summary>
    public ModelPrice? Find(string? model, DateTimeOffset at) => FindModel(model)?.At(at);

    /// <summary>The price of a model in effect now.</summary>
    public ModelPrice? Find(string? model) => Find(model, DateTimeOffset.UtcNow);

    /// <summary>
    /// A copy of this table with a user price file laid over it. A model the file names gets the file's periods in
    /// front of the ones it had: at a moment one of the file's periods covers, the file's price applies; elsewhere
    /// the earlier price still does. Multipliers and aliases the file leaves out are kept.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is not a valid price file.</exception>
    public PriceTable WithOverrides(string path)
    {
        PriceFile file;
        try
        {
            using FileStream stream = Parsing.TranscriptFileReader.OpenShared(path); // a FIFO given as a price file is an error, not a hang
            file = PriceFile.Read(stream);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"The price file '{path}' is not a valid price file: {ex.Message}", ex);
        }

        var models = new List<ModelPriceHistory>(_models);
        var byName = new Dictionary<string, ModelPriceHistory>(_byName, StringComparer.Ordinal);
        foreach (PriceEntry entry in file.Models)
        {
            string name = ModelNames.Normalize(entry.Model);
            ModelPriceHistory? existing = byName.GetValueOrDefault(name);
            bool sameModel = existing is not null && ModelNames.Normalize(existing.Model) == name;
            ModelPriceHistory history = ModelPriceHistory.From(entry, path, existing, sameModel ? existing!.Aliases : []);
            if (sameModel)
            {
                models[models.IndexOf(existing!)] = history;
                foreach (string alias in existing!.Aliases)
                {
                    byName[ModelNames.Normalize(alias)] = history;
                }
            }
            else
            {
                models.Add(history);
            }

            Map(byName, history);
        }

        decimal webSearch = file.WebSearchPerThousandRequests is { } perThousand ? perThousand / 1000m : WebSearchPerRequest;
        return new PriceTable(webSearch, models, byName);
    }

    private static void Map(Dictionary<string, ModelPriceHistory> byName, ModelPriceHistory history)
    {
        byName[ModelNames.Normalize(history.Model)] = history;
        foreach (string alias in history.Aliases)
        {
            byName[ModelNames.Normalize(alias)] = history;
        }
    }

    private static PriceTable LoadBuiltIn()
    {
        using Stream stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("ClaudeUsage.prices.json")
            ?? throw new InvalidOperationException("The built-in price table is missing from the assembly.");
        PriceFile file = PriceFile.Read(stream);
        var models = new List<ModelPriceHistory>();
        var byName = new Dictionary<string, ModelPriceHistory>(StringComparer.Ordinal);
        foreach (PriceEntry entry in file.Models)
        {
            ModelPriceHistory history = ModelPriceHistory.From(entry, BuiltInSource, null, []);
            models.Add(history);
            Map(byName, history);
        }

        return new PriceTable((file.WebSearchPerThousandRequests ?? 10m) / 1000m, models, byName);
    }
}

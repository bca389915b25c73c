using System.Globalization;
using System.Text.Json;

namespace ClaudeUsage.Core.Pricing;

/// <summary>
/// A price file as written: the built-in prices.json, or a user's file given with -PricingPath. Property names
/// match without regard to case, comments and trailing commas are allowed, numbers may be written as strings, and
/// unknown properties are ignored.
/// </summary>
/// <remarks>
/// Read through <see cref="JsonDocument"/> rather than the serializer: every command prices, and in a new process
/// the serializer's first use costs tens of milliseconds that this file's few dozen values do not need.
/// </remarks>
internal sealed class PriceFile
{
    private static readonly JsonDocumentOptions Options = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    public decimal? WebSearchPerThousandRequests { get; private init; }

    public List<PriceEntry> Models { get; private init; } = [];

    /// <exception cref="JsonException">The content is not JSON, or a value has the wrong type.</exception>
    public static PriceFile Read(Stream stream)
    {
        using JsonDocument document = JsonDocument.Parse(stream, Options);
        JsonElement root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException("A price file is a JSON object.");
        }

        var models = new List<PriceEntry>();
        if (Property(root, "models") is { ValueKind: not JsonValueKind.Null } list)
        {
            foreach (JsonElement model in Array(list, "models").EnumerateArray())
            {
                models.Add(PriceEntry.Read(model));
            }
        }

        return new PriceFile { WebSearchPerThousandRequests = Decimal(root, "webSearchPerThousandRequests"), Models = models };
    }

    /// <summary>The property of that name in any letter case; null when there is none.</summary>
    internal static JsonElement? Property(JsonElement obj, string name)
    {
        foreach (JsonProperty property in obj.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value;
            }
        }

        return null;
    }

    internal static decimal? Decimal(JsonElement obj, string name) => Property(obj, name) switch
    {
        null or { ValueKind: JsonValueKind.Null } => null,
        { ValueKind: JsonValueKind.Number } n when n.TryGetDecimal(out decimal d) => d,
        { ValueKind: JsonValueKind.String } s when decimal.TryParse(s.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out decimal d) => d,
        _ => throw new JsonException($"'{name}' must be a number."),
    };

    internal static string? String(JsonElement obj, string name) => Property(obj, name) switch
    {
        null or { ValueKind: JsonValueKind.Null } => null,
        { ValueKind: JsonValueKind.String } s => s.GetString(),
        _ => throw new JsonException($"'{name}' must be a string."),
    };

    internal static JsonElement Array(JsonElement value, string name) =>
        value.ValueKind == JsonValueKind.Array ? value : throw new JsonException($"'{name}' must be an array.");
}

/// <summary>One model's prices in a price file (USD per million tokens).</summary>
internal sealed class PriceEntry
{
    public string? Model { get; private init; }

    public List<string> Aliases { get; private init; } = [];

    public decimal? Input { get; private init; }

    public decimal? Output { get; private init; }

    public decimal? CacheWrite5m { get; private init; }

    public decimal? CacheWrite1h { get; private init; }

    public decimal? CacheRead { get; private init; }

    public LongContextEntry? LongContext { get; private init; }

    internal static PriceEntry Read(JsonElement e)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException("Each entry of 'models' must be an object.");
        }

        var aliases = new List<string>();
        if (PriceFile.Property(e, "aliases") is { ValueKind: not JsonValueKind.Null } list)
        {
            foreach (JsonElement alias in PriceFile.Array(list, "aliases").EnumerateArray())
            {
                aliases.Add(alias.ValueKind == JsonValueKind.String ? alias.GetString()! : throw new JsonException("'aliases' must hold strings."));
            }
        }

        return new PriceEntry
        {
            Model = PriceFile.String(e, "model"),
            Aliases = aliases,
            Input = PriceFile.Decimal(e, "input"),
            Output = PriceFile.Decimal(e, "output"),
            CacheWrite5m = PriceFile.Decimal(e, "cacheWrite5m"),
            CacheWrite1h = PriceFile.Decimal(e, "cacheWrite1h"),
            CacheRead = PriceFile.Decimal(e, "cacheRead"),
            LongContext = PriceFile.Property(e, "longContext") is { ValueKind: not JsonValueKind.Null } lc ? LongContextEntry.Read(lc) : null,
        };
    }
}

/// <summary>The rates a model charges for a whole request whose prompt exceeds the threshold.</summary>
internal sealed class LongContextEntry
{
    public long ThresholdPromptTokens { get; private init; }

    public decimal Input { get; private init; }

    public decimal Output { get; private init; }

    public decimal? CacheWrite5m { get; private init; }

    public decimal? CacheWrite1h { get; private init; }

    public decimal? CacheRead { get; private init; }

    internal static LongContextEntry Read(JsonElement e)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException("'longContext' must be an object.");
        }

        decimal threshold = PriceFile.Decimal(e, "thresholdPromptTokens") ?? 0;
        return new LongContextEntry
        {
            ThresholdPromptTokens = threshold == decimal.Truncate(threshold) && threshold is >= 0 and <= long.MaxValue
                ? (long)threshold
                : throw new JsonException("'thresholdPromptTokens' must be a whole number."),
            Input = PriceFile.Decimal(e, "input") ?? 0,
            Output = PriceFile.Decimal(e, "output") ?? 0,
            CacheWrite5m = PriceFile.Decimal(e, "cacheWrite5m"),
            CacheWrite1h = PriceFile.Decimal(e, "cacheWrite1h"),
            CacheRead = PriceFile.Decimal(e, "cacheRead"),
        };
    }
}

using System.Globalization;
using System.Text.Json;

namespace ClaudeUsage.Core.Pricing;

/// <summary>
/// A price file as written: the built-in prices.json, or a user's file given with -PricingPath (format described by
/// docs/price-file.schema.json). Property names match without regard to case, comments and trailing commas are
/// allowed, numbers may be written as strings, and unknown properties are ignored. A model's prices are a list of
/// periods; format 1's flat entry (prices on the model itself) reads as one period that is always in effect.
/// </summary>
/// <remarks>
/// Read through <see cref="JsonDocument"/> rather than the serializer: every command prices, and in a new process
/// the serializer's first use costs tens of milliseconds that this file's few dozen values do not need. Every error
/// names where it is (<c>models[3].periods[0].input</c>).
/// </remarks>
internal sealed class PriceFile
{
    /// <summary>The largest price accepted, in USD per million tokens: far above any list price, far below overflow.</summary>
    internal const decimal MaxPrice = 1_000_000m;

    private static readonly JsonDocumentOptions Options = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    public decimal? WebSearchPerThousandRequests { get; private init; }

    public List<PriceEntry> Models { get; private init; } = [];

    /// <exception cref="JsonException">The content is not JSON, or a value is missing or has the wrong type or range.</exception>
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
            int i = 0;
            foreach (JsonElement model in Array(list, "models").EnumerateArray())
            {
                models.Add(PriceEntry.Read(model, $"models[{i++}]"));
            }
        }

        return new PriceFile { WebSearchPerThousandRequests = Price(root, "webSearchPerThousandRequests", string.Empty), Models = models };
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

    internal static bool Has(JsonElement obj, string name) => Property(obj, name) is { ValueKind: not JsonValueKind.Null };

    internal static decimal? Decimal(JsonElement obj, string name, string where) => Property(obj, name) switch
    {
        null or { ValueKind: JsonValueKind.Null } => null,
        { ValueKind: JsonValueKind.Number } n when n.TryGetDecimal(out decimal d) => d,
        { ValueKind: JsonValueKind.String } s when decimal.TryParse(s.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out decimal d) => d,
        _ => throw new JsonException($"'{At(where, name)}' must be a number."),
    };

    /// <summary>A price or multiplier: a number from 0 to <see cref="MaxPrice"/>.</summary>
    internal static decimal? Price(JsonElement obj, string name, string where) => Decimal(obj, name, where) switch
    {
        null => null,
        < 0 => throw new JsonException($"'{At(where, name)}' must not be negative."),
        > MaxPrice => throw new JsonException($"'{At(where, name)}' is more than {MaxPrice:N0} (USD per million tokens)."),
        var d => d,
    };

    /// <summary>A multiplier: a number above 0 and at most 1,000.</summary>
    internal static decimal? Multiplier(JsonElement obj, string name, string where) => Decimal(obj, name, where) switch
    {
        null => null,
        <= 0 or > 1000 => throw new JsonException($"'{At(where, name)}' must be above 0 and at most 1,000."),
        var d => d,
    };

    internal static string? String(JsonElement obj, string name, string where) => Property(obj, name) switch
    {
        null or { ValueKind: JsonValueKind.Null } => null,
        { ValueKind: JsonValueKind.String } s => s.GetString(),
        _ => throw new JsonException($"'{At(where, name)}' must be a string."),
    };

    /// <summary>A date (<c>2026-10-07</c>, midnight UTC) or a date and time with an offset.</summary>
    internal static DateTimeOffset? Date(JsonElement obj, string name, string where)
    {
        if (String(obj, name, where) is not { } text)
        {
            return null;
        }

        if (DateTime.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTime day))
        {
            return new DateTimeOffset(day, TimeSpan.Zero);
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset at) && text.Contains('T', StringComparison.Ordinal)
            ? at.ToUniversalTime()
            : throw new JsonException($"'{At(where, name)}' must be a date (2026-10-07) or a date and time (2026-10-07T00:00:00Z).");
    }

    internal static JsonElement Array(JsonElement value, string name) =>
        value.ValueKind == JsonValueKind.Array ? value : throw new JsonException($"'{name}' must be an array.");

    internal static string At(string where, string name) => where.Length == 0 ? name : $"{where}.{name}";
}

/// <summary>One model in a price file: its names, multipliers and price periods.</summary>
internal sealed class PriceEntry
{
    public required string Model { get; init; }

    public List<string> Aliases { get; private init; } = [];

    /// <summary>Where the prices were read, as the file says.</summary>
    public string? Source { get; private init; }

    public decimal? FastMultiplier { get; private init; }

    public Dictionary<string, decimal>? GeoMultipliers { get; private init; }

    public List<PricePeriodEntry> Periods { get; private init; } = [];

    internal static PriceEntry Read(JsonElement e, string where)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException($"'{where}' must be an object.");
        }

        string model = PriceFile.String(e, "model", where) is { Length: > 0 } name && !string.IsNullOrWhiteSpace(name)
            ? name
            : throw new JsonException($"'{PriceFile.At(where, "model")}' must name the model.");

        try
        {
            return ReadNamed(e, where, model);
        }
        catch (JsonException ex)
        {
            throw new JsonException($"{ex.Message} (model '{model}')", ex);
        }
    }

    private static PriceEntry ReadNamed(JsonElement e, string where, string model)
    {
        var aliases = new List<string>();
        if (PriceFile.Property(e, "aliases") is { ValueKind: not JsonValueKind.Null } list)
        {
            foreach (JsonElement alias in PriceFile.Array(list, PriceFile.At(where, "aliases")).EnumerateArray())
            {
                aliases.Add(alias.ValueKind == JsonValueKind.String ? alias.GetString()! : throw new JsonException($"'{PriceFile.At(where, "aliases")}' must hold strings."));
            }
        }

        var periods = new List<PricePeriodEntry>();
        if (PriceFile.Property(e, "periods") is { ValueKind: not JsonValueKind.Null } listed)
        {
            if (PriceFile.Has(e, "input") || PriceFile.Has(e, "output"))
            {
                throw new JsonException($"'{where}' has both 'periods' and prices of its own: put the prices in a period.");
            }

            int i = 0;
            foreach (JsonElement period in PriceFile.Array(listed, PriceFile.At(where, "periods")).EnumerateArray())
            {
                periods.Add(PricePeriodEntry.Read(period, $"{where}.periods[{i++}]"));
            }

            if (periods.Count == 0)
            {
                throw new JsonException($"'{PriceFile.At(where, "periods")}' must hold at least one period.");
            }
        }
        else
        {
            periods.Add(PricePeriodEntry.Read(e, where)); // format 1: the entry is its own, always-in-effect period
        }

        CheckNoOverlap(periods, where);
        return new PriceEntry
        {
            Model = model,
            Aliases = aliases,
            Source = PriceFile.String(e, "source", where),
            FastMultiplier = PriceFile.Multiplier(e, "fastMultiplier", where),
            GeoMultipliers = PricePeriodEntry.ReadGeoMultipliers(e, where),
            Periods = periods,
        };
    }

    private static void CheckNoOverlap(List<PricePeriodEntry> periods, string where)
    {
        for (int i = 0; i < periods.Count; i++)
        {
            for (int j = i + 1; j < periods.Count; j++)
            {
                PricePeriodEntry a = periods[i], b = periods[j];
                bool overlap = (a.From ?? DateTimeOffset.MinValue) < (b.Until ?? DateTimeOffset.MaxValue)
                    && (b.From ?? DateTimeOffset.MinValue) < (a.Until ?? DateTimeOffset.MaxValue);
                if (overlap)
                {
                    throw new JsonException($"'{where}.periods[{i}]' and '[{j}]' overlap: each moment may have one price.");
                }
            }
        }
    }
}

/// <summary>The prices of one model over one stretch of time (USD per million tokens).</summary>
internal sealed class PricePeriodEntry
{
    /// <summary>The first moment the prices apply; null for "always before <see cref="Until"/>".</summary>
    public DateTimeOffset? From { get; private init; }

    /// <summary>The moment they stop applying (exclusive); null while in effect.</summary>
    public DateTimeOffset? Until { get; private init; }

    public decimal Input { get; private init; }

    public decimal Output { get; private init; }

    public decimal? CacheWrite5m { get; private init; }

    public decimal? CacheWrite1h { get; private init; }

    public decimal? CacheRead { get; private init; }

    public LongContextEntry? LongContext { get; private init; }

    public decimal? FastMultiplier { get; private init; }

    public Dictionary<string, decimal>? GeoMultipliers { get; private init; }

    internal static PricePeriodEntry Read(JsonElement e, string where)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException($"'{where}' must be an object.");
        }

        var period = new PricePeriodEntry
        {
            From = PriceFile.Date(e, "from", where),
            Until = PriceFile.Date(e, "until", where),
            Input = PriceFile.Price(e, "input", where) ?? throw new JsonException($"'{PriceFile.At(where, "input")}' is missing: a price needs at least input and output."),
            Output = PriceFile.Price(e, "output", where) ?? throw new JsonException($"'{PriceFile.At(where, "output")}' is missing: a price needs at least input and output."),
            CacheWrite5m = PriceFile.Price(e, "cacheWrite5m", where),
            CacheWrite1h = PriceFile.Price(e, "cacheWrite1h", where),
            CacheRead = PriceFile.Price(e, "cacheRead", where),
            LongContext = PriceFile.Property(e, "longContext") is { ValueKind: not JsonValueKind.Null } lc ? LongContextEntry.Read(lc, PriceFile.At(where, "longContext")) : null,
            FastMultiplier = PriceFile.Multiplier(e, "fastMultiplier", where),
            GeoMultipliers = ReadGeoMultipliers(e, where),
        };
        if (period.From is { } from && period.Until is { } until && until <= from)
        {
            throw new JsonException($"'{PriceFile.At(where, "until")}' must be later than 'from'.");
        }

        return period;
    }

    internal static Dictionary<string, decimal>? ReadGeoMultipliers(JsonElement e, string where)
    {
        string at = PriceFile.At(where, "inferenceGeoMultipliers");
        switch (PriceFile.Property(e, "inferenceGeoMultipliers"))
        {
            case null or { ValueKind: JsonValueKind.Null }:
                return null;
            case { ValueKind: JsonValueKind.Object } geos:
                var multipliers = new Dictionary<string, decimal>(StringComparer.OrdinalIgnoreCase);
                foreach (JsonProperty geo in geos.EnumerateObject())
                {
                    multipliers[geo.Name] = PriceFile.Multiplier(geos, geo.Name, at) ?? throw new JsonException($"'{at}.{geo.Name}' must be a number.");
                }

                return multipliers;
            default:
                throw new JsonException($"'{at}' must be an object such as {{ \"us\": 1.1 }}.");
        }
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

    internal static LongContextEntry Read(JsonElement e, string where)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException($"'{where}' must be an object.");
        }

        decimal threshold = PriceFile.Decimal(e, "thresholdPromptTokens", where)
            ?? throw new JsonException($"'{PriceFile.At(where, "thresholdPromptTokens")}' is missing.");
        return new LongContextEntry
        {
            ThresholdPromptTokens = threshold == decimal.Truncate(threshold) && threshold is >= 0 and <= long.MaxValue
                ? (long)threshold
                : throw new JsonException($"'{PriceFile.At(where, "thresholdPromptTokens")}' must be a whole number."),
            Input = PriceFile.Price(e, "input", where) ?? throw new JsonException($"'{PriceFile.At(where, "input")}' is missing."),
            Output = PriceFile.Price(e, "output", where) ?? throw new JsonException($"'{PriceFile.At(where, "output")}' is missing."),
            CacheWrite5m = PriceFile.Price(e, "cacheWrite5m", where),
            CacheWrite1h = PriceFile.Price(e, "cacheWrite1h", where),
            CacheRead = PriceFile.Price(e, "cacheRead", where),
        };
    }
}

using System.Runtime.CompilerServices;
using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace ClaudeUsage.Core.Parsing;

/// <summary>
/// Reads the accounting fields of one JSONL transcript line in a single forward pass; everything else (message
/// content, tool inputs) is skipped unread. Two paths give the same fields: the fast one (RawLineParser.Members.cs)
/// and, for any line it gives up on, this file's, driven by <see cref="Utf8JsonReader"/>, which also words the errors.
/// One instance per file: it reuses the strings that repeat on every line (session, cwd, model).
/// </summary>
internal sealed partial class RawLineParser
{
    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 512 };

    private ReusedString _sessionId;
    private ReusedString _cwd;
    private ReusedString _model;
    private ReusedString _provider;
    private ReusedString _agentId;
    private ReusedString _skill;
    private ReusedString _plugin;
    private ReusedString _geo;
    private ReusedString _tier;

    /// <param name="skipFast">
    /// Whether lines are read the fast way: members walked by the module's own code (RawLineParser.Members.cs),
    /// and values no field is read from (message content, tool results) passed over with
    /// <see cref="JsonValueSkipper"/> rather than tokenised by the reader. Off only in tests that compare the two.
    /// </param>
    /// <param name="keepIds">
    /// Whether message and request ids are kept as strings; their keys are always computed, from the bytes when
    /// the strings are not wanted (no string per id for a scan that only sums).
    /// </param>
    public RawLineParser(bool skipFast = true, bool keepIds = true)
    {
        _skipFast = skipFast;
        _keepIds = keepIds;
    }

    private readonly bool _keepIds;
    private readonly bool _skipFast;

    /// <summary>Fills <paramref name="line"/> from <paramref name="json"/>.</summary>
    /// <exception cref="JsonException">The line is not one complete JSON object.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Parse(ReadOnlySpan<byte> json, RawLine line)
    {
        if (_skipFast)
        {
            try
            {
                if (TryParseMembers(json, line))
                {
                    ReadMcpServers(json, line);
                    return;
                }
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException)
            {
                // A value it read is not valid: the reader path below says so, in its words.
            }
        }

        try
        {
            ParseCore(json, line);
        }
        catch (InvalidOperationException ex)
        {
            // A string the reader cannot decode (invalid UTF-8, a lone surrogate escape) in a field that is read.
            throw new JsonException(ex.Message, ex);
        }

        ReadMcpServers(json, line);
    }

    /// <summary>Where the line's <c>message.content</c> value lies (start, end); empty when it has none.</summary>
    private (int Start, int End) _content;

    /// <summary>
    /// The MCP servers a Claude Code response calls, from the tool names in its content. Content is skipped unread
    /// by both paths; it is read here, once the line is known to be an assistant line, and on the fast path only
    /// when a byte search finds <c>mcp__</c> (or an escape that could spell it) in it, so most lines cost one
    /// vectorised pass over their content. Both paths read the same bytes the same way.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ReadMcpServers(ReadOnlySpan<byte> json, RawLine line)
    {
        if (line.Kind != LineKind.Assistant || _content.End <= _content.Start)
        {
            return;
        }

        ReadOnlySpan<byte> content = json[_content.Start.._content.End];
        if (_skipFast && !ByteSearch.MayNameMcpTool(content))
        {
            return;
        }

        line.McpServers = McpServerList.FromContent(content);
    }

    // Compiled optimised at first call: a scheduled run ends before tiered compilation would get there.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ParseCore(ReadOnlySpan<byte> json, RawLine line)
    {
        line.Reset();
        _content = default;
        var reader = new Utf8JsonReader(json, ReaderOptions);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("The line is not a JSON object.");
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                line.Kind = KindOf(ref reader);
            }
            else if (reader.ValueTextEquals("timestamp"u8))
            {
                reader.Read();
                line.Timestamp = ReadTimestamp(ref reader);
            }
            else if (reader.ValueTextEquals("sessionId"u8))
            {
                reader.Read();
                line.SessionId = _sessionId.Read(ref reader);
            }
            else if (reader.ValueTextEquals("requestId"u8))
            {
                reader.Read();
                (line.RequestId, line.RequestKey) = ReadId(ref reader);
            }
            else if (reader.ValueTextEquals("cwd"u8))
            {
                reader.Read();
                line.Cwd = _cwd.Read(ref reader);
            }
            else if (reader.ValueTextEquals("isSidechain"u8))
            {
                reader.Read();
                line.IsSidechain = reader.TokenType == JsonTokenType.True;
            }
            else if (reader.ValueTextEquals("costUSD"u8))
            {
                reader.Read();
                line.CostUsd = ReadDecimal(ref reader);
            }
            else if (reader.ValueTextEquals("agentId"u8))
            {
                reader.Read();
                line.AgentId = _agentId.Read(ref reader);
            }
            else if (reader.ValueTextEquals("attributionSkill"u8))
            {
                reader.Read();
                line.AttributionSkill = _skill.Read(ref reader);
            }
            else if (reader.ValueTextEquals("attributionPlugin"u8))
            {
                reader.Read();
                line.AttributionPlugin = _plugin.Read(ref reader);
            }
            else if (reader.ValueTextEquals("id"u8))
            {
                reader.Read();
                line.EntryId = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("parentSession"u8))
            {
                reader.Read();
                line.ParentSession = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("provider"u8))
            {
                reader.Read();
                line.ChangeProvider = _provider.Read(ref reader);
            }
            else if (reader.ValueTextEquals("modelId"u8))
            {
                reader.Read();
                line.ChangeModelId = _model.Read(ref reader);
            }
            else if (reader.ValueTextEquals("customType"u8))
            {
                reader.Read();
                line.IsModelSnapshot = reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("model-snapshot"u8);
            }
            else if (reader.ValueTextEquals("data"u8))
            {
                reader.Read();
                ReadCustomData(ref reader, line);
            }
            else if (reader.ValueTextEquals("message"u8))
            {
                reader.Read();
                ReadMessage(ref reader, line);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (reader.TokenType != JsonTokenType.EndObject)
        {
            throw new JsonException("The line ends before its JSON object does.");
        }

        // Anything after the object (a second value, stray bytes) makes the reader throw here.
        reader.Read();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ReadMessage(ref Utf8JsonReader reader, RawLine line)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }

        line.HasMessage = true;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("usage"u8))
            {
                reader.Read();
                ReadUsage(ref reader, line);
            }
            else if (reader.ValueTextEquals("id"u8))
            {
                reader.Read();
                (line.MessageId, line.MessageKey) = ReadId(ref reader);
            }
            else if (reader.ValueTextEquals("role"u8))
            {
                reader.Read();
                line.Role = ReadRole(ref reader);
            }
            else if (reader.ValueTextEquals("model"u8))
            {
                reader.Read();
                line.Model = _model.Read(ref reader);
            }
            else if (reader.ValueTextEquals("provider"u8))
            {
                reader.Read();
                line.Provider = _provider.Read(ref reader);
            }
            else if (reader.ValueTextEquals("responseId"u8))
            {
                reader.Read();
                line.ResponseId = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("content"u8))
            {
                reader.Read();
                int start = (int)reader.TokenStartIndex;
                reader.Skip();
                _content = (start, (int)reader.BytesConsumed);
            }
            else if (reader.ValueTextEquals("timestamp"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out long ms))
                {
                    line.MessageEpochMs = ms;
                }
                else
                {
                    reader.Skip();
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ReadUsage(ref Utf8JsonReader reader, RawLine line)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }

        line.HasUsage = true;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("input_tokens"u8))
            {
                reader.Read();
                line.InputTokens = ReadLong(ref reader);
                line.HasSnakeCaseUsage = true;
            }
            else if (reader.ValueTextEquals("output_tokens"u8))
            {
                reader.Read();
                line.OutputTokens = ReadLong(ref reader);
                line.HasSnakeCaseUsage = true;
            }
            else if (reader.ValueTextEquals("cache_creation_input_tokens"u8))
            {
                reader.Read();
                line.CacheCreationTokens = ReadLong(ref reader);
            }
            else if (reader.ValueTextEquals("cache_read_input_tokens"u8))
            {
                reader.Read();
                line.CacheReadTokens = ReadLong(ref reader);
            }
            else if (reader.ValueTextEquals("cache_creation"u8))
            {
                reader.Read();
                (long? fiveMinutes, long? oneHour) = ReadCacheCreation(ref reader);
                (line.Ephemeral5m, line.Ephemeral1h) = (fiveMinutes ?? line.Ephemeral5m, oneHour ?? line.Ephemeral1h); // as the fast path: only what is there
            }
            else if (reader.ValueTextEquals("server_tool_use"u8))
            {
                reader.Read();
                ReadServerToolUse(ref reader, line);
            }
            else if (reader.ValueTextEquals("speed"u8))
            {
                reader.Read();
                line.IsFast = reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("fast"u8);
            }
            else if (reader.ValueTextEquals("inference_geo"u8))
            {
                reader.Read();
                line.InferenceGeo = _geo.Read(ref reader);
            }
            else if (reader.ValueTextEquals("service_tier"u8))
            {
                reader.Read();
                line.ServiceTier = _tier.Read(ref reader);
            }
            else if (reader.ValueTextEquals("iterations"u8))
            {
                reader.Read();
                ReadIterations(ref reader, line);
            }
            else if (reader.ValueTextEquals("cacheWrite1h"u8))
            {
                reader.Read();
                line.PiCacheWrite1h = ReadLong(ref reader);
            }
            else if (reader.ValueTextEquals("cttl"u8))
            {
                reader.Read();
                ReadCttl(ref reader, line);
            }
            else if (reader.ValueTextEquals("input"u8))
            {
                reader.Read();
                line.PiInput = ReadLong(ref reader);
                line.HasCamelCaseUsage = true;
            }
            else if (reader.ValueTextEquals("output"u8))
            {
                reader.Read();
                line.PiOutput = ReadLong(ref reader);
                line.HasCamelCaseUsage = true;
            }
            else if (reader.ValueTextEquals("cacheRead"u8))
            {
                reader.Read();
                line.PiCacheRead = ReadLong(ref reader);
            }
            else if (reader.ValueTextEquals("cacheWrite"u8))
            {
                reader.Read();
                line.PiCacheWrite = ReadLong(ref reader);
            }
            else if (reader.ValueTextEquals("totalTokens"u8))
            {
                reader.Read();
                line.PiTotalTokens = ReadLong(ref reader);
            }
            else if (reader.ValueTextEquals("cost"u8))
            {
                reader.Read();
                ReadPiCost(ref reader, line);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    /// <summary><c>cache_creation</c>'s split by lifetime, of the response or of one of its steps; null where a part is absent.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (long? Ephemeral5m, long? Ephemeral1h) ReadCacheCreation(ref Utf8JsonReader reader)
    {
        long? fiveMinutes = null, oneHour = null;
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return (fiveMinutes, oneHour);
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("ephemeral_5m_input_tokens"u8))
            {
                reader.Read();
                fiveMinutes = ReadLong(ref reader);
            }
            else if (reader.ValueTextEquals("ephemeral_1h_input_tokens"u8))
            {
                reader.Read();
                oneHour = ReadLong(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return (fiveMinutes, oneHour);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ReadServerToolUse(ref Utf8JsonReader reader, RawLine line)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("web_search_requests"u8))
            {
                reader.Read();
                line.WebSearchRequests = ReadLong(ref reader);
            }
            else if (reader.ValueTextEquals("web_fetch_requests"u8))
            {
                reader.Read();
                line.WebFetchRequests = ReadLong(ref reader);
            }
            else if (reader.ValueTextEquals("code_execution_requests"u8))
            {
                reader.Read();
                line.CodeExecutionRequests = ReadLong(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    /// <summary>Oh My Pi's cache-write split: <c>usage.cttl.ephemeral5m</c> / <c>ephemeral1h</c>.</summary>
    private static void ReadCttl(ref Utf8JsonReader reader, RawLine line)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("ephemeral5m"u8))
            {
                reader.Read();
                line.CttlEphemeral5m = ReadLong(ref reader);
            }
            else if (reader.ValueTextEquals("ephemeral1h"u8))
            {
                reader.Read();
                line.CttlEphemeral1h = ReadLong(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    /// <summary>
    /// <c>usage.iterations</c>: an array of step objects. Both parser paths read it here (the fast path hands any
    /// non-empty array to this path), so there is one reading of it.
    /// </summary>
    private void ReadIterations(ref Utf8JsonReader reader, RawLine line)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }

            if (line.StepCount == line.Steps.Count)
            {
                line.Steps.Add(new RawStep());
            }

            RawStep step = line.Steps[line.StepCount++];
            step.Reset();
            ReadStep(ref reader, step);
        }
    }

    private void ReadStep(ref Utf8JsonReader reader, RawStep step)
    {
        bool typed = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                typed = reader.TokenType == JsonTokenType.String;
                (step.Kind, step.IsMessage) = !typed ? (SamplingStep.Other, true)
                    : reader.ValueTextEquals("message"u8) ? (SamplingStep.Response, true)
                    : reader.ValueTextEquals("compaction"u8) ? (SamplingStep.Compaction, false)
                    : reader.ValueTextEquals("advisor_message"u8) ? (SamplingStep.Advisor, false)
                    : reader.ValueTextEquals("fallback_message"u8) ? (SamplingStep.Fallback, false)
                    : (SamplingStep.Other, false);
                if (!typed)
                {
                    reader.Skip();
                }
            }
            else if (reader.ValueTextEquals("model"u8))
            {
                reader.Read();
                step.Model = _model.Read(ref reader);
            }
            else if (reader.ValueTextEquals("input_tokens"u8))
            {
                reader.Read();
                step.InputTokens = ReadLong(ref reader);
            }
            else if (reader.ValueTextEquals("output_tokens"u8))
            {
                reader.Read();
                step.OutputTokens = ReadLong(ref reader);
            }
            else if (reader.ValueTextEquals("cache_creation_input_tokens"u8))
            {
                reader.Read();
                step.CacheCreationTokens = ReadLong(ref reader);
            }
            else if (reader.ValueTextEquals("cache_read_input_tokens"u8))
            {
                reader.Read();
                step.CacheReadTokens = ReadLong(ref reader);
            }
            else if (reader.ValueTextEquals("cache_creation"u8))
            {
                reader.Read();
                (step.Ephemeral5m, step.Ephemeral1h) = ReadCacheCreation(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (!typed)
        {
            // A step that does not say what it is may be the response itself: never count it twice.
            step.IsMessage = true;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ReadPiCost(ref Utf8JsonReader reader, RawLine line)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("total"u8))
            {
                reader.Read();
                line.PiCostTotal = ReadDecimal(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ReadCustomData(ref Utf8JsonReader reader, RawLine line)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("modelId"u8))
            {
                reader.Read();
                line.ChangeModelId ??= _model.Read(ref reader);
            }
            else if (reader.ValueTextEquals("provider"u8))
            {
                reader.Read();
                line.ChangeProvider ??= _provider.Read(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static LineKind KindOf(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            reader.Skip();
            return LineKind.Other;
        }

        if (reader.ValueTextEquals("assistant"u8)) return LineKind.Assistant;
        if (reader.ValueTextEquals("message"u8)) return LineKind.Message;
        if (reader.ValueTextEquals("session"u8)) return LineKind.Session;
        if (reader.ValueTextEquals("model_change"u8)) return LineKind.ModelChange;
        if (reader.ValueTextEquals("custom"u8)) return LineKind.Custom;
        return LineKind.Other;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static DateTimeOffset? ReadTimestamp(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                if (reader.TryGetDateTimeOffset(out DateTimeOffset value))
                {
                    return Plausible(value);
                }

                // Utf8JsonReader is strict about ISO 8601; fall back to the framework's parser for odd forms.
                string? text = reader.GetString();
                return DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture,
                    System.Globalization.DateTimeStyles.AssumeUniversal, out value) ? Plausible(value) : null;
            case JsonTokenType.Number when reader.TryGetInt64(out long ms):
                return EpochMilliseconds(ms);
            default:
                reader.Skip();
                return null;
        }
    }

    /// <summary>
    /// The first moment a usage timestamp may be: no agent wrote a log before 1970, and a time at the calendar's
    /// edge (0001-01-01) is damage that would throw in every calendar sum.
    /// </summary>
    internal static readonly DateTimeOffset EarliestTimestamp = new(1970, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The moment no usage timestamp reaches: far enough from 9999-12-31 that no time zone or week start overflows.</summary>
    internal static readonly DateTimeOffset LatestTimestamp = new(9000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The time in UTC; null (so the line has no valid timestamp) outside 1970–9000.</summary>
    private static DateTimeOffset? Plausible(DateTimeOffset value) =>
        value.UtcDateTime >= EarliestTimestamp.UtcDateTime && value.UtcDateTime < LatestTimestamp.UtcDateTime ? value.ToUniversalTime() : null;

    internal static DateTimeOffset? EpochMilliseconds(long ms) =>
        ms > 0 && ms < LatestTimestamp.ToUnixTimeMilliseconds() ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;

    /// <summary>An id and its <see cref="IdKey"/>; the string only when ids are kept. Empty counts as absent.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private (string? Id, UInt128 Key) ReadId(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            return (SkipNonString(ref reader), UInt128.Zero);
        }

        ReadOnlySpan<byte> raw = reader.ValueSpan;
        if (_keepIds || reader.ValueIsEscaped || !Utf8.IsValid(raw))
        {
            // Decoded as before: undecodable text throws here and makes the line malformed.
            string id = reader.GetString()!;
            return (_keepIds ? id : null, id.Length == 0 ? UInt128.Zero : IdKey.Of(id));
        }

        // Unescaped valid UTF-8 is exactly the bytes IdKey.Of(string) would hash.
        return (null, raw.IsEmpty ? UInt128.Zero : IdKey.Of(raw));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static string? ReadRole(ref Utf8JsonReader reader) =>
        reader.TokenType != JsonTokenType.String ? SkipNonString(ref reader)
        : reader.ValueTextEquals("assistant"u8) ? "assistant"
        : reader.GetString();

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static string? ReadString(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.String ? reader.GetString() : SkipNonString(ref reader);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static string? SkipNonString(ref Utf8JsonReader reader)
    {
        reader.Skip();
        return null;
    }

    /// <summary>The largest token count accepted: 2^53 − 1, the largest whole number every JSON reader keeps exactly.</summary>
    internal const long MaxCount = (1L << 53) - 1;

    /// <summary>The largest recorded cost accepted for one response, in USD.</summary>
    internal const decimal MaxRecordedCost = 1_000_000m;

    /// <summary>
    /// A token or request count: a whole number from 0 to <see cref="MaxCount"/> (a fraction is rounded). Anything
    /// else that is a number (negative, larger, not finite) makes the line malformed rather than silently 0 or a
    /// sum that wraps; a value that is not a number at all counts as absent.
    /// </summary>
    /// <exception cref="JsonException">The number is negative or too large.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static long ReadLong(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.Number)
        {
            reader.Skip();
            return 0;
        }

        if (reader.TryGetInt64(out long value) && value is >= 0 and <= MaxCount)
        {
            return value;
        }

        if (!reader.TryGetInt64(out _) && reader.TryGetDouble(out double d) && d >= 0 && d <= MaxCount)
        {
            return (long)Math.Round(d);
        }

        throw new JsonException($"A token count is negative or above 2^53 ({Encoding.UTF8.GetString(reader.ValueSpan)}).");
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static decimal? ReadDecimal(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.Number)
        {
            reader.Skip();
            return null;
        }

        ReadOnlySpan<byte> raw = reader.HasValueSequence ? System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan;
        // Plain decimals, then exponent forms such as 3.6e-05 that the decimal reader rejects. A value beyond
        // decimal's range fails both; so does one the cost check below would refuse anyway.
        if (reader.TryGetDecimal(out decimal value) || Utf8Parser.TryParse(raw, out value, out _, 'E'))
        {
            return value is >= 0 and <= MaxRecordedCost
                ? value
                : throw new JsonException($"A recorded cost is negative or above {MaxRecordedCost:N0} USD ({Encoding.UTF8.GetString(raw)}).");
        }

        throw new JsonException($"A recorded cost is out of range ({Encoding.UTF8.GetString(raw)}).");
    }

    /// <summary>The last value read for a field, reused while the next line repeats its bytes.</summary>
    private struct ReusedString
    {
        private byte[]? _bytes;
        private string? _value;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public string? Read(ref Utf8JsonReader reader)
        {
            if (reader.TokenType != JsonTokenType.String)
            {
                reader.Skip();
                return null;
            }

            if (reader.ValueIsEscaped || reader.HasValueSequence)
            {
                return reader.GetString();
            }

            ReadOnlySpan<byte> span = reader.ValueSpan;
            if (_bytes is not null && span.SequenceEqual(_bytes))
            {
                return _value;
            }

            // Decoded first: when the bytes cannot be (the line is malformed), the pair stays as it was.
            string value = reader.GetString()!;
            _bytes = span.ToArray();
            _value = value;
            return value;
        }
    }
}

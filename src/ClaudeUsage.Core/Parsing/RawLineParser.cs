using System.Runtime.CompilerServices;
using System.Buffers.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace ClaudeUsage.Core.Parsing;

/// <summary>
/// Reads the accounting fields of one JSONL transcript line in a single forward pass with
/// <see cref="Utf8JsonReader"/>; everything else (message content, tool inputs) is skipped unread.
/// One instance per file: it reuses the strings that repeat on every line (session, cwd, model).
/// </summary>
internal sealed class RawLineParser
{
    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 512 };

    private ReusedString _sessionId;
    private ReusedString _cwd;
    private ReusedString _model;
    private ReusedString _provider;
    private ReusedString _agentId;

    /// <param name="skipFast">
    /// Whether the values no field is read from (message content, tool results) are passed over with
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
    private bool _skipFast;

    /// <summary>Fills <paramref name="line"/> from <paramref name="json"/>.</summary>
    /// <exception cref="JsonException">The line is not one complete JSON object.</exception>
    public void Parse(ReadOnlySpan<byte> json, RawLine line)
    {
        try
        {
            ParseChecked(json, line);
        }
        catch (JsonException) when (_skipFast)
        {
            // A reader resumed past skipped bytes reports positions that leave those bytes out: read the line again
            // the slow way, so the error says where the line really breaks.
            _skipFast = false;
            try
            {
                ParseChecked(json, line);
            }
            finally
            {
                _skipFast = true;
            }
        }
    }

    private void ParseChecked(ReadOnlySpan<byte> json, RawLine line)
    {
        try
        {
            ParseCore(json, line);
        }
        catch (InvalidOperationException ex)
        {
            // A string the reader cannot decode (invalid UTF-8, a lone surrogate escape) in a field that is read.
            throw new JsonException(ex.Message, ex);
        }
    }

    // Compiled optimised at first call: a scheduled run ends before tiered compilation would get there.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ParseCore(ReadOnlySpan<byte> json, RawLine line)
    {
        line.Reset();
        var reader = new Utf8JsonReader(json, ReaderOptions);
        int offset = 0; // where the reader's span starts in json: it moves when a value is skipped
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("The line is not a JSON object.");
        }

        var before = new MemberStart(reader.CurrentState, AtObjectStart: true);
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
                ReadMessage(ref reader, line, json, ref offset);
            }
            else if (SkipValue(ref reader, json, ref offset, before))
            {
                continue; // the reader is back where this member began, as if it had not been there
            }

            before = new MemberStart(reader.CurrentState, AtObjectStart: false);
        }

        if (reader.TokenType != JsonTokenType.EndObject)
        {
            throw new JsonException("The line ends before its JSON object does.");
        }

        // Anything after the object (a second value, stray bytes) makes the reader throw here.
        reader.Read();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ReadMessage(ref Utf8JsonReader reader, RawLine line, ReadOnlySpan<byte> json, ref int offset)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }

        line.HasMessage = true;
        var before = new MemberStart(reader.CurrentState, AtObjectStart: true);
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
                line.Role = reader.TokenType != JsonTokenType.String ? SkipNonString(ref reader)
                    : reader.ValueTextEquals("assistant"u8) ? "assistant"
                    : reader.GetString();
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
            else if (SkipValue(ref reader, json, ref offset, before))
            {
                continue; // the reader is back where this member began, as if it had not been there
            }

            before = new MemberStart(reader.CurrentState, AtObjectStart: false);
        }
    }

    /// <summary>The reader's state just before an object member's name, and whether that is right after the <c>{</c>.</summary>
    private readonly record struct MemberStart(JsonReaderState State, bool AtObjectStart);

    /// <summary>
    /// Passes over the value of the member whose name was just read. With fast skipping, the value is crossed by
    /// <see cref="JsonValueSkipper"/> and a new reader resumes from the state before the member's name, over the
    /// bytes after the value: to it the member was never there. Returns whether it did so (else the reader read
    /// past the value itself, or threw on it).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool SkipValue(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, ref int offset, in MemberStart before)
    {
        int end = _skipFast ? JsonValueSkipper.Skip(json, offset + (int)reader.BytesConsumed) : -1;
        if (end >= 0 && before.AtObjectStart)
        {
            end = ResumeAfterFirstMember(json, end);
        }

        if (end < 0)
        {
            reader.Read();
            reader.Skip();
            return false;
        }

        reader = new Utf8JsonReader(json[end..], isFinalBlock: true, before.State);
        offset = end;
        return true;
    }

    /// <summary>
    /// Right after '{' the reader expects a name or '}': where to resume after a skipped first member (past the
    /// comma that ended it, or at the '}'), or -1 when neither follows (a comma missing, a trailing one), so that
    /// the reader reads the member itself and refuses the line with its own message.
    /// </summary>
    private static int ResumeAfterFirstMember(ReadOnlySpan<byte> json, int end)
    {
        int next = SkipWhitespace(json, end);
        if (next >= json.Length)
        {
            return -1;
        }

        if (json[next] == (byte)'}')
        {
            return end;
        }

        int after = SkipWhitespace(json, next + 1);
        return json[next] == (byte)',' && after < json.Length && json[after] == (byte)'"' ? next + 1 : -1;
    }

    private static int SkipWhitespace(ReadOnlySpan<byte> json, int i)
    {
        while (i < json.Length && json[i] is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r')
        {
            i++;
        }

        return i;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ReadUsage(ref Utf8JsonReader reader, RawLine line)
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
                ReadCacheCreation(ref reader, line);
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

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ReadCacheCreation(ref Utf8JsonReader reader, RawLine line)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("ephemeral_5m_input_tokens"u8))
            {
                reader.Read();
                line.Ephemeral5m = ReadLong(ref reader);
            }
            else if (reader.ValueTextEquals("ephemeral_1h_input_tokens"u8))
            {
                reader.Read();
                line.Ephemeral1h = ReadLong(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
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
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

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
                    return value.ToUniversalTime();
                }

                // Utf8JsonReader is strict about ISO 8601; fall back to the framework's parser for odd forms.
                string? text = reader.GetString();
                return DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture,
                    System.Globalization.DateTimeStyles.AssumeUniversal, out value) ? value.ToUniversalTime() : null;
            case JsonTokenType.Number when reader.TryGetInt64(out long ms):
                return EpochMilliseconds(ms);
            default:
                reader.Skip();
                return null;
        }
    }

    internal static DateTimeOffset? EpochMilliseconds(long ms) =>
        ms is > 0 and < 253402300799999 ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;

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

    private static string? ReadString(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.String ? reader.GetString() : SkipNonString(ref reader);

    private static string? SkipNonString(ref Utf8JsonReader reader)
    {
        reader.Skip();
        return null;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static long ReadLong(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.Number)
        {
            reader.Skip();
            return 0;
        }

        if (reader.TryGetInt64(out long value))
        {
            return Math.Max(0, value);
        }

        return reader.TryGetDouble(out double d) && d > 0 && d < long.MaxValue ? (long)Math.Round(d) : 0;
    }

    private static decimal? ReadDecimal(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.Number)
        {
            reader.Skip();
            return null;
        }

        if (reader.TryGetDecimal(out decimal value))
        {
            return value;
        }

        // Exponent forms such as 3.6e-05 that the decimal reader rejects.
        ReadOnlySpan<byte> raw = reader.HasValueSequence ? System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan;
        if (Utf8Parser.TryParse(raw, out value, out _, 'E'))
        {
            return value;
        }

        return reader.TryGetDouble(out double d) ? (decimal)d : null;
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

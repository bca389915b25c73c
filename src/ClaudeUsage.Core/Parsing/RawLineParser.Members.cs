using System.Runtime.CompilerServices;
using System.Text.Json;

namespace ClaudeUsage.Core.Parsing;

/// <summary>
/// The parser's fast path: the line's objects are walked by the module's own code (member names found with a
/// vectorised search and compared as bytes, unwanted values crossed by <see cref="JsonValueSkipper"/>), and only
/// the values of the fields it reads are handed to <see cref="Utf8JsonReader"/>, each on its own few bytes, through
/// the same helpers as the reader path. Whatever it is not sure of (an escaped member name, anything that is not
/// plain well-formed JSON) makes it give up, and the whole line is read by the reader path, which also words the
/// errors. <c>RawLineParserSkipTests</c> holds the two paths to the same results.
/// </summary>
/// <remarks>
/// The two paths each list the members they read (here <see cref="Classify"/>, there the reader's name checks): a
/// field added to one must be added to the other, and to the line generator of <c>RawLineParserSkipTests</c>.
/// </remarks>
internal sealed partial class RawLineParser
{
    /// <summary>The objects of a line whose members are read.</summary>
    private enum Scope
    {
        Line,
        Message,
        Usage,
        CacheCreation,
        ServerToolUse,
        PiCost,
        CustomData,
        Cttl,
    }

    /// <summary>The members read, by the object they are in; <see cref="Skip"/> for all others.</summary>
    private enum Field
    {
        Skip,

        // The line
        Type, Timestamp, SessionId, RequestId, Cwd, IsSidechain, CostUsd, AgentId, AttributionSkill, AttributionPlugin, EntryId, ParentSession, ChangeProvider,
        ChangeModelId, CustomType, Data, Message,

        // message
        Usage, MessageId, Role, Model, Provider, ResponseId, MessageTimestamp, Content,

        // message.usage
        InputTokens, OutputTokens, CacheCreationTokens, CacheReadTokens, CacheCreation, ServerToolUse, Speed, InferenceGeo,
        ServiceTier, Iterations, PiInput, PiOutput, PiCacheRead, PiCacheWrite, PiCacheWrite1h, Cttl, PiTotalTokens, PiCost,

        // usage.cache_creation, usage.server_tool_use, usage.cost, usage.cttl, data
        Ephemeral5m, Ephemeral1h, WebSearchRequests, WebFetchRequests, CodeExecutionRequests, PiCostTotal, CttlEphemeral5m,
        CttlEphemeral1h, DataModelId, DataProvider,
    }

    /// <summary>Reads the line by walking its members; false when it gave up and the reader path must read it.</summary>
    /// <exception cref="JsonException">A value it read is not what JSON allows (the reader path then words the error).</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool TryParseMembers(ReadOnlySpan<byte> json, RawLine line)
    {
        line.Reset();
        _content = default;
        int i = JsonValueSkipper.SkipWhitespace(json, 0);
        if (i >= json.Length || json[i] != (byte)'{' || !ReadObject(json, ref i, Scope.Line, line))
        {
            return false;
        }

        return JsonValueSkipper.SkipWhitespace(json, i) == json.Length; // nothing may follow the object
    }

    /// <summary>Reads the object at <paramref name="i"/> (its '{') and moves past it; false to give up.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool ReadObject(ReadOnlySpan<byte> json, ref int i, Scope scope, RawLine line)
    {
        i = JsonValueSkipper.SkipWhitespace(json, i + 1);
        if (i < json.Length && json[i] == (byte)'}')
        {
            i++;
            return true;
        }

        while (true)
        {
            // "name" : value
            if (i >= json.Length || json[i] != (byte)'"')
            {
                return false;
            }

            int nameEnd = ByteSearch.IndexOfStringStop(json, i + 1);
            if (nameEnd < 0 || json[nameEnd] != (byte)'"')
            {
                return false; // escaped, or not valid: the reader path decides
            }

            Field field = Classify(scope, json[(i + 1)..nameEnd]);
            i = JsonValueSkipper.SkipWhitespace(json, nameEnd + 1);
            if (i >= json.Length || json[i] != (byte)':')
            {
                return false;
            }

            i = JsonValueSkipper.SkipWhitespace(json, i + 1);
            if (!ReadMember(json, ref i, field, line))
            {
                return false;
            }

            i = JsonValueSkipper.SkipWhitespace(json, i);
            if (i >= json.Length)
            {
                return false;
            }

            if (json[i] == (byte)'}')
            {
                i++;
                return true;
            }

            if (json[i] != (byte)',')
            {
                return false;
            }

            i = JsonValueSkipper.SkipWhitespace(json, i + 1);
        }
    }

    /// <summary>Reads (or passes over) the value at <paramref name="i"/> and moves past it; false to give up.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool ReadMember(ReadOnlySpan<byte> json, ref int i, Field field, RawLine line)
    {
        if (i >= json.Length)
        {
            return false;
        }

        Scope? nested = field switch
        {
            Field.Message => Scope.Message,
            Field.Usage => Scope.Usage,
            Field.CacheCreation => Scope.CacheCreation,
            Field.ServerToolUse => Scope.ServerToolUse,
            Field.PiCost => Scope.PiCost,
            Field.Data => Scope.CustomData,
            Field.Cttl => Scope.Cttl,
            _ => null,
        };
        if (field == Field.Iterations && json[i] == (byte)'[')
        {
            // Steps are rare and are read by the reader path alone; an empty list is passed over here.
            int close = JsonValueSkipper.SkipWhitespace(json, i + 1);
            if (close >= json.Length || json[close] != (byte)']')
            {
                return false;
            }

            i = close + 1;
            return true;
        }

        if (nested is { } scope && json[i] == (byte)'{')
        {
            // As the reader path does on entering these objects.
            if (scope == Scope.Message)
            {
                line.HasMessage = true;
            }
            else if (scope == Scope.Usage)
            {
                line.HasUsage = true;
            }

            return ReadObject(json, ref i, scope, line);
        }

        int end = JsonValueSkipper.Skip(json, i);
        if (end < 0)
        {
            return false;
        }

        if (field == Field.Content)
        {
            // Passed over like any other content; where it lies is kept, for a look at its tool names once the
            // whole line is known to be a Claude Code response (see ReadMcpServers).
            _content = (i, end);
            i = end;
            return true;
        }

        if (field != Field.Skip && nested is null)
        {
            // The value alone, to the reader and the same helpers as the reader path.
            var reader = new Utf8JsonReader(json[i..end], ReaderOptions);
            reader.Read();
            ReadField(field, ref reader, line);
        }

        // A nested object given as something else is passed over, as the reader path does.
        i = end;
        return true;
    }

    /// <summary>Stores the value <paramref name="reader"/> is on, exactly as the reader path does for that member.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ReadField(Field field, ref Utf8JsonReader reader, RawLine line)
    {
        switch (field)
        {
            case Field.Type: line.Kind = KindOf(ref reader); break;
            case Field.Timestamp: line.Timestamp = ReadTimestamp(ref reader); break;
            case Field.SessionId: line.SessionId = _sessionId.Read(ref reader); break;
            case Field.RequestId: (line.RequestId, line.RequestKey) = ReadId(ref reader); break;
            case Field.Cwd: line.Cwd = _cwd.Read(ref reader); break;
            case Field.IsSidechain: line.IsSidechain = reader.TokenType == JsonTokenType.True; break;
            case Field.CostUsd: line.CostUsd = ReadDecimal(ref reader); break;
            case Field.AgentId: line.AgentId = _agentId.Read(ref reader); break;
            case Field.AttributionSkill: line.AttributionSkill = _skill.Read(ref reader); break;
            case Field.AttributionPlugin: line.AttributionPlugin = _plugin.Read(ref reader); break;
            case Field.EntryId: line.EntryId = ReadString(ref reader); break;
            case Field.ParentSession: line.ParentSession = ReadString(ref reader); break;
            case Field.ChangeProvider: line.ChangeProvider = _provider.Read(ref reader); break;
            case Field.ChangeModelId: line.ChangeModelId = _model.Read(ref reader); break;
            case Field.CustomType:
                line.IsModelSnapshot = reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("model-snapshot"u8);
                break;
            case Field.MessageId: (line.MessageId, line.MessageKey) = ReadId(ref reader); break;
            case Field.Role: line.Role = ReadRole(ref reader); break;
            case Field.Model: line.Model = _model.Read(ref reader); break;
            case Field.Provider: line.Provider = _provider.Read(ref reader); break;
            case Field.ResponseId: line.ResponseId = ReadString(ref reader); break;
            case Field.MessageTimestamp:
                if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out long ms))
                {
                    line.MessageEpochMs = ms;
                }

                break;
            case Field.InputTokens:
                line.InputTokens = ReadLong(ref reader);
                line.HasSnakeCaseUsage = true;
                break;
            case Field.OutputTokens:
                line.OutputTokens = ReadLong(ref reader);
                line.HasSnakeCaseUsage = true;
                break;
            case Field.CacheCreationTokens: line.CacheCreationTokens = ReadLong(ref reader); break;
            case Field.CacheReadTokens: line.CacheReadTokens = ReadLong(ref reader); break;
            case Field.Speed: line.IsFast = reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("fast"u8); break;
            case Field.InferenceGeo: line.InferenceGeo = _geo.Read(ref reader); break;
            case Field.ServiceTier: line.ServiceTier = _tier.Read(ref reader); break;
            case Field.PiInput:
                line.PiInput = ReadLong(ref reader);
                line.HasCamelCaseUsage = true;
                break;
            case Field.PiOutput:
                line.PiOutput = ReadLong(ref reader);
                line.HasCamelCaseUsage = true;
                break;
            case Field.PiCacheRead: line.PiCacheRead = ReadLong(ref reader); break;
            case Field.PiCacheWrite: line.PiCacheWrite = ReadLong(ref reader); break;
            case Field.PiCacheWrite1h: line.PiCacheWrite1h = ReadLong(ref reader); break;
            case Field.PiTotalTokens: line.PiTotalTokens = ReadLong(ref reader); break;
            case Field.Ephemeral5m: line.Ephemeral5m = ReadLong(ref reader); break;
            case Field.Ephemeral1h: line.Ephemeral1h = ReadLong(ref reader); break;
            case Field.WebSearchRequests: line.WebSearchRequests = ReadLong(ref reader); break;
            case Field.WebFetchRequests: line.WebFetchRequests = ReadLong(ref reader); break;
            case Field.CodeExecutionRequests: line.CodeExecutionRequests = ReadLong(ref reader); break;
            case Field.CttlEphemeral5m: line.CttlEphemeral5m = ReadLong(ref reader); break;
            case Field.CttlEphemeral1h: line.CttlEphemeral1h = ReadLong(ref reader); break;
            case Field.PiCostTotal: line.PiCostTotal = ReadDecimal(ref reader); break;
            case Field.DataModelId: line.ChangeModelId ??= _model.Read(ref reader); break;
            case Field.DataProvider: line.ChangeProvider ??= _provider.Read(ref reader); break;
        }
    }

    /// <summary>Which member <paramref name="name"/> (raw bytes, never escaped) is in <paramref name="scope"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static Field Classify(Scope scope, ReadOnlySpan<byte> name) => scope switch
    {
        Scope.Line => name.Length switch
        {
            2 when name.SequenceEqual("id"u8) => Field.EntryId,
            3 when name.SequenceEqual("cwd"u8) => Field.Cwd,
            4 when name.SequenceEqual("type"u8) => Field.Type,
            4 when name.SequenceEqual("data"u8) => Field.Data,
            7 when name.SequenceEqual("message"u8) => Field.Message,
            7 when name.SequenceEqual("costUSD"u8) => Field.CostUsd,
            7 when name.SequenceEqual("agentId"u8) => Field.AgentId,
            7 when name.SequenceEqual("modelId"u8) => Field.ChangeModelId,
            8 when name.SequenceEqual("provider"u8) => Field.ChangeProvider,
            9 when name.SequenceEqual("timestamp"u8) => Field.Timestamp,
            9 when name.SequenceEqual("sessionId"u8) => Field.SessionId,
            9 when name.SequenceEqual("requestId"u8) => Field.RequestId,
            10 when name.SequenceEqual("customType"u8) => Field.CustomType,
            11 when name.SequenceEqual("isSidechain"u8) => Field.IsSidechain,
            13 when name.SequenceEqual("parentSession"u8) => Field.ParentSession,
            16 when name.SequenceEqual("attributionSkill"u8) => Field.AttributionSkill,
            17 when name.SequenceEqual("attributionPlugin"u8) => Field.AttributionPlugin,
            _ => Field.Skip,
        },
        Scope.Message => name.Length switch
        {
            2 when name.SequenceEqual("id"u8) => Field.MessageId,
            4 when name.SequenceEqual("role"u8) => Field.Role,
            5 when name.SequenceEqual("usage"u8) => Field.Usage,
            5 when name.SequenceEqual("model"u8) => Field.Model,
            7 when name.SequenceEqual("content"u8) => Field.Content,
            8 when name.SequenceEqual("provider"u8) => Field.Provider,
            9 when name.SequenceEqual("timestamp"u8) => Field.MessageTimestamp,
            10 when name.SequenceEqual("responseId"u8) => Field.ResponseId,
            _ => Field.Skip,
        },
        Scope.Usage => name.Length switch
        {
            4 when name.SequenceEqual("cost"u8) => Field.PiCost,
            4 when name.SequenceEqual("cttl"u8) => Field.Cttl,
            5 when name.SequenceEqual("input"u8) => Field.PiInput,
            5 when name.SequenceEqual("speed"u8) => Field.Speed,
            6 when name.SequenceEqual("output"u8) => Field.PiOutput,
            9 when name.SequenceEqual("cacheRead"u8) => Field.PiCacheRead,
            10 when name.SequenceEqual("cacheWrite"u8) => Field.PiCacheWrite,
            10 when name.SequenceEqual("iterations"u8) => Field.Iterations,
            11 when name.SequenceEqual("totalTokens"u8) => Field.PiTotalTokens,
            12 when name.SequenceEqual("input_tokens"u8) => Field.InputTokens,
            12 when name.SequenceEqual("cacheWrite1h"u8) => Field.PiCacheWrite1h,
            12 when name.SequenceEqual("service_tier"u8) => Field.ServiceTier,
            13 when name.SequenceEqual("output_tokens"u8) => Field.OutputTokens,
            13 when name.SequenceEqual("inference_geo"u8) => Field.InferenceGeo,
            14 when name.SequenceEqual("cache_creation"u8) => Field.CacheCreation,
            15 when name.SequenceEqual("server_tool_use"u8) => Field.ServerToolUse,
            23 when name.SequenceEqual("cache_read_input_tokens"u8) => Field.CacheReadTokens,
            27 when name.SequenceEqual("cache_creation_input_tokens"u8) => Field.CacheCreationTokens,
            _ => Field.Skip,
        },
        Scope.CacheCreation => name.SequenceEqual("ephemeral_5m_input_tokens"u8) ? Field.Ephemeral5m
            : name.SequenceEqual("ephemeral_1h_input_tokens"u8) ? Field.Ephemeral1h
            : Field.Skip,
        Scope.ServerToolUse => name.SequenceEqual("web_search_requests"u8) ? Field.WebSearchRequests
            : name.SequenceEqual("web_fetch_requests"u8) ? Field.WebFetchRequests
            : name.SequenceEqual("code_execution_requests"u8) ? Field.CodeExecutionRequests
            : Field.Skip,
        Scope.Cttl => name.SequenceEqual("ephemeral5m"u8) ? Field.CttlEphemeral5m
            : name.SequenceEqual("ephemeral1h"u8) ? Field.CttlEphemeral1h
            : Field.Skip,
        Scope.PiCost => name.SequenceEqual("total"u8) ? Field.PiCostTotal : Field.Skip,
        Scope.CustomData => name.SequenceEqual("modelId"u8) ? Field.DataModelId
            : name.SequenceEqual("provider"u8) ? Field.DataProvider
            : Field.Skip,
        _ => Field.Skip,
    };
}

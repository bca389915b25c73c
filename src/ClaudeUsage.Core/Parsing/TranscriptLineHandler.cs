using System.Runtime.CompilerServices;
using System.Text.Json;
using ClaudeUsage.Core.Discovery;

namespace ClaudeUsage.Core.Parsing;

/// <summary>
/// Turns the lines of one transcript, of either log family, into usage entries. A line is recognised by its
/// content: Claude Code's <c>"type":"assistant"</c> with snake_case usage, or pi's <c>"type":"message"</c>
/// with an assistant message and camelCase usage.
/// </summary>
internal sealed class TranscriptLineHandler : ILineSink
{
    private readonly LogFile _file;
    private readonly FileScanResult _result;
    private readonly bool _keepIds;
    private readonly RawLineParser _parser;
    private readonly RawLine _line = new();
    private StoredIdBlock? _ids;

    // The file's subagent sidecar, read at the first subagent line; and the name last given, for the next line.
    private SubagentSidecar? _sidecar;
    private bool _sidecarRead;
    private (string? AgentId, string? Name) _lastSubagent;

    /// <summary>
    /// A handler adding to <paramref name="result"/> what <paramref name="file"/> holds. With <paramref name="keepIds"/>
    /// each response keeps its ids as strings (for output that shows them); without, only their keys.
    /// </summary>
    public TranscriptLineHandler(LogFile file, FileScanResult result, bool keepIds = true)
    {
        _file = file;
        _result = result;
        _keepIds = keepIds;
        _parser = new RawLineParser(keepIds: keepIds);
    }

    private TranscriptState State => _result.State;

    public bool CanSkipLongLine(ReadOnlySpan<byte> prefix) => LongLineProbe.IsSkippable(prefix);

    public void OnLineTooLong(long lineNumber) =>
        _result.NoteMalformed(lineNumber, $"The line is longer than {JsonlLineReader.MaxLineBytes / (1 << 20):N0} MiB; it was skipped unread.");

    /// <summary>
    /// How many lines at the top of a file are read whatever they mention: the session header is the first line
    /// that is not blank, and some writers put a title line before it (Oh My Pi).
    /// </summary>
    private const int HeaderLines = 3;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void OnLine(ReadOnlySpan<byte> line, long lineNumber) => OnEntry(line, lineNumber, isFirst: lineNumber <= HeaderLines);

    /// <summary>
    /// One transcript entry, wherever it is stored: a JSONL line, or a row of OpenClaw's database (numbered by its
    /// seq). <paramref name="isFirst"/> marks the entry that may be the session header.
    /// </summary>
    // Compiled optimised at first call: a scheduled run ends before tiered compilation would get there.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void OnEntry(ReadOnlySpan<byte> json, long number, bool isFirst)
    {
        json = WithoutByteOrderMark(json);
        if (!MayMatter(json, isFirst) || IsBlank(json))
        {
            return;
        }

        try
        {
            _parser.Parse(json, _line);
        }
        catch (JsonException ex)
        {
            _result.NoteMalformed(number, ex.Message);
            return;
        }

        Accept(_line, number, _result.Entries);
    }

    public void OnUnterminatedTail(ReadOnlySpan<byte> tail, long lineNumber)
    {
        // A line still being written is not judged: it counts now only if it is already a whole usage line, and it is
        // read again, and judged, once its newline comes.
        tail = WithoutByteOrderMark(tail);
        if (!MayMatter(tail, isFirst: lineNumber <= HeaderLines) || IsBlank(tail))
        {
            return;
        }

        try
        {
            _parser.Parse(tail, _line);
        }
        catch (JsonException)
        {
            return;
        }

        TranscriptState before = State.Clone();
        (int malformed, long firstMalformed, string? reason) = (_result.MalformedLines, _result.FirstMalformedLine, _result.FirstMalformedReason);
        Accept(_line, lineNumber, _result.TailEntries);
        // Neither the saved state nor the malformed count moves: a cache or the ledger keeps both, and the complete
        // line adds its own.
        _result.State = before;
        (_result.MalformedLines, _result.FirstMalformedLine, _result.FirstMalformedReason) = (malformed, firstMalformed, reason);
    }

    /// <summary>The entry without a UTF-8 byte-order mark in front (an editor saved the file, or an event was stored with one).</summary>
    private static ReadOnlySpan<byte> WithoutByteOrderMark(ReadOnlySpan<byte> json) =>
        json.StartsWith("\uFEFF"u8) ? json[3..] : json;

    /// <summary>True for an empty or whitespace-only line: nothing to count, and nothing malformed.</summary>
    private static bool IsBlank(ReadOnlySpan<byte> json) => JsonValueSkipper.SkipWhitespace(json, 0) == json.Length;

    /// <summary>
    /// A cheap byte search that rules out most lines before any JSON is read: only lines that mention usage,
    /// change the model, or open the file can matter.
    /// </summary>
    private static bool MayMatter(ReadOnlySpan<byte> line, bool isFirst) =>
        isFirst || ByteSearch.MayNameUsageOrModelId(line);

    /// <summary>Applies one parsed line: updates the transcript state, or adds a usage entry.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal void Accept(RawLine raw, long lineNumber, List<UsageEntry> into)
    {
        switch (raw.Kind)
        {
            case LineKind.Session:
                State.HeaderSessionId = raw.EntryId ?? State.HeaderSessionId;
                State.HeaderCwd = raw.Cwd ?? State.HeaderCwd;
                State.ParentSession = raw.ParentSession ?? State.ParentSession;
                return;
            case LineKind.ModelChange:
                State.CurrentModel = raw.ChangeModelId ?? State.CurrentModel;
                State.CurrentProvider = raw.ChangeProvider ?? State.CurrentProvider;
                return;
            case LineKind.Custom when raw.IsModelSnapshot:
                State.CurrentModel = raw.ChangeModelId ?? State.CurrentModel;
                State.CurrentProvider = raw.ChangeProvider ?? State.CurrentProvider;
                State.LooksLikeOpenClaw = true;
                return;
            case LineKind.Assistant when raw.HasUsage && raw.HasSnakeCaseUsage:
                AddClaudeCodeEntry(raw, lineNumber, into);
                return;
            case LineKind.Message or LineKind.Missing when raw.HasUsage && raw.HasCamelCaseUsage && raw.Role == "assistant":
                AddPiEntry(raw, lineNumber, into);
                return;
            default:
                // User lines (even with quoted subagent usage), cost-state and api-request lines, summaries: never summed.
                return;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void AddClaudeCodeEntry(RawLine raw, long lineNumber, List<UsageEntry> into)
    {
        TokenCounts tokens = ClaudeCodeTokens(raw.InputTokens, raw.OutputTokens, raw.CacheCreationTokens, raw.CacheReadTokens, raw.Ephemeral5m, raw.Ephemeral1h)
            with { WebSearchRequests = raw.WebSearchRequests, WebFetchRequests = raw.WebFetchRequests, CodeExecutionRequests = raw.CodeExecutionRequests };
        if (tokens.IsZero)
        {
            return; // <synthetic> placeholders and error lines carry no usage
        }

        if (raw.Timestamp is not { } timestamp)
        {
            _result.NoteMalformed(lineNumber, "The usage line has no valid timestamp.");
            return;
        }

        string? messageId = NonEmpty(raw.MessageId), requestId = NonEmpty(raw.RequestId);
        var response = new UsageEntry
        {
            Source = UsageSource.ClaudeCode,
            Timestamp = timestamp,
            SessionId = NonEmpty(raw.SessionId) ?? _file.SessionIdFromPath ?? "(unknown)",
            ProjectPath = NonEmpty(raw.Cwd),
            ProjectSlug = _file.ProjectSlug,
            Model = NonEmpty(raw.Model),
            Provider = "anthropic",
            Tokens = tokens,
            RecordedCost = raw.CostUsd,
            IsFast = raw.IsFast,
            InferenceGeo = NonEmpty(raw.InferenceGeo),
            ServiceTier = NonEmpty(raw.ServiceTier),
            IsSidechain = raw.IsSidechain,
            Skill = NonEmpty(raw.AttributionSkill),
            Plugin = NonEmpty(raw.AttributionPlugin),
            Subagent = raw.IsSidechain ? SubagentOf(NonEmpty(raw.AgentId)) : null,
            McpServers = raw.McpServers,
            StoredIds = KeptIds(into, messageId, requestId, raw.MessageKey, raw.RequestKey),
            ResponseKey = raw.MessageKey,
            RequestKey = raw.RequestKey,
            CopyRank = _file.CopyRank,
            FilePath = _file.Path,
            LineNumber = lineNumber,
        };
        into.Add(response);

        for (int i = 0; i < raw.StepCount; i++)
        {
            AddStep(raw.Steps[i], i + 1, response, messageId, requestId, into);
        }
    }

    /// <summary>
    /// A sampling step that <c>usage.iterations</c> lists beside the response (compaction, advisor, fallback): its
    /// tokens are billed at its own model and are not in the top-level counts, so it is an entry of its own, under
    /// the response's identity with the step's number (the <c>message</c> step repeats the top level and is skipped).
    /// </summary>
    private void AddStep(RawStep step, int number, UsageEntry response, string? messageId, string? requestId, List<UsageEntry> into)
    {
        TokenCounts tokens = ClaudeCodeTokens(step.InputTokens, step.OutputTokens, step.CacheCreationTokens, step.CacheReadTokens, step.Ephemeral5m, step.Ephemeral1h);
        if (step.IsMessage || tokens.IsZero)
        {
            return;
        }

        UInt128 key = IdKey.ForStep(response.ResponseKey, number);
        into.Add(new UsageEntry
        {
            Source = response.Source,
            Timestamp = response.Timestamp,
            SessionId = response.SessionId,
            ProjectPath = response.ProjectPath,
            ProjectSlug = response.ProjectSlug,
            Model = NonEmpty(step.Model) ?? response.Model,
            Provider = response.Provider,
            Tokens = tokens,
            IsFast = response.IsFast,
            InferenceGeo = response.InferenceGeo,
            ServiceTier = response.ServiceTier,
            IsSidechain = response.IsSidechain,
            Skill = response.Skill,
            Plugin = response.Plugin,
            Subagent = response.Subagent,
            McpServers = response.McpServers,
            Step = step.Kind,
            StepNumber = number,
            StoredIds = KeptIds(into, messageId, requestId, key, response.RequestKey),
            ResponseKey = key,
            RequestKey = response.RequestKey,
            CopyRank = response.CopyRank,
            FilePath = response.FilePath,
            LineNumber = response.LineNumber,
        });
    }

    /// <summary>
    /// The subagent a sidechain line belongs to: the type its transcript's sidecar names, when the line is that
    /// transcript's agent (its <c>agentId</c>, or none, and the file is <c>agent-&lt;id&gt;.jsonl</c>); else
    /// <c>agent &lt;id&gt;</c> by the line's <c>agentId</c> or the file's; null when neither names one.
    /// </summary>
    private string? SubagentOf(string? agentId)
    {
        if (_lastSubagent.Name is not null && string.Equals(agentId, _lastSubagent.AgentId, StringComparison.Ordinal))
        {
            return _lastSubagent.Name;
        }

        if (!_sidecarRead)
        {
            _sidecar = SubagentSidecar.For(_file.Path);
            _sidecarRead = true;
        }

        string? name = (agentId ?? _sidecar?.AgentId) is not { } id ? null
            : SubagentSidecar.NameOf(id, _sidecar is { } sidecar && string.Equals(sidecar.AgentId, id, StringComparison.Ordinal) ? sidecar.AgentType : null);
        _lastSubagent = (agentId, name);
        return name;
    }

    /// <summary>Claude Code's token counts, with cache writes split by lifetime where the log says.</summary>
    private static TokenCounts ClaudeCodeTokens(long input, long output, long cacheCreation, long cacheRead, long? ephemeral5m, long? ephemeral1h)
    {
        long cache1h = ephemeral1h ?? 0;
        long cache5m = ephemeral5m is null && ephemeral1h is null
            ? cacheCreation
            // The TTL split is exact; the total wins only where it says more was written than the split accounts for.
            : Math.Max(ephemeral5m ?? 0, cacheCreation - cache1h);
        return new TokenCounts(input, output, cache5m, cache1h, cacheRead, 0);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void AddPiEntry(RawLine raw, long lineNumber, List<UsageEntry> into)
    {
        string? model = NonEmpty(raw.Model) ?? State.CurrentModel;
        string? provider = NonEmpty(raw.Provider) ?? State.CurrentProvider;
        if (string.Equals(provider, "clawdbot", StringComparison.Ordinal) || string.Equals(model, "delivery-mirror", StringComparison.Ordinal))
        {
            State.LooksLikeOpenClaw = true;
        }

        long input = raw.PiInput;
        if (input + raw.PiOutput + raw.PiCacheRead + raw.PiCacheWrite == 0 && raw.PiTotalTokens > 0)
        {
            input = raw.PiTotalTokens; // some providers report only a total
        }

        // Older pi writers record one cache-write figure, all of it 5-minute writes; OpenClaw 2026.9 and pi 1.6 add
        // the 1-hour part (cacheWrite1h, inside cacheWrite), Oh My Pi writes the split itself (cttl).
        long write1h = raw.CttlEphemeral1h ?? raw.PiCacheWrite1h ?? 0;
        long write5m = raw.CttlEphemeral5m ?? Math.Max(0, raw.PiCacheWrite - write1h);
        var tokens = new TokenCounts(input, raw.PiOutput, write5m, write1h, raw.PiCacheRead, 0);
        if (tokens.IsZero)
        {
            return; // delivery mirrors and aborted turns
        }

        DateTimeOffset? timestamp = raw.Timestamp ?? (raw.MessageEpochMs is { } ms ? RawLineParser.EpochMilliseconds(ms) : null);
        if (timestamp is null)
        {
            _result.NoteMalformed(lineNumber, "The usage line has no valid timestamp.");
            return;
        }

        string identity = PiResponseIdentity(raw.ResponseId, provider, model, raw.MessageEpochMs ?? timestamp.Value.ToUnixTimeMilliseconds(), tokens);
        UInt128 responseKey = IdKey.Of(identity);

        into.Add(new UsageEntry
        {
            Source = _file.Source == UsageSource.OpenClaw || State.LooksLikeOpenClaw ? UsageSource.OpenClaw : UsageSource.Pi,
            Timestamp = timestamp.Value,
            SessionId = State.HeaderSessionId ?? _file.SessionIdFromPath ?? "(unknown)",
            AgentId = _file.AgentId,
            ProjectPath = State.HeaderCwd,
            ProjectSlug = _file.ProjectSlug,
            Model = model,
            Provider = provider,
            Tokens = tokens,
            RecordedCost = raw.PiCostTotal,
            StoredIds = KeptIds(into, identity, null, responseKey, UInt128.Zero),
            ResponseKey = responseKey,
            CopyRank = Math.Max(_file.CopyRank, State.ParentSession is null ? 0 : 1),
            FilePath = _file.Path,
            LineNumber = lineNumber,
        });
    }

    /// <summary>
    /// What makes a pi-format response the same response in every copy of it: a fork or subagent transcript that
    /// replays its parent, an archived transcript, and OpenClaw's database rows imported from JSONL all carry the
    /// assistant message object unchanged, so the identity is built from that object only, never from the file,
    /// session or entry it sits in.
    /// </summary>
    /// <remarks>
    /// With a response id: provider, response id and the message's own epoch-millisecond time (the time guards
    /// against OpenAI-compatible servers that hand out the same id twice). Without one: the message time, model and
    /// every token count.
    /// </remarks>
    internal static string PiResponseIdentity(string? responseId, string? provider, string? model, long messageEpochMs, TokenCounts tokens) =>
        NonEmpty(responseId) is { } id
            ? FormattableString.Invariant($"pi:r:{provider}:{id}:{messageEpochMs}")
            : FormattableString.Invariant($"pi:t:{messageEpochMs}:{model}:{tokens.Input}:{tokens.Output}:{tokens.CacheRead}:{tokens.CacheWrite}");

    /// <summary>
    /// Marks the file's pi-format entries as OpenClaw when a trait only OpenClaw writes showed up after them.
    /// </summary>
    public void ApplyDetectedSource()
    {
        if (!State.LooksLikeOpenClaw)
        {
            return;
        }

        foreach (UsageEntry entry in _result.AllEntries)
        {
            if (entry.Source == UsageSource.Pi)
            {
                entry.Source = UsageSource.OpenClaw;
            }
        }
    }

    /// <summary>
    /// The ids as stored bytes when they are kept (none otherwise). The lines of one response follow one another
    /// (one per content block), so a pair equal to the previous entry's is shared rather than stored again.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private StoredIdPair? KeptIds(List<UsageEntry> into, string? responseId, string? requestId, UInt128 responseKey, UInt128 requestKey)
    {
        if (!_keepIds)
        {
            return null;
        }

        if (into.Count > 0 && into[^1] is { } previous && previous.ResponseKey == responseKey && previous.RequestKey == requestKey
            && responseKey != UInt128.Zero && previous.TryGetStoredIds(out StoredIdPair shared))
        {
            return shared;
        }

        return (_ids ??= new StoredIdBlock()).Add(responseId, requestId);
    }

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}

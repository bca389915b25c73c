namespace ClaudeUsage.Core;

/// <summary>
/// One usage-bearing line as read from a log: a candidate API response, before de-duplication.
/// </summary>
internal sealed class UsageEntry
{
    public required UsageSource Source { get; set; }

    /// <summary>When the response was written, in UTC.</summary>
    public required DateTimeOffset Timestamp { get; init; }

    public required string SessionId { get; init; }

    /// <summary>The OpenClaw / clawdbot agent id; null for Claude Code and pi.</summary>
    public string? AgentId { get; init; }

    /// <summary>The working directory the agent ran in, when the log says.</summary>
    public string? ProjectPath { get; init; }

    /// <summary>The folder name the agent filed the session under.</summary>
    public string? ProjectSlug { get; init; }

    /// <summary>The model as the log names it; null when the log does not say.</summary>
    public string? Model { get; init; }

    /// <summary>The API provider (anthropic, openai, ...), when the log says.</summary>
    public string? Provider { get; init; }

    public required TokenCounts Tokens { get; init; }

    /// <summary>A cost in USD that the writer recorded at the time (old Claude Code costUSD, pi usage.cost.total).</summary>
    public decimal? RecordedCost { get; init; }

    /// <summary>Claude Code's fast mode (usage.speed = "fast").</summary>
    public bool IsFast { get; init; }

    /// <summary>Where the request was served, as <c>usage.inference_geo</c> says (<c>global</c>, <c>us</c>); null when the log does not say.</summary>
    public string? InferenceGeo { get; init; }

    /// <summary>The service tier the request ran on, as <c>usage.service_tier</c> says (<c>standard</c>, <c>batch</c>, <c>priority</c>); null when the log does not say.</summary>
    public string? ServiceTier { get; init; }

    /// <summary>
    /// Which sampling step of a response this is: the response itself, or a step <c>usage.iterations</c> lists beside
    /// it (compaction, advisor, fallback), billed at its own model and counted as tokens but not as a request.
    /// </summary>
    public SamplingStep Step { get; init; }

    /// <summary>The step's place in <c>usage.iterations</c> (from 1); 0 for the response itself. Part of its identity.</summary>
    public int StepNumber { get; init; }

    /// <summary>True for the response itself, false for a further step of it: what request counts count.</summary>
    public bool IsRequest => Step == SamplingStep.Response;

    /// <summary>The requests it counts for: one or none, or, for responses summed in the ledger, their count.</summary>
    public int Requests => Group?.Requests ?? (IsRequest ? 1 : 0);

    /// <summary>A subagent or side-question transcript line (Claude Code isSidechain).</summary>
    public bool IsSidechain { get; init; }

    /// <summary>The skill that caused the response (Claude Code <c>attributionSkill</c>); null for none.</summary>
    public string? Skill { get; init; }

    /// <summary>The plugin that caused the response (Claude Code <c>attributionPlugin</c>); null for none.</summary>
    public string? Plugin { get; init; }

    /// <summary>
    /// The Claude Code subagent that made the response: its type (<c>Explore</c>, <c>general-purpose</c>) from the
    /// <c>agent-&lt;id&gt;.meta.json</c> beside its transcript, else <c>agent &lt;id&gt;</c>; null for the main thread.
    /// </summary>
    public string? Subagent { get; init; }

    private string? _mcpServers;

    /// <summary>The MCP servers the response called, as <see cref="McpServerList"/> joins them; null for none.</summary>
    public string? McpServers
    {
        get => _mcpServers;
        init => _mcpServers = value;
    }

    /// <summary>
    /// This copy with <paramref name="servers"/> as its MCP servers: the union of what every copy of the response
    /// called, kept on the copy that counts. A new object, so an entry other readers hold (a cache being written)
    /// never changes under them.
    /// </summary>
    public UsageEntry WithMcpServers(string? servers)
    {
        if (string.Equals(servers, _mcpServers, StringComparison.Ordinal))
        {
            return this;
        }

        var copy = (UsageEntry)MemberwiseClone();
        copy._mcpServers = servers;
        return copy;
    }

    private string? _responseId;
    private string? _requestId;
    private byte[]? _storedIds;
    private int _storedIdsAt;

    /// <summary>
    /// What identifies the API response across copies: for Claude Code message.id, for pi-format logs the
    /// response id or a content key. Null when the line carries nothing to identify it (never de-duplicated), and
    /// when the scan was told not to keep ids (<see cref="ResponseKey"/> still identifies the response then).
    /// </summary>
    public string? ResponseId
    {
        get
        {
            DecodeStoredIds();
            return _responseId;
        }

        init => _responseId = value;
    }

    /// <summary>Claude Code's requestId, the second half of its de-duplication key; null like <see cref="ResponseId"/>.</summary>
    public string? RequestId
    {
        get
        {
            DecodeStoredIds();
            return _requestId;
        }

        init => _requestId = value;
    }

    /// <summary>
    /// The <see cref="IdKey"/> of the response id, zero when there is none: what de-duplication compares. Set by
    /// whoever creates the entry, whether or not it keeps the id string (so each id is hashed once).
    /// </summary>
    public UInt128 ResponseKey { get; init; }

    /// <summary>The key of <see cref="RequestId"/>, zero when there is none.</summary>
    public UInt128 RequestKey { get; init; }

    /// <summary>True when the response has an id to be de-duplicated by.</summary>
    public bool IsKeyed => ResponseKey != UInt128.Zero;

    /// <summary>
    /// Where the two ids are stored as bytes (in a loaded usage cache, or in the block of the file they were read
    /// from), decoded only when asked for: most commands never show them, and a string per id would be most of an
    /// entry's memory.
    /// </summary>
    public StoredIdPair? StoredIds
    {
        init => (_storedIds, _storedIdsAt) = value is { } pair ? (pair.Bytes, pair.At) : (null, 0);
    }

    /// <summary>Drops the ids, as strings or stored bytes (the keys stay), for a scan whose output does not show them.</summary>
    public void ForgetIds()
    {
        _responseId = null;
        _requestId = null;
        Volatile.Write(ref _storedIds, null);
    }

    /// <summary>The ids as the cache stored them, while they have not been decoded; false once they have (or never were stored).</summary>
    public bool TryGetStoredIds(out StoredIdPair stored)
    {
        byte[]? bytes = Volatile.Read(ref _storedIds);
        stored = bytes is null ? default : new StoredIdPair(bytes, _storedIdsAt);
        return bytes is not null;
    }

    private void DecodeStoredIds()
    {
        if (Volatile.Read(ref _storedIds) is { } bytes)
        {
            (_responseId, _requestId) = new StoredIdPair(bytes, _storedIdsAt).Decode();
            Volatile.Write(ref _storedIds, null); // after the ids, so a reader that sees null sees them
        }
    }

    /// <summary>
    /// How much this copy is preferred over another copy of the same response: 0 for a live transcript,
    /// higher for a fork, replay or archive. Lower wins on an otherwise equal tie.
    /// </summary>
    public int CopyRank { get; init; }

    public required string FilePath { get; init; }

    /// <summary>Set when this entry stands for many responses summed in the ledger's database; null for one response.</summary>
    public ResponseGroup? Group { get; init; }

    /// <summary>True when the ledger says the file of this copy is gone from disk (the response still counts).</summary>
    public bool IsLogDeleted { get; init; }

    public long LineNumber { get; init; }
}

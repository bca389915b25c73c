using System.Runtime.CompilerServices;

namespace ClaudeUsage.Core.Parsing;

/// <summary>The kind of a transcript line, from its top-level <c>type</c>.</summary>
internal enum LineKind
{
    Missing,
    Other,

    /// <summary>Claude Code: <c>"type":"assistant"</c>.</summary>
    Assistant,

    /// <summary>pi / OpenClaw: <c>"type":"message"</c>.</summary>
    Message,

    /// <summary>pi / OpenClaw session header.</summary>
    Session,

    /// <summary>pi / OpenClaw <c>model_change</c>.</summary>
    ModelChange,

    /// <summary>pi / OpenClaw <c>custom</c> (clawdbot writes <c>model-snapshot</c> ones).</summary>
    Custom,
}

/// <summary>
/// The fields of one transcript line that accounting needs, from either log family (Claude Code's snake_case
/// usage or pi's camelCase usage). Reused line after line to keep the hot path free of allocations.
/// </summary>
internal sealed class RawLine
{
    public LineKind Kind;
    public DateTimeOffset? Timestamp;
    public string? SessionId;
    /// <summary>Claude Code's requestId; null when the parser keeps no ids (<see cref="RequestKey"/> has it then).</summary>
    public string? RequestId;

    /// <summary>The <see cref="IdKey"/> of the request id; zero when absent or empty.</summary>
    public UInt128 RequestKey;
    public string? Cwd;
    public string? AgentId;

    /// <summary>Claude Code's <c>attributionSkill</c> and <c>attributionPlugin</c>: the skill or plugin that caused the line.</summary>
    public string? AttributionSkill;
    public string? AttributionPlugin;
    public bool IsSidechain;
    public decimal? CostUsd;

    // pi header / model_change / custom model-snapshot
    public string? EntryId;
    public string? ParentSession;
    public string? ChangeProvider;
    public string? ChangeModelId;
    public bool IsModelSnapshot;

    // message
    public bool HasMessage;
    /// <summary>message.id; null when the parser keeps no ids (<see cref="MessageKey"/> has it then).</summary>
    public string? MessageId;

    /// <summary>The <see cref="IdKey"/> of message.id; zero when absent or empty.</summary>
    public UInt128 MessageKey;
    public string? Role;
    public string? Model;
    public string? Provider;
    public string? ResponseId;
    public long? MessageEpochMs;

    /// <summary>
    /// The MCP servers the line's <c>tool_use</c> blocks call (<c>mcp__&lt;server&gt;__&lt;tool&gt;</c>), as
    /// <see cref="McpServerList"/> joins them; only for Claude Code assistant lines, null for none.
    /// </summary>
    public string? McpServers;

    // message.usage
    public bool HasUsage;
    public bool HasSnakeCaseUsage;
    public bool HasCamelCaseUsage;
    public long InputTokens;
    public long OutputTokens;
    public long CacheCreationTokens;
    public long CacheReadTokens;
    public long? Ephemeral5m;
    public long? Ephemeral1h;
    public long WebSearchRequests;
    public long WebFetchRequests;
    public long CodeExecutionRequests;
    public bool IsFast;
    public string? InferenceGeo;
    public string? ServiceTier;

    /// <summary>usage.iterations: the sampling steps of the response, <see cref="StepCount"/> of them in use (the objects are reused).</summary>
    public readonly List<RawStep> Steps = [];
    public int StepCount;
    public long PiInput;
    public long PiOutput;
    public long PiCacheRead;
    public long PiCacheWrite;
    public long? PiCacheWrite1h;
    public long? CttlEphemeral5m;
    public long? CttlEphemeral1h;
    public long PiTotalTokens;
    public decimal? PiCostTotal;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Reset()
    {
        Kind = LineKind.Missing;
        Timestamp = null;
        SessionId = RequestId = Cwd = AgentId = AttributionSkill = AttributionPlugin = null;
        RequestKey = MessageKey = UInt128.Zero;
        IsSidechain = false;
        CostUsd = null;
        EntryId = ParentSession = ChangeProvider = ChangeModelId = null;
        IsModelSnapshot = false;
        HasMessage = false;
        MessageId = Role = Model = Provider = ResponseId = McpServers = null;
        MessageEpochMs = null;
        HasUsage = HasSnakeCaseUsage = HasCamelCaseUsage = false;
        InputTokens = OutputTokens = CacheCreationTokens = CacheReadTokens = WebSearchRequests = WebFetchRequests = CodeExecutionRequests = 0;
        Ephemeral5m = Ephemeral1h = null;
        IsFast = false;
        InferenceGeo = ServiceTier = null;
        StepCount = 0;
        PiInput = PiOutput = PiCacheRead = PiCacheWrite = PiTotalTokens = 0;
        PiCacheWrite1h = CttlEphemeral5m = CttlEphemeral1h = null;
        PiCostTotal = null;
    }
}

/// <summary>One entry of Claude Code's <c>usage.iterations</c>: a sampling step with its own model and token counts.</summary>
internal sealed class RawStep
{
    public SamplingStep Kind;

    /// <summary>True for the <c>message</c> step, which repeats the top-level usage.</summary>
    public bool IsMessage;
    public string? Model;
    public long InputTokens;
    public long OutputTokens;
    public long CacheCreationTokens;
    public long CacheReadTokens;
    public long? Ephemeral5m;
    public long? Ephemeral1h;

    public void Reset()
    {
        Kind = SamplingStep.Other;
        IsMessage = false;
        Model = null;
        InputTokens = OutputTokens = CacheCreationTokens = CacheReadTokens = 0;
        Ephemeral5m = Ephemeral1h = null;
    }
}

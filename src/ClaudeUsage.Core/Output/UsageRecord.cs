namespace ClaudeUsage;

/// <summary>One counted API response, as Get-ClaudeUsageRecord returns it.</summary>
public sealed class UsageRecord : UsageTotals
{
    /// <summary>When the response was written, in the chosen time zone.</summary>
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>The agent the log came from, by name (<c>ClaudeCode</c>, <c>OpenClaw</c>, <c>Pi</c>).</summary>
    public required string Source { get; init; }

    public string? Agent { get; init; }

    public required string SessionId { get; init; }

    public required string Project { get; init; }

    public string? ProjectPath { get; init; }

    public string? Model { get; init; }

    public string? Provider { get; init; }

    /// <summary>How <see cref="UsageTotals.Cost"/> was found: <c>Calculated</c>, <c>Recorded</c> or <c>None</c>.</summary>
    public required string CostBasis { get; init; }

    /// <summary>True when the request was priced at the long-context rates.</summary>
    public bool IsLongContext { get; init; }

    /// <summary><c>fast</c> for a fast-mode response (<c>usage.speed</c>), else <c>standard</c>.</summary>
    public required string Speed { get; init; }

    /// <summary>Where the request was served (<c>usage.inference_geo</c>: <c>global</c>, <c>us</c>); null when the log does not say.</summary>
    public string? InferenceGeo { get; init; }

    /// <summary>The skill that caused the response (Claude Code <c>attributionSkill</c>); null for none.</summary>
    public string? Skill { get; init; }

    /// <summary>The plugin that caused the response (Claude Code <c>attributionPlugin</c>); null for none.</summary>
    public string? Plugin { get; init; }

    /// <summary>
    /// The Claude Code subagent that made the response: its type (<c>Explore</c>, <c>general-purpose</c>), else
    /// <c>agent &lt;id&gt;</c>; null for the main thread.
    /// </summary>
    public string? Subagent { get; init; }

    /// <summary>The MCP servers the response called (<c>mcp__&lt;server&gt;__&lt;tool&gt;</c>), sorted and joined with <c>, </c>; null for none.</summary>
    public string? McpServer { get; init; }

    /// <summary>
    /// The sampling step this row is, by name: the <c>Response</c> itself, or a <c>Compaction</c>, <c>Advisor</c>,
    /// <c>Fallback</c> or <c>Other</c> step of it.
    /// </summary>
    public required string Step { get; init; }

    /// <summary>The price period the cost was calculated with (model, period, rates); null unless calculated.</summary>
    public ModelPrice? Price { get; init; }

    /// <summary>What fast mode multiplied the token prices by (1 when it did not apply).</summary>
    public decimal FastMultiplier { get; init; } = 1m;

    /// <summary>What the inference geography multiplied the token prices by (1 when it did not apply).</summary>
    public decimal GeoMultiplier { get; init; } = 1m;

    /// <summary>
    /// How the cost was found, as one line: for a calculated cost the price used and its period, and every
    /// multiplier or tier applied (<c>claude-sonnet-5-5 2026-10-07 → · fast ×2 · us ×1.1 · long context</c>).
    /// </summary>
    public string PriceBasis => CostBasis switch
    {
        nameof(ClaudeUsage.CostBasis.Calculated) when Price is { } p => string.Join(" · ", new[]
        {
            $"{p.Model} {p.Effective}",
            FastMultiplier != 1m ? FormattableString.Invariant($"fast ×{FastMultiplier:0.##}") : null,
            GeoMultiplier != 1m ? FormattableString.Invariant($"{InferenceGeo} ×{GeoMultiplier:0.##}") : null,
            IsLongContext ? "long context" : null,
        }.OfType<string>()),
        nameof(ClaudeUsage.CostBasis.Recorded) => "recorded in the log",
        _ => "no price",
    };

    /// <summary>The API message id (Claude Code) or response identity (pi-format logs) the response is counted under.</summary>
    public string? MessageId { get; init; }

    public string? RequestId { get; init; }

    /// <summary>The file and line of the copy that was counted.</summary>
    public required string FilePath { get; init; }

    public long LineNumber { get; init; }
}

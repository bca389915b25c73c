namespace ClaudeUsage;

/// <summary>A key that Get-ClaudeUsage can group rows by.</summary>
public enum UsageGrouping
{
    /// <summary>One row for everything in range.</summary>
    Total,

    /// <summary>The clock hour in the chosen time zone.</summary>
    Hour,

    /// <summary>The calendar day in the chosen time zone.</summary>
    Day,

    /// <summary>The calendar week (starting on -WeekStart, Monday by default).</summary>
    Week,

    /// <summary>The calendar month.</summary>
    Month,

    Session,
    Project,
    Model,
    Source,

    /// <summary>The OpenClaw / clawdbot agent id.</summary>
    Agent,

    /// <summary>The API provider (anthropic, openai, ...).</summary>
    Provider,

    /// <summary>Fast mode or standard speed (<c>usage.speed</c>).</summary>
    Speed,

    /// <summary>The skill that caused the responses (Claude Code <c>attributionSkill</c>); <c>(none)</c> for the rest.</summary>
    Skill,

    /// <summary>The plugin that caused the responses (Claude Code <c>attributionPlugin</c>); <c>(none)</c> for the rest.</summary>
    Plugin,

    /// <summary>
    /// The Claude Code subagent that made the responses: its type (<c>Explore</c>), else <c>agent &lt;id&gt;</c>;
    /// <c>(none)</c> for the main thread.
    /// </summary>
    Subagent,

    /// <summary>
    /// The MCP servers the responses called (<c>mcp__&lt;server&gt;__&lt;tool&gt;</c> tool calls), sorted and joined
    /// with <c>, </c> when a response called several; <c>(none)</c> for the rest.
    /// </summary>
    McpServer,
}

namespace ClaudeUsage;

/// <summary>What a spike driver is.</summary>
public enum SpikeDriverKind
{
    Session,
    Model,
    Project,

    /// <summary>A recurring automation: scheduled short sessions of one project and agent, counted as one.</summary>
    Automation,
    Skill,
    Plugin,

    /// <summary>A Claude Code subagent, by its type (or agent id).</summary>
    Subagent,

    /// <summary>The MCP servers a response called.</summary>
    McpServer,
}

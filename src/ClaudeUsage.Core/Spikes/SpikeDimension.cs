namespace ClaudeUsage.Core.Spikes;

/// <summary>The things a spike's usage is split by, to name what drove it.</summary>
internal enum SpikeDimension
{
    /// <summary>A session, or the automation it is a run of (its runs counted together).</summary>
    Session,
    Model,
    Project,
    Skill,
    Plugin,

    /// <summary>The Claude Code subagent type (or agent id) that made the response.</summary>
    Subagent,

    /// <summary>The MCP servers the response called (several, joined, are one key).</summary>
    McpServer,
}

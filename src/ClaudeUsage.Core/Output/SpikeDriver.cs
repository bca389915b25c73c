namespace ClaudeUsage;

/// <summary>A session, automation, model, project, skill, plugin, subagent or MCP server whose usage in a spike grew, or that drove one of its factors.</summary>
public sealed class SpikeDriver
{
    /// <summary><c>Session</c>, <c>Automation</c>, <c>Model</c>, <c>Project</c>, <c>Skill</c>, <c>Plugin</c>, <c>Subagent</c> or <c>McpServer</c>.</summary>
    public required string Kind { get; init; }

    /// <summary>The session id, the automation's project and cadence, or the model, project, skill, plugin, subagent or MCP server name.</summary>
    public required string Name { get; init; }

    /// <summary>For a project, its path (or the folder its sessions were filed under); for a model, null; otherwise its project's name.</summary>
    public string? Project { get; init; }

    /// <summary>Its usage in the spike interval, in the spike's metric.</summary>
    public decimal Amount { get; init; }

    /// <summary>
    /// The median of its usage over the same baseline intervals as the spike's; for a factor's driver, what it would
    /// have come to with the factor at the baseline's figure (0 for new work).
    /// </summary>
    public decimal Baseline { get; init; }

    /// <summary>Amount minus baseline.</summary>
    public decimal Increase { get; init; }

    /// <summary>
    /// Its increase as a percentage of the increases of everything of its kind that grew; for a factor's driver, as
    /// a percentage of the factor's increase.
    /// </summary>
    public decimal SharePercent { get; init; }

    public override string ToString() => $"{Name} ({SharePercent:0.#}%)";
}

using ClaudeUsage.Core.Aggregation;

namespace ClaudeUsage.Core.Spikes;

/// <summary>What each dimension calls a response's usage, and how a driver of it is shown.</summary>
internal sealed class SpikeDimensions(Dictionary<string, Automation> automations)
{
    public static readonly SpikeDimension[] All = Enum.GetValues<SpikeDimension>();

    /// <summary>The automation a response's session is a run of, if it is one.</summary>
    public Automation? AutomationOf(UsageEntry e) => automations.GetValueOrDefault(e.SessionId);

    /// <summary>The key of a response in a dimension; null when it has none there (no skill, no plugin).</summary>
    public string? KeyOf(UsageEntry e, SpikeDimension dimension) => dimension switch
    {
        SpikeDimension.Session => AutomationOf(e) is { } automation ? "\u0001" + automation.Key : e.SessionId,
        SpikeDimension.Model => e.Model ?? "(unknown)",
        SpikeDimension.Project => ProjectNames.Key(e),
        SpikeDimension.Skill => e.Skill,
        SpikeDimension.Plugin => e.Plugin,
        SpikeDimension.Subagent => e.Subagent,
        SpikeDimension.McpServer => e.McpServers,
        _ => throw new ArgumentOutOfRangeException(nameof(dimension), dimension, null),
    };

    /// <summary>A driver's kind, name and project, from a key and a response that has it.</summary>
    public (SpikeDriverKind Kind, string Name, string? Project) Describe(SpikeDimension dimension, string key, UsageEntry e) => dimension switch
    {
        SpikeDimension.Session when AutomationOf(e) is { } automation => (SpikeDriverKind.Automation, automation.Name, automation.ProjectName),
        SpikeDimension.Session => (SpikeDriverKind.Session, key, ProjectNames.Display(e)),
        SpikeDimension.Model => (SpikeDriverKind.Model, key, null),
        SpikeDimension.Project => (SpikeDriverKind.Project, ProjectNames.Display(e), key),
        SpikeDimension.Skill => (SpikeDriverKind.Skill, key, ProjectNames.Display(e)),
        SpikeDimension.Plugin => (SpikeDriverKind.Plugin, key, ProjectNames.Display(e)),
        SpikeDimension.Subagent => (SpikeDriverKind.Subagent, key, ProjectNames.Display(e)),
        SpikeDimension.McpServer => (SpikeDriverKind.McpServer, key, ProjectNames.Display(e)),
        _ => throw new ArgumentOutOfRangeException(nameof(dimension), dimension, null),
    };

    /// <summary>A driver of a dimension, its share the part <paramref name="increase"/> is of <paramref name="total"/>.</summary>
    public SpikeDriver Driver(SpikeDimension dimension, string key, UsageEntry e, decimal amount, decimal baseline, decimal increase, decimal total)
    {
        (SpikeDriverKind kind, string name, string? project) = Describe(dimension, key, e);
        return new SpikeDriver
        {
            Kind = kind.ToString(),
            Name = name,
            Project = project,
            Amount = amount,
            Baseline = baseline,
            Increase = increase,
            SharePercent = total == 0m ? 0m : increase * 100m / total,
        };
    }

    /// <summary>How a sentence names it: "the hourly automation in project inbox", "plugin lint-bot".</summary>
    public string Phrase(SpikeDimension dimension, string key, UsageEntry e) => dimension switch
    {
        SpikeDimension.Session when AutomationOf(e) is { } automation => $"the {automation.Cadence} automation in project {automation.ProjectName}",
        SpikeDimension.Session => $"session {Short(key)} in project {ProjectNames.Display(e)}",
        SpikeDimension.Model => key,
        SpikeDimension.Project => $"project {ProjectNames.Display(e)}",
        SpikeDimension.Skill => $"skill {key}",
        SpikeDimension.Plugin => $"plugin {key}",
        SpikeDimension.Subagent => $"subagent {key} in project {ProjectNames.Display(e)}",
        SpikeDimension.McpServer => $"MCP server {key}",
        _ => throw new ArgumentOutOfRangeException(nameof(dimension), dimension, null),
    };

    /// <summary>How a sentence names it when it is new: "a new hourly automation in project inbox".</summary>
    public string NewPhrase(SpikeDimension dimension, string key, UsageEntry e) => dimension switch
    {
        SpikeDimension.Session when AutomationOf(e) is { } automation => $"a new {automation.Cadence} automation in project {automation.ProjectName}",
        SpikeDimension.Project => $"new project {ProjectNames.Display(e)}",
        SpikeDimension.Skill => $"skill {key} started running",
        SpikeDimension.Plugin => $"plugin {key} started firing",
        SpikeDimension.Subagent => $"new subagent {key} in project {ProjectNames.Display(e)}",
        SpikeDimension.McpServer => $"MCP server {key} came into use",
        _ => "new " + Phrase(dimension, key, e),
    };

    /// <summary>A session id is a UUID: its first block tells it apart in a sentence.</summary>
    private static string Short(string id) => id.Length > 13 && id[8] == '-' ? id[..8] : id;
}

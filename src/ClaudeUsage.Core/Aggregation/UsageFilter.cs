using System.Runtime.CompilerServices;
using ClaudeUsage.Core.Time;

namespace ClaudeUsage.Core.Aggregation;

/// <summary>Which responses a query keeps. Name filters are predicates so the caller chooses wildcard rules.</summary>
internal sealed class UsageFilter
{
    public TimeRange Range { get; init; } = TimeRange.All;

    public IReadOnlySet<UsageSource>? Sources { get; init; }

    public Func<string, bool>? Model { get; init; }

    /// <summary>Matched against the project's display name, path and folder slug.</summary>
    public Func<string, bool>? Project { get; init; }

    public Func<string, bool>? Session { get; init; }

    /// <summary>
    /// Matched against the skill, plugin and subagent a response was caused by, and each MCP server it called (and
    /// the list of them); given null for a response without one.
    /// </summary>
    public Func<string?, bool>? Skill { get; init; }

    public Func<string?, bool>? Plugin { get; init; }

    public Func<string?, bool>? Subagent { get; init; }

    public Func<string?, bool>? McpServer { get; init; }

    /// <summary>The same filter over the part of its time range within <paramref name="range"/>.</summary>
    public UsageFilter Within(TimeRange range) => new()
    {
        Range = Range.Intersect(range), Sources = Sources, Model = Model, Project = Project, Session = Session,
        Skill = Skill, Plugin = Plugin, Subagent = Subagent, McpServer = McpServer,
    };

    /// <summary>True when responses are chosen by what caused them, which the ledger's sums are not kept by.</summary>
    public bool ByAttribution => Skill is not null || Plugin is not null || Subagent is not null || McpServer is not null;

    // Compiled optimised at first call: a scheduled run ends before tiered compilation would get there.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool Matches(UsageEntry e)
    {
        if (!Range.Contains(e.Timestamp))
        {
            return false;
        }

        if (Sources is not null && !Sources.Contains(e.Source))
        {
            return false;
        }

        if (Model is not null && !Model(e.Model ?? string.Empty))
        {
            return false;
        }

        if (Session is not null && !Session(e.SessionId))
        {
            return false;
        }

        if (Project is not null
            && !Project(ProjectNames.Display(e))
            && !(e.ProjectPath is { } path && Project(path))
            && !(e.ProjectSlug is { } slug && Project(slug)))
        {
            return false;
        }

        if (ByAttribution && !MatchesAttribution(e))
        {
            return false;
        }

        return true;
    }

    /// <summary>True when the response passes the skill, plugin, subagent and MCP server filters (all when none is set).</summary>
    public bool MatchesAttribution(UsageEntry e) =>
        (Skill is null || Skill(e.Skill))
        && (Plugin is null || Plugin(e.Plugin))
        && (Subagent is null || Subagent(e.Subagent))
        && (McpServer is null || McpServer(e.McpServers) || Array.Exists(McpServerList.Split(e.McpServers), server => McpServer(server)));
}

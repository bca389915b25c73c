using ClaudeUsage.Core.Time;

namespace ClaudeUsage.Core.CacheMisses;

/// <summary>Which requests are examined for cache misses, and which causes are reported.</summary>
/// <remarks>
/// Every request of a thread sets the thread's state, so the detector reads history before the range and requests
/// of other models; only the examined ones can be misses and count in a summary.
/// </remarks>
internal sealed class CacheMissOptions
{
    /// <summary>The requests to examine: those written in this range.</summary>
    public TimeRange Range { get; init; } = TimeRange.All;

    /// <summary>The models to examine (a predicate on the model name, empty when none); null for all.</summary>
    public Func<string, bool>? Model { get; init; }

    /// <summary>What caused the requests to examine (skill, plugin, subagent, MCP server filters); null for any.</summary>
    public Func<UsageEntry, bool>? Attribution { get; init; }

    /// <summary>The causes to report; null for all.</summary>
    public IReadOnlySet<CacheMissCause>? Causes { get; init; }

    /// <summary>True for a request (not a further step of a response) in range and of a model examined.</summary>
    public bool Examines(UsageEntry e) =>
        e.IsRequest && Range.Contains(e.Timestamp) && (Model is null || Model(e.Model ?? string.Empty)) && (Attribution is null || Attribution(e));
}

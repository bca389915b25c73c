namespace ClaudeUsage;

/// <summary>The parts a spike's increase over its baseline is split into.</summary>
public enum SpikeFactorKind
{
    /// <summary>Work absent from every baseline interval: a new project, automation, skill, plugin, subagent or MCP server.</summary>
    NewWork,

    /// <summary>More (or fewer) requests.</summary>
    Volume,

    /// <summary>More prompt tokens per request (input, cache writes and cache reads).</summary>
    ContextSize,

    /// <summary>More output tokens per request.</summary>
    OutputSize,

    /// <summary>A lower cache hit rate, or more of the uncached prompt written to the cache.</summary>
    CacheEfficiency,

    /// <summary>Dearer tokens: another model, fast mode, long-context or residency rates.</summary>
    PriceMix,
}

namespace ClaudeUsage;

/// <summary>A session, model or project whose usage in a spike grew against its own baseline.</summary>
public sealed class SpikeDriver
{
    /// <summary><c>Session</c>, <c>Model</c> or <c>Project</c>.</summary>
    public required string Kind { get; init; }

    /// <summary>The session id, model name or project name.</summary>
    public required string Name { get; init; }

    /// <summary>For a session, its project's name; for a project, its path (or the folder its sessions were filed under); null for models.</summary>
    public string? Project { get; init; }

    /// <summary>Its usage in the spike interval, in the spike's metric.</summary>
    public decimal Amount { get; init; }

    /// <summary>The median of its usage over the same baseline intervals as the spike's.</summary>
    public decimal Baseline { get; init; }

    /// <summary>Amount minus baseline.</summary>
    public decimal Increase { get; init; }

    /// <summary>Its increase as a percentage of the increases of everything of its kind that grew.</summary>
    public decimal SharePercent { get; init; }

    public override string ToString() => $"{Name} ({SharePercent:0.#}%)";
}

namespace ClaudeUsage;

/// <summary>A session or model and what it spent in a budget's period.</summary>
public sealed class BudgetContributor
{
    /// <summary>The session id or the model name.</summary>
    public required string Name { get; init; }

    /// <summary>The session's project (display name); null for models.</summary>
    public string? Project { get; init; }

    /// <summary>Cost in USD of its priced responses in the period.</summary>
    public decimal Cost { get; init; }

    public long TotalTokens { get; init; }

    public int Requests { get; init; }

    /// <summary>Its part of the period's spending, in percent, measured in the budget's metric.</summary>
    public decimal SharePercent { get; init; }

    public override string ToString() => $"{Name} ({SharePercent:0.#}%)";
}

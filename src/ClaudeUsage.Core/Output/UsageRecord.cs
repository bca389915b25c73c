namespace ClaudeUsage;

/// <summary>One counted API response, as Get-ClaudeUsageRecord returns it.</summary>
public sealed class UsageRecord : UsageTotals
{
    /// <summary>When the response was written, in the chosen time zone.</summary>
    public required DateTimeOffset Timestamp { get; init; }

    public required UsageSource Source { get; init; }

    public string? Agent { get; init; }

    public required string SessionId { get; init; }

    public required string Project { get; init; }

    public string? ProjectPath { get; init; }

    public string? Model { get; init; }

    public string? Provider { get; init; }

    /// <summary>How <see cref="UsageTotals.Cost"/> was found.</summary>
    public CostBasis CostBasis { get; init; }

    /// <summary>True when the request was priced at the long-context rates.</summary>
    public bool IsLongContext { get; init; }

    /// <summary>The API message id (Claude Code) or response identity (pi-format logs) the response is counted under.</summary>
    public string? MessageId { get; init; }

    public string? RequestId { get; init; }

    /// <summary>The file and line of the copy that was counted.</summary>
    public required string FilePath { get; init; }

    public long LineNumber { get; init; }
}

namespace ClaudeUsage;

/// <summary>What a usage ledger holds, as Get-ClaudeUsageLedger reads it: its file, its schema, its responses and logs.</summary>
public sealed class UsageLedger
{
    /// <summary>The ledger file.</summary>
    public required string LedgerPath { get; init; }

    /// <summary>Bytes on disk: the database file and its write-ahead log.</summary>
    public long SizeBytes { get; init; }

    /// <summary>The schema version of the file; a reading cmdlet takes an older one to this module's version.</summary>
    public int SchemaVersion { get; init; }

    /// <summary>This machine's id, kept beside the ledger; null before anything was recorded there.</summary>
    public string? MachineId { get; init; }

    /// <summary>The host names of the machines whose responses the ledger holds, in the order they were first seen.</summary>
    public IReadOnlyList<string> Machines { get; init; } = [];

    /// <summary>Every response recorded, counted or not (a request whose usage another row counts).</summary>
    public long Responses { get; init; }

    /// <summary>The responses the reports count.</summary>
    public long CountedResponses { get; init; }

    /// <summary>Counted responses whose log file was gone at the last update: the ledger alone still has them, and -LiveOnly leaves them out.</summary>
    public long ResponsesOfDeletedLogs { get; init; }

    /// <summary>When the first counted response was written (UTC); null when there is none.</summary>
    public DateTimeOffset? FirstResponse { get; init; }

    /// <summary>When the last counted response was written (UTC); null when there is none.</summary>
    public DateTimeOffset? LastResponse { get; init; }

    /// <summary>The log files the ledger has read, on every machine.</summary>
    public long LogFiles { get; init; }

    /// <summary>Of <see cref="LogFiles"/>, those gone from disk at their machine's last update.</summary>
    public long DeletedLogFiles { get; init; }

    /// <summary>When the ledger last read new usage from a log (UTC); null when it never has.</summary>
    public DateTimeOffset? LastRead { get; init; }
}

namespace ClaudeUsage.Core.Scanning;

/// <summary>The responses a scan counted, each once, and what it looked at.</summary>
internal sealed class ScanResult
{
    public required List<UsageEntry> Responses { get; init; }

    /// <summary>The folders and files the scan looked in.</summary>
    public required IReadOnlyList<string> SearchedLocations { get; init; }

    public int FileCount { get; init; }

    public long ByteCount { get; init; }

    public int UnreadableFiles { get; init; }

    public int MalformedLines { get; init; }

    /// <summary>
    /// When the first response of the sources read was written, however far before the range read it lies (the
    /// ledger's first counted row, or the first response of the logs); null when there is none. A baseline needs
    /// to know whether history reaches back before what was read. Found only when the request asks for it.
    /// </summary>
    public DateTimeOffset? FirstResponse { get; init; }

    /// <summary>
    /// Each session's log files when <see cref="Responses"/> are sums from the ledger, which name no file, and the
    /// request asked for them (<see cref="ScanRequest.FindSessionFiles"/>); null when each response names its own.
    /// </summary>
    public IReadOnlyList<SessionFile>? SessionFiles { get; init; }

    /// <summary>True when the responses came from the usage ledger and it held some: no logs on disk is then no reason to warn.</summary>
    public bool HasLedgerHistory { get; init; }

    /// <summary>
    /// The usage cache being written while the caller reports (null when nothing changed or no cache is used), with
    /// its verbose messages. Wait for it before the command ends.
    /// </summary>
    public Task<IReadOnlyList<string>>? CacheWrite { get; init; }
}

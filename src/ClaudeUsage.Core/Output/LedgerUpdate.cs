namespace ClaudeUsage;

/// <summary>What Update-ClaudeUsageLedger did (or, with -WhatIf, would do).</summary>
public sealed class LedgerUpdate
{
    /// <summary>The ledger file.</summary>
    public required string LedgerPath { get; init; }

    /// <summary>The folders and files searched for logs.</summary>
    public required IReadOnlyList<string> SearchedLocations { get; init; }

    public int FilesFound { get; init; }

    /// <summary>Files that had not changed since the ledger last read them: nothing was read.</summary>
    public int FilesUnchanged { get; init; }

    /// <summary>Files read only from where the ledger last stopped.</summary>
    public int FilesAppended { get; init; }

    /// <summary>Files read whole: new, or truncated, replaced or rewritten since the last read.</summary>
    public int FilesReadWhole { get; init; }

    /// <summary>Files the ledger knew that are gone from disk now (their responses still count).</summary>
    public int FilesGone { get; init; }

    /// <summary>Response copies read from the new parts of the logs.</summary>
    public int CopiesRead { get; init; }

    /// <summary>Responses recorded for the first time.</summary>
    public int ResponsesAdded { get; init; }

    /// <summary>Responses whose recorded copy a larger one replaced.</summary>
    public int ResponsesReplaced { get; init; }

    public int MalformedLines { get; init; }

    public int UnreadableFiles { get; init; }

    /// <summary>Responses the ledger counts now, on every machine it holds.</summary>
    public long CountedResponses { get; init; }

    /// <summary>True when nothing was written (-WhatIf).</summary>
    public bool WhatIf { get; init; }
}

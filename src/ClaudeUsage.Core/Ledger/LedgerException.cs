namespace ClaudeUsage.Core.Ledger;

/// <summary>Why the ledger cannot be used: damaged, written by a newer version, or not reachable. The message says what to do.</summary>
internal sealed class LedgerException : Exception
{
    public LedgerException(LedgerProblem problem, string message, Exception? inner = null)
        : base(message, inner) => Problem = problem;

    public LedgerProblem Problem { get; }
}

/// <summary>The kinds of <see cref="LedgerException"/>, each with its own error id in the cmdlets.</summary>
internal enum LedgerProblem
{
    /// <summary>The file is not a ledger database, or its content is damaged.</summary>
    Damaged,

    /// <summary>A newer module wrote it, with a schema this version does not know.</summary>
    TooNew,

    /// <summary>It could not be opened or written (permissions, a full disk, locked past the wait).</summary>
    Unavailable,
}

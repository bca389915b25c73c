using ClaudeUsage.Core.Discovery;

namespace ClaudeUsage.Core.Parsing;

/// <summary>What reading one log file (or the new part of one) produced.</summary>
internal sealed class FileScanResult
{
    public FileScanResult(LogFile file) => File = file;

    public LogFile File { get; }

    /// <summary>Usage entries from complete lines.</summary>
    public List<UsageEntry> Entries { get; } = [];

    /// <summary>
    /// Entries from a last line that has no newline yet but already parses. Counted now, but not remembered
    /// as read: the line is read again once it is complete.
    /// </summary>
    public List<UsageEntry> TailEntries { get; } = [];

    /// <summary>The offset just past the last complete line.</summary>
    public long EndOffset { get; set; }

    /// <summary>The number the next complete line will have.</summary>
    public long NextLineNumber { get; set; } = 1;

    public TranscriptState State { get; set; } = new();

    public int MalformedLines { get; set; }

    public long FirstMalformedLine { get; set; }

    public string? FirstMalformedReason { get; set; }

    /// <summary>Why the file could not be read at all; null when it was read.</summary>
    public Exception? Error { get; set; }

    public long BytesRead { get; set; }

    public IEnumerable<UsageEntry> AllEntries => TailEntries.Count == 0 ? Entries : Entries.Concat(TailEntries);

    public void NoteMalformed(long lineNumber, string reason)
    {
        if (MalformedLines++ == 0)
        {
            FirstMalformedLine = lineNumber;
            FirstMalformedReason = reason;
        }
    }
}

using ClaudeUsage.Core.Accounting;
using ClaudeUsage.Core.Discovery;

namespace ClaudeUsage.Core.Parsing;

/// <summary>What reading one log file (or the new part of one) produced.</summary>
internal sealed class FileScanResult
{
    public FileScanResult(LogFile file) => File = file;

    /// <summary>A result made of entries read before (the lists are taken over, not copied).</summary>
    public FileScanResult(LogFile file, List<UsageEntry> entries, List<UsageEntry> tailEntries)
    {
        File = file;
        Entries = entries;
        TailEntries = tailEntries;
    }

    public LogFile File { get; }

    /// <summary>Usage entries from complete lines.</summary>
    public List<UsageEntry> Entries { get; private set; } = [];

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

    /// <summary>True when the read continued from an earlier one instead of starting at the top of the file.</summary>
    public bool Resumed { get; set; }

    /// <summary>Fingerprint of the file's first bytes, up to <see cref="EndOffset"/>.</summary>
    public ByteFingerprint Head { get; set; }

    /// <summary>Fingerprint of the bytes just before <see cref="EndOffset"/>.</summary>
    public ByteFingerprint Seam { get; set; }

    /// <summary>Where a later read of the file can continue.</summary>
    public ResumePoint ResumePoint => new(EndOffset, NextLineNumber, State, Head, Seam);

    public IEnumerable<UsageEntry> AllEntries => TailEntries.Count == 0 ? Entries : Entries.Concat(TailEntries);

    /// <summary>Keeps only the copies of each response that can count (see <see cref="BestCopyPerFile"/>).</summary>
    public void CollapseEntries() => Entries = BestCopyPerFile.Collapse(Entries);

    /// <summary>Puts entries read earlier from the same file in front of this read's.</summary>
    public void PrependEntries(List<UsageEntry> earlier)
    {
        var all = new List<UsageEntry>(earlier.Count + Entries.Count);
        all.AddRange(earlier);
        all.AddRange(Entries);
        Entries = all;
    }

    public void NoteMalformed(long lineNumber, string reason)
    {
        if (MalformedLines++ == 0)
        {
            FirstMalformedLine = lineNumber;
            FirstMalformedReason = reason;
        }
    }
}

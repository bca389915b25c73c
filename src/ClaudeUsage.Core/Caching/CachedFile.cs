using ClaudeUsage.Core.Discovery;
using ClaudeUsage.Core.Parsing;

namespace ClaudeUsage.Core.Caching;

/// <summary>What the cache remembers of one log file: how it looked when read, where reading stopped, what it held.</summary>
internal sealed class CachedFile
{
    /// <summary>The file as discovered before it was read (path identity, length, modification time).</summary>
    public required LogFile File { get; init; }

    /// <summary>Where a read of an appended transcript continues; null for a database (read whole when it changes).</summary>
    public ResumePoint? Resume { get; init; }

    /// <summary>For a database: its write-ahead log's length and time, which change when the database does.</summary>
    public long WalLength { get; init; } = -1;

    public DateTime WalLastWriteTimeUtc { get; init; }

    /// <summary>
    /// The file was modified so shortly before it was read that a later change might keep its size and modification
    /// time (file systems keep times in steps of up to two seconds): such a file is checked by content next time.
    /// </summary>
    public bool MayChangeUnseen { get; init; }

    public int MalformedLines { get; init; }

    public long FirstMalformedLine { get; init; }

    public string? FirstMalformedReason { get; init; }

    /// <summary>Entries from complete lines, already collapsed to the best copy per response.</summary>
    public required List<UsageEntry> Entries { get; init; }

    /// <summary>Entries of an unterminated last line: valid only while the file is exactly as it was.</summary>
    public required List<UsageEntry> TailEntries { get; init; }

    /// <summary>True when <paramref name="file"/> is the same file, unchanged since it was read.</summary>
    public bool IsUnchanged(LogFile file, (long Length, DateTime LastWriteTimeUtc) wal) =>
        !MayChangeUnseen && file == File && (File.Format != LogFileFormat.OpenClawDatabase || (wal.Length == WalLength && wal.LastWriteTimeUtc == WalLastWriteTimeUtc));

    /// <summary>True when the path says the same things about the file (source, session, project, rank) as when it was read.</summary>
    public bool HasSameIdentity(LogFile file) => File with { Length = file.Length, LastWriteTimeUtc = file.LastWriteTimeUtc } == file;

    /// <summary>How recent a modification makes a file's size and time untrustworthy as a sign of no change.</summary>
    public static readonly TimeSpan UnseenChangeWindow = TimeSpan.FromSeconds(3);

    public static CachedFile From(FileScanResult result, (long Length, DateTime LastWriteTimeUtc) wal, DateTime scanStartedUtc) => new()
    {
        File = result.File,
        MayChangeUnseen = result.File.LastWriteTimeUtc >= scanStartedUtc - UnseenChangeWindow
            || (wal.Length >= 0 && wal.LastWriteTimeUtc >= scanStartedUtc - UnseenChangeWindow),
        Resume = result.File.Format == LogFileFormat.Jsonl ? result.ResumePoint : null,
        WalLength = wal.Length,
        WalLastWriteTimeUtc = wal.LastWriteTimeUtc,
        MalformedLines = result.MalformedLines,
        FirstMalformedLine = result.FirstMalformedLine,
        FirstMalformedReason = result.FirstMalformedReason,
        Entries = result.Entries,
        TailEntries = result.TailEntries,
    };

    /// <summary>The scan result this file gives without being read.</summary>
    public FileScanResult ToResult(LogFile file)
    {
        var result = new FileScanResult(file, Entries, TailEntries)
        {
            EndOffset = Resume?.EndOffset ?? 0,
            NextLineNumber = Resume?.NextLineNumber ?? 1,
            State = Resume?.State.Clone() ?? new TranscriptState(),
            Head = Resume?.Head ?? default,
            Seam = Resume?.Seam ?? default,
            MalformedLines = MalformedLines,
            FirstMalformedLine = FirstMalformedLine,
            FirstMalformedReason = FirstMalformedReason,
        };
        return result;
    }
}

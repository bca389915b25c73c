using ClaudeUsage.Core.Discovery;
using ClaudeUsage.Core.Parsing;

namespace ClaudeUsage.Core.Caching;

/// <summary>How a file's usage was obtained in a cached scan.</summary>
internal enum CachedReadKind
{
    /// <summary>The file had not changed: nothing was read.</summary>
    Unchanged,

    /// <summary>Only the bytes after the last complete line read before.</summary>
    Appended,

    /// <summary>The whole file: new, truncated, replaced or rewritten, or not cached.</summary>
    Whole,
}

/// <summary>Reads one log file as little as its cached record allows.</summary>
internal static class CachedFileReader
{
    /// <returns>The file's scan result (entries collapsed per response), and the record to cache (null to forget it).</returns>
    /// <param name="file">The file as listed now.</param>
    /// <param name="cached">What the last read of it left; null when it was never read.</param>
    /// <param name="scanStartedUtc">When this read began.</param>
    /// <param name="cachedReadUtc">
    /// When the read that left <paramref name="cached"/> began, where the file's status-change time can be trusted:
    /// a file of the same size and time whose status has not changed since then is unchanged without reading it.
    /// </param>
    public static (FileScanResult Result, CachedFile? Remember, CachedReadKind Kind) Read(LogFile file, CachedFile? cached, DateTime scanStartedUtc, DateTime? cachedReadUtc = null)
    {
        (long, DateTime) wal = WalOf(file);
        if (cached is not null && cached.HasSameIdentity(file))
        {
            if (cached.IsUnchanged(file, wal) && (UnchangedSince(file, cachedReadUtc) || StillHolds(file, cached)))
            {
                return AsLeft(file, cached);
            }

            if (file.Format == LogFileFormat.Jsonl && cached.Resume is { } resume)
            {
                FileScanResult appended = TranscriptFileReader.Read(file, resume, verify: true);
                if (appended.Error is null && appended.Resumed)
                {
                    Continue(appended, cached);
                    return (appended, CachedFile.From(appended, wal, scanStartedUtc), CachedReadKind.Appended);
                }

                return Remembered(appended, wal, scanStartedUtc);
            }
        }

        return Remembered(Scanning.UsageScanner.ReadFile(file), wal, scanStartedUtc);
    }

    /// <summary>
    /// What <see cref="Read"/> gives for a file its status alone shows unchanged since <paramref name="cachedReadUtc"/>
    /// (the same size, times and, for a database, write-ahead log); null when finding out would take reading it.
    /// </summary>
    public static (FileScanResult Result, CachedFile? Remember, CachedReadKind Kind)? ReadIfUnchanged(LogFile file, CachedFile cached, DateTime cachedReadUtc) =>
        cached.HasSameIdentity(file) && cached.IsUnchanged(file, WalOf(file)) && UnchangedSince(file, cachedReadUtc) ? AsLeft(file, cached) : null;

    /// <summary>An unchanged file's read: what the last read left.</summary>
    private static (FileScanResult, CachedFile?, CachedReadKind) AsLeft(LogFile file, CachedFile cached) => (cached.ToResult(file), cached, CachedReadKind.Unchanged);

    /// <summary>A database's write-ahead log's size and time; (-1, default) for a transcript, which has none.</summary>
    private static (long, DateTime) WalOf(LogFile file) => file.Format == LogFileFormat.OpenClawDatabase ? StatWal(file.Path) : (-1, default);

    private static (FileScanResult, CachedFile?, CachedReadKind) Remembered(FileScanResult whole, (long, DateTime) wal, DateTime scanStartedUtc)
    {
        whole.CollapseEntries();
        return (whole, whole.Error is null ? CachedFile.From(whole, wal, scanStartedUtc) : null, CachedReadKind.Whole);
    }

    /// <summary>Joins what the cache held to what the new part of the file gave, as one read of the whole file would.</summary>
    private static void Continue(FileScanResult appended, CachedFile cached)
    {
        if (appended.State.LooksLikeOpenClaw && !cached.Resume!.State.LooksLikeOpenClaw)
        {
            // An OpenClaw trait showed up only in the new part: it marks the whole file.
            foreach (UsageEntry entry in cached.Entries)
            {
                if (entry.Source == UsageSource.Pi)
                {
                    entry.Source = UsageSource.OpenClaw;
                }
            }
        }

        appended.PrependEntries(cached.Entries);
        appended.CollapseEntries();
        if (cached.MalformedLines > 0)
        {
            int newer = appended.MalformedLines;
            appended.MalformedLines = cached.MalformedLines + newer;
            appended.FirstMalformedLine = cached.FirstMalformedLine;
            appended.FirstMalformedReason = cached.FirstMalformedReason;
        }
    }

    /// <summary>
    /// True when the file's status last changed (a write, a restored time, a new copy in its place) clearly before
    /// <paramref name="readUtc"/>: the window allows for the clock's steps, as for <see cref="CachedFile.MayChangeUnseen"/>.
    /// </summary>
    private static bool UnchangedSince(LogFile file, DateTime? readUtc) =>
        readUtc is { } read && FileChangeTime.Of(file.Path) is { } changed && changed < read - CachedFile.UnseenChangeWindow;

    /// <summary>
    /// True when the bytes read before are still there: the same size and modification time are not enough, as a
    /// copy restored with its old time (<c>cp -p</c>, <c>rsync -a</c>, a backup) keeps both. The fingerprints of the
    /// first bytes and of those before where reading stopped are compared; a database is judged by its stamps.
    /// </summary>
    private static bool StillHolds(LogFile file, CachedFile cached)
    {
        if (file.Format != LogFileFormat.Jsonl || cached.Resume is not { } resume || resume.EndOffset == 0)
        {
            return true;
        }

        try
        {
            using FileStream stream = TranscriptFileReader.OpenShared(file.Path); // no lock, as for every read of a log
            return resume.Head.Matches(stream.SafeFileHandle) && resume.Seam.Matches(stream.SafeFileHandle);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false; // read it again, and let that read say what is wrong
        }
    }

    private static (long Length, DateTime LastWriteTimeUtc) StatWal(string databasePath)
    {
        var wal = new FileInfo(databasePath + "-wal");
        return wal.Exists ? (wal.Length, wal.LastWriteTimeUtc) : (-1, default);
    }
}

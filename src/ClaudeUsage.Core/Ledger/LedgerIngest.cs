using System.Diagnostics;
using ClaudeUsage.Core.Caching;
using ClaudeUsage.Core.Discovery;
using ClaudeUsage.Core.Parsing;
using ClaudeUsage.Core.Scanning;

namespace ClaudeUsage.Core.Ledger;

/// <summary>What bringing the ledger up to date did.</summary>
internal sealed record LedgerIngestResult
{
    public required IReadOnlyList<string> SearchedLocations { get; init; }

    public int FileCount { get; init; }

    public long ByteCount { get; init; }

    public int FilesUnchanged { get; init; }

    public int FilesAppended { get; init; }

    public int FilesReadWhole { get; init; }

    public int FilesGone { get; init; }

    public int UnreadableFiles { get; init; }

    public int MalformedLines { get; init; }

    /// <summary>Copies read this time: every entry of every new or changed part of a file.</summary>
    public int CopiesRead { get; init; }

    public LedgerWriteCounts Counts { get; init; }

    /// <summary>True when nothing was written (-WhatIf).</summary>
    public bool WhatIf { get; init; }
}

/// <summary>
/// Brings the ledger up to date from the logs: each file is read only as far as it is new since the ledger last read
/// it (the read positions are in the ledger), and what was read is upserted. A truncated, replaced or deleted file
/// removes nothing: spent tokens stay spent.
/// </summary>
internal static class LedgerIngest
{
    /// <summary>About how many entries one transaction takes, so a first ingest of years of logs never holds the ledger long.</summary>
    private const int EntriesPerTransaction = 20_000;

    public static LedgerIngestResult Run(ILedgerStore store, ScanRequest request, IScanObserver observer, CancellationToken cancellation, bool whatIf = false)
    {
        // In a session, the default folders are watched between ingests (tests list folders their own way).
        string? scope = whatIf || request.Paths is not null || request.ListFolder is not null
            ? null
            : string.Join("\n", UsageScanner.Locations(request).Select(l => l.Path).Prepend(store.Description));
        if (scope is not null && WatchedIngest.Unchanged(scope, store.Generation(), observer) is { } unchanged)
        {
            store.RefreshSums(); // rows another program wrote
            observer.Verbose($"Ledger: no log file changed since this session last read them ({unchanged.FileCount:N0} file(s), watched for changes).");
            return unchanged;
        }

        WatchedIngest.Ticket? ticket = scope is null ? null : WatchedIngest.Begin(scope, UsageScanner.Locations(request).ConvertAll(l => l.Path));
        var problems = new WatchedIngest.ProblemRecorder(observer);
        LedgerIngestResult ingest = Ingest(store, request, problems, ticket?.Watching(FolderListing.SubfoldersAndLogs), cancellation, whatIf);
        if (ticket is not null)
        {
            WatchedIngest.Complete(ticket, ingest, store.Generation(), problems.Problems);
        }

        return ingest;
    }

    private static LedgerIngestResult Ingest(ILedgerStore store, ScanRequest request, IScanObserver observer, FolderLister? list, CancellationToken cancellation, bool whatIf)
    {
        DateTime startedUtc = DateTime.UtcNow;
        var stage = Stopwatch.StartNew();
        (List<LogFile> files, List<string> searched, List<string> unlisted) = UsageScanner.Discover(request, observer, list);
        Dictionary<string, LedgerFile> known = store.LoadFiles();
        long totalBytes = files.Sum(f => f.Length);
        observer.Verbose($"Found {files.Count:N0} log file(s), {totalBytes:N0} bytes; the ledger '{store.Description}' knows {known.Count:N0} ({UsageScanner.Ms(stage)}).");

        (FileScanResult Result, CachedFile? Remember, CachedReadKind Kind)[] reads = FileReads.InParallel(
            files, index => CachedFileReader.Read(files[index], known.GetValueOrDefault(files[index].Path)?.State, startedUtc), request.MaxDegreeOfParallelism, observer, cancellation);
        string readTime = UsageScanner.Ms(stage);

        var writes = new List<LedgerFileWrite>();
        int unreadable = 0, malformed = 0, copies = 0;
        for (int i = 0; i < files.Count; i++)
        {
            (FileScanResult result, CachedFile? remember, CachedReadKind kind) = reads[i];
            if (!FileReads.Report(result, observer, ref unreadable, ref malformed))
            {
                continue;
            }

            bool wasGone = known.GetValueOrDefault(files[i].Path) is { Present: false };
            if (remember is not null && (kind != CachedReadKind.Unchanged || wasGone || !known.ContainsKey(files[i].Path)))
            {
                var entries = new List<UsageEntry>(result.Entries.Count + result.TailEntries.Count);
                entries.AddRange(result.Entries);
                entries.AddRange(result.TailEntries);
                copies += entries.Count;
                writes.Add(new LedgerFileWrite(remember, entries));
            }
        }

        var found = new HashSet<string>(files.Select(f => f.Path), OperatingSystem.IsLinux() ? StringComparer.Ordinal : StringComparer.OrdinalIgnoreCase);
        List<long> gone = known.Values
            .Where(k => k.Present && !found.Contains(k.State.File.Path) && IsUnder(k.State.File.Path, searched) && !IsUnder(k.State.File.Path, unlisted))
            .Select(k => k.FileId)
            .ToList();

        var counts = default(LedgerWriteCounts);
        if (!whatIf && (writes.Count > 0 || gone.Count > 0))
        {
            foreach (List<LedgerFileWrite> chunk in Chunks(writes))
            {
                cancellation.ThrowIfCancellationRequested();
                counts += store.Write(chunk, []);
            }

            if (gone.Count > 0)
            {
                counts += store.Write([], gone);
            }
        }

        string writeTime = UsageScanner.Ms(stage);
        if (!whatIf)
        {
            // Once for the whole ingest rather than per transaction (a first ingest touches each quarter many times),
            // and also when nothing was read: rows another program wrote are summed too.
            store.RefreshSums();
        }

        int unchanged = reads.Count(r => r.Kind == CachedReadKind.Unchanged), appended = reads.Count(r => r.Kind == CachedReadKind.Appended);
        var ingest = new LedgerIngestResult
        {
            SearchedLocations = searched,
            FileCount = files.Count,
            ByteCount = totalBytes,
            FilesUnchanged = unchanged,
            FilesAppended = appended,
            FilesReadWhole = files.Count - unchanged - appended,
            FilesGone = gone.Count,
            UnreadableFiles = unreadable,
            MalformedLines = malformed,
            CopiesRead = copies,
            Counts = counts,
            WhatIf = whatIf,
        };
        observer.Verbose(whatIf
            ? $"Ledger (what if): {ingest.FilesReadWhole + appended:N0} file(s) to read, {copies:N0} response copies to record, {gone.Count:N0} file(s) gone (read in {readTime})."
            : $"Ledger: {unchanged:N0} file(s) unchanged, {appended:N0} read from where they stopped, {ingest.FilesReadWhole:N0} read whole, {gone.Count:N0} gone; {counts.Added:N0} response(s) added, {counts.Replaced:N0} replaced by a larger copy (read in {readTime}, written in {writeTime}, summed in {UsageScanner.Ms(stage)}).");
        return ingest;
    }

    /// <summary>Groups of files of about <see cref="EntriesPerTransaction"/> entries; a file is never split.</summary>
    private static IEnumerable<List<LedgerFileWrite>> Chunks(List<LedgerFileWrite> writes)
    {
        var chunk = new List<LedgerFileWrite>();
        int entries = 0;
        foreach (LedgerFileWrite write in writes)
        {
            chunk.Add(write);
            entries += write.Entries.Count;
            if (entries >= EntriesPerTransaction)
            {
                yield return chunk;
                chunk = [];
                entries = 0;
            }
        }

        if (chunk.Count > 0)
        {
            yield return chunk;
        }
    }

    /// <summary>
    /// True when <paramref name="path"/> is one of <paramref name="locations"/> or inside one: only in the locations
    /// searched, and not in a folder that could not be listed, can this run tell a file is gone.
    /// </summary>
    private static bool IsUnder(string path, IReadOnlyList<string> locations)
    {
        StringComparison comparison = OperatingSystem.IsLinux() ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;
        foreach (string location in locations)
        {
            string folder = Path.TrimEndingDirectorySeparator(Path.GetFullPath(location));
            if (string.Equals(path, folder, comparison)
                || (path.StartsWith(folder, comparison) && path.Length > folder.Length && (path[folder.Length] == Path.DirectorySeparatorChar || path[folder.Length] == Path.AltDirectorySeparatorChar)))
            {
                return true;
            }
        }

        return false;
    }
}

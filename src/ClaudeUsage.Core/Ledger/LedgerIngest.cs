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
    /// <summary>About how many bytes of logs are read ahead of the writing at a time.</summary>
    private const long BytesPerBatch = 16L << 20;

    public static LedgerIngestResult Run(ILedgerStore store, ScanRequest request, IScanObserver observer, CancellationToken cancellation, bool whatIf = false)
    {
        // Only on a local file system do the kernel's change events and status-change times tell of every change.
        List<string> locations = UsageScanner.Locations(request).ConvertAll(l => l.Path);
        bool local = locations.TrueForAll(LocalFileSystem.Holds);

        // In a session, the default folders are watched between ingests (tests list folders their own way).
        string? scope = whatIf || !local || request.Paths is not null || request.ListFolder is not null
            ? null
            : string.Join("\n", locations.Prepend(store.Description));
        if (scope is not null && WatchedIngest.Unchanged(scope, store.Generation, observer) is { } unchanged)
        {
            store.RefreshSums(); // rows another program wrote
            observer.Verbose($"Ledger: no log file changed since this session last read them ({unchanged.FileCount:N0} file(s), watched for changes).");
            return unchanged;
        }

        WatchedIngest.Ticket? ticket = scope is null ? null : WatchedIngest.Begin(scope, locations);
        WatchedIngest.ProblemRecorder? problems = ticket is null ? null : new(observer);
        LedgerIngestResult ingest = Ingest(store, request, problems ?? observer, ticket?.Watching(FolderListing.SubfoldersAndLogs), local, cancellation, whatIf);
        if (ticket is not null)
        {
            WatchedIngest.Complete(ticket, ingest, store.Generation(), problems!.Problems);
        }

        return ingest;
    }

    // changeTimes: true on a local file system, where a file whose status has not changed since its last read began
    // is as that read left it, so its fingerprints need not be read again.
    private static LedgerIngestResult Ingest(ILedgerStore store, ScanRequest request, IScanObserver observer, FolderLister? list, bool changeTimes, CancellationToken cancellation, bool whatIf)
    {
        DateTime startedUtc = DateTime.UtcNow;
        var stage = Stopwatch.StartNew();
        // The ledger's file rows are read while the folders are listed: in a new process each is mostly compiling
        // code and waiting on the system, so the two overlap well.
        Task<Dictionary<string, LedgerFile>> loading = Task.Run(store.LoadFiles, CancellationToken.None);
        List<LogFile> files;
        List<string> searched, unlisted;
        try
        {
            (files, searched, unlisted) = UsageScanner.Discover(request, observer, list);
        }
        catch
        {
            // The store is not closed under the reading; the listing's failure is the one reported.
            try
            {
                loading.Wait(CancellationToken.None);
            }
            catch (AggregateException)
            {
            }

            throw;
        }

        Dictionary<string, LedgerFile> known = loading.GetAwaiter().GetResult();
        long totalBytes = files.Sum(f => f.Length);
        observer.Verbose($"Found {files.Count:N0} log file(s), {totalBytes:N0} bytes; the ledger '{store.Description}' knows {known.Count:N0} ({UsageScanner.Ms(stage)}).");

        // Read a batch at a time while the entries read before are written on another thread: what is held stays small
        // however large the logs, and the reading and the writing go on at once.
        var pending = new List<LedgerFileWrite>();
        using var writes = new WriteBehind();
        int unreadable = 0, malformed = 0, copies = 0, unchanged = 0, appended = 0, pendingEntries = 0;
        var writing = new Stopwatch();
        IEnumerable<(int[] Indexes, (FileScanResult Result, CachedFile? Remember, CachedReadKind Kind)[] Reads)> batches =
            changeTimes && AllUnchanged(files, known) is { } asLeft
                ? [asLeft]
                : FileReads.InBatches(
                    files,
                    index => ToRead(files[index], known),
                    BytesPerBatch,
                    index => known.GetValueOrDefault(files[index].Path) is { } k
                        ? CachedFileReader.Read(files[index], k.State, startedUtc, changeTimes ? k.LastReadUtc : null)
                        : CachedFileReader.Read(files[index], null, startedUtc),
                    request.MaxDegreeOfParallelism,
                    observer,
                    cancellation);
        foreach ((int[] indexes, (FileScanResult Result, CachedFile? Remember, CachedReadKind Kind)[] reads) in batches)
        {
            YoungGeneration.Bound();
            for (int i = 0; i < indexes.Length; i++)
            {
                LogFile file = files[indexes[i]];
                (FileScanResult result, CachedFile? remember, CachedReadKind kind) = reads[i];
                unchanged += kind == CachedReadKind.Unchanged ? 1 : 0;
                appended += kind == CachedReadKind.Appended ? 1 : 0;
                if (!FileReads.Report(result, observer, ref unreadable, ref malformed))
                {
                    continue;
                }

                bool wasGone = known.GetValueOrDefault(file.Path) is { Present: false };
                if (remember is not null && (kind != CachedReadKind.Unchanged || wasGone || !known.ContainsKey(file.Path)))
                {
                    var entries = new List<UsageEntry>(result.Entries.Count + result.TailEntries.Count);
                    entries.AddRange(result.Entries);
                    entries.AddRange(result.TailEntries);
                    copies += entries.Count;
                    pendingEntries += entries.Count;
                    pending.Add(new LedgerFileWrite(remember, entries, startedUtc));
                }
            }

            // A transaction of about as many entries as the store asks for (a file is never split), so none holds the
            // ledger long.
            if (pendingEntries >= store.CopiesPerTransaction)
            {
                List<LedgerFileWrite> transaction = pending;
                writes.Start(() => Write(store, transaction, [], whatIf, writing, cancellation));
                pending = [];
                pendingEntries = 0;
            }
        }

        string readTime = UsageScanner.Ms(stage);
        var found = new HashSet<string>(files.Select(f => f.Path), OperatingSystem.IsLinux() ? StringComparer.Ordinal : StringComparer.OrdinalIgnoreCase);
        List<long> gone = known.Values
            .Where(k => k.Present && !found.Contains(k.State.File.Path) && IsUnder(k.State.File.Path, searched) && !IsUnder(k.State.File.Path, unlisted))
            .Select(k => k.FileId)
            .ToList();
        // What is left once the files are read takes seconds on years of logs: it is shown as steps of its own.
        bool wrote = !whatIf && (copies > 0 || gone.Count > 0);
        if (wrote)
        {
            observer.Progress(ScanProgress.After(files.Count, totalBytes, "Writing the last responses read"));
        }

        LedgerWriteCounts counts = writes.Finish();
        long writtenAlongside = writing.ElapsedMilliseconds; // the transactions written behind the reading, not the last
        counts += Write(store, pending, gone, whatIf, writing, cancellation);
        string writeTime = UsageScanner.Ms(stage);
        if (!whatIf)
        {
            if (wrote)
            {
                observer.Progress(ScanProgress.After(files.Count, totalBytes, "Summing the responses per quarter hour"));
            }

            // Once for the whole ingest rather than per transaction (a first ingest touches each quarter many times),
            // and also when nothing was read: rows another program wrote are summed too.
            bool placed = store.Publish();
            store.RefreshSums();
            if (wrote)
            {
                observer.Progress(ScanProgress.After(files.Count, totalBytes, "Summing the responses per quarter hour", done: true));
            }

            if (!placed)
            {
                observer.Verbose($"Another process made the ledger '{store.Description}' while this one read the logs into a new one: they are read into that one.");
                return Ingest(store, request, observer, list, changeTimes, cancellation, whatIf);
            }
        }

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
            : $"Ledger: {unchanged:N0} file(s) unchanged, {appended:N0} read from where they stopped, {ingest.FilesReadWhole:N0} read whole, {gone.Count:N0} gone; {counts.Added:N0} response(s) added, {counts.Replaced:N0} replaced by a larger copy (read in {readTime}, with {writtenAlongside:N0} ms of writing alongside; the last writing took {writeTime} more, the sums {UsageScanner.Ms(stage)}).");
        return ingest;
    }

    /// <summary>
    /// Every file as one batch of unchanged reads when the status of each (present in the ledger when last read) shows
    /// it unchanged, as for most scheduled re-runs: then nothing is read and no reading threads are started. Null at
    /// the first file that would take reading.
    /// </summary>
    private static (int[] Indexes, (FileScanResult, CachedFile?, CachedReadKind)[] Reads)? AllUnchanged(List<LogFile> files, Dictionary<string, LedgerFile> known)
    {
        var reads = new (FileScanResult, CachedFile?, CachedReadKind)[files.Count];
        for (int i = 0; i < files.Count; i++)
        {
            if (known.GetValueOrDefault(files[i].Path) is not { Present: true } k
                || CachedFileReader.ReadIfUnchanged(files[i], k.State, k.LastReadUtc) is not { } read)
            {
                return null;
            }

            reads[i] = read;
        }

        return ([.. Enumerable.Range(0, files.Count)], reads);
    }

    /// <summary>Writes the files' entries and the files gone in one transaction, timed; nothing with -WhatIf or nothing to write.</summary>
    private static LedgerWriteCounts Write(ILedgerStore store, List<LedgerFileWrite> files, List<long> gone, bool whatIf, Stopwatch writing, CancellationToken cancellation)
    {
        if (whatIf || (files.Count == 0 && gone.Count == 0))
        {
            return default;
        }

        cancellation.ThrowIfCancellationRequested();
        writing.Start();
        try
        {
            return store.Write(files, gone);
        }
        finally
        {
            writing.Stop();
        }
    }

    /// <summary>About how many bytes reading the file takes: what it has beyond what the ledger last read of it.</summary>
    private static long ToRead(LogFile file, Dictionary<string, LedgerFile> known) =>
        known.TryGetValue(file.Path, out LedgerFile? k) && k.State.File.Length <= file.Length ? file.Length - k.State.File.Length : file.Length;

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

using ClaudeUsage.Core.Discovery;
using ClaudeUsage.Core.Scanning;

namespace ClaudeUsage.Core.Ledger;

/// <summary>
/// A report's responses through the ledger: bring it up to date from the logs, then read what it counts in the
/// range — summed in the database when the report takes sums (given the price table's long-context thresholds to
/// cut them by), else one entry per counted response (of the range, or of every log file active in it, whole) — or,
/// with -LiveOnly, what the logs on disk hold now.
/// </summary>
internal static class LedgerScan
{
    public static ScanResult Run(
        ILedgerStore store,
        ScanRequest request,
        Func<DateTimeOffset?> from,
        DateTimeOffset? until,
        IReadOnlyList<long>? sumThresholds,
        SumBuckets? sumBuckets,
        bool liveOnly,
        IScanObserver observer,
        CancellationToken cancellation,
        DateTimeOffset? filesActiveFrom = null)
    {
        // With -LiveOnly the logs are read again below, and that read reports their problems: the ingest stays quiet.
        LedgerIngestResult ingest = LedgerIngest.Run(store, request, liveOnly ? new QuietObserver(observer) : observer, cancellation);
        if (liveOnly)
        {
            return UsageScanner.Scan(request, observer, cancellation);
        }

        // One state of the ledger for every read of the report, also those made while its output is written.
        store.BeginReadSnapshot();

        // Where to start may depend on what the ledger holds (the last pause before a moment): asked after the ingest.
        var stage = System.Diagnostics.Stopwatch.StartNew();
        DateTimeOffset? start = from();
        List<UsageEntry>? sums = sumThresholds is null ? null : store.ReadCountedGroups(start, until, request.Sources, sumThresholds, sumBuckets);
        List<UsageEntry> counted = sums
            ?? (filesActiveFrom is { } active
                ? store.ReadCountedOfActiveFiles(active, until, request.Sources, request.KeepIds)
                : store.ReadCounted(start, until, request.Sources, request.KeepIds));
        observer.Verbose(sums is null
            ? $"The ledger holds {counted.Count:N0} counted response(s) in range ({UsageScanner.Ms(stage)})."
            : $"The ledger summed {sums.Sum(g => g.Group!.Rows):N0} counted response(s) in range into {sums.Count:N0} group(s) ({UsageScanner.Ms(stage)}).");
        List<SessionFile>? sessionFiles = sums is not null && request.FindSessionFiles ? store.SessionFiles(start, until, request.Sources) : null;
        if (sessionFiles is not null)
        {
            observer.Verbose($"The ledger named the {sessionFiles.Count:N0} log file(s) of the sessions in range ({UsageScanner.Ms(stage)}).");
        }

        return new ScanResult
        {
            Responses = counted,
            SearchedLocations = ingest.SearchedLocations,
            FileCount = ingest.FileCount,
            ByteCount = ingest.ByteCount,
            UnreadableFiles = ingest.UnreadableFiles,
            MalformedLines = ingest.MalformedLines,
            HasLedgerHistory = counted.Count > 0,
            SessionFiles = sessionFiles,
            FirstResponse = request.FindFirstResponse ? store.FirstCounted(request.Sources) : null,
        };
    }

    /// <summary>Passes on progress and verbose messages, not the files' and folders' problems (another read reports them).</summary>
    private sealed class QuietObserver(IScanObserver inner) : IScanObserver
    {
        public void Progress(ScanProgress progress) => inner.Progress(progress);

        public void FileUnreadable(LogFile file, Exception error)
        {
        }

        public void FolderUnreadable(string folder, Exception error)
        {
        }

        public void MalformedLines(LogFile file, int count, long firstLine, string reason)
        {
        }

        public void Verbose(string message) => inner.Verbose(message);
    }
}

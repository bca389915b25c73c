using System.Collections.Concurrent;
using ClaudeUsage.Core.Discovery;
using ClaudeUsage.Core.Scanning;

namespace ClaudeUsage.Tests;

/// <summary>Records what a scan reports besides usage.</summary>
internal sealed class CollectingObserver : IScanObserver
{
    public ConcurrentBag<(string Path, Exception Error)> Unreadable { get; } = [];

    public ConcurrentBag<(string Path, int Count, long FirstLine, string Reason)> Malformed { get; } = [];

    public ConcurrentQueue<ScanProgress> ProgressReports { get; } = [];

    public void Progress(ScanProgress progress) => ProgressReports.Enqueue(progress);

    public void FileUnreadable(LogFile file, Exception error) => Unreadable.Add((file.Path, error));

    public ConcurrentBag<(string Folder, Exception Error)> UnreadableFolders { get; } = [];

    public void FolderUnreadable(string folder, Exception error) => UnreadableFolders.Add((folder, error));

    public void MalformedLines(LogFile file, int count, long firstLine, string reason) => Malformed.Add((file.Path, count, firstLine, reason));

    public ConcurrentQueue<string> VerboseMessages { get; } = [];

    public void Verbose(string message) => VerboseMessages.Enqueue(message);

    public static ScanResult Scan(string path, CollectingObserver? observer = null) =>
        UsageScanner.Scan(new ScanRequest { Paths = [path] }, observer ?? new CollectingObserver(), CancellationToken.None);

    /// <summary>Scans as the cmdlets do: waits for the cache write that runs alongside, and hears its messages.</summary>
    public static ScanResult ScanAndFinish(ScanRequest request, CollectingObserver observer)
    {
        ScanResult scan = UsageScanner.Scan(request, observer, CancellationToken.None);
        foreach (string message in scan.CacheWrite?.GetAwaiter().GetResult() ?? [])
        {
            observer.Verbose(message);
        }

        return scan;
    }
}

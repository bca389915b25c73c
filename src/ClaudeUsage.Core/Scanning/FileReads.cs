using System.Collections.Concurrent;
using System.Diagnostics;
using ClaudeUsage.Core.Discovery;
using ClaudeUsage.Core.Parsing;

namespace ClaudeUsage.Core.Scanning;

/// <summary>What every scan does with its files: read them in parallel with progress, and report what went wrong.</summary>
internal static class FileReads
{
    /// <summary>
    /// Reads every file with <paramref name="read"/> (given the file's index), largest first so one big file does
    /// not end up alone on a core at the end, reporting progress at most every 200 ms.
    /// </summary>
    public static T[] InParallel<T>(IReadOnlyList<LogFile> files, Func<int, T> read, int maxDegreeOfParallelism, IScanObserver observer, CancellationToken cancellation)
    {
        var results = new T[files.Count];
        long totalBytes = files.Sum(f => f.Length);
        int done = 0;
        long bytesDone = 0;
        var lastReport = Stopwatch.StartNew();
        object reportLock = new();
        int[] order = Enumerable.Range(0, files.Count).OrderByDescending(i => files[i].Length).ToArray();
        var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, maxDegreeOfParallelism), CancellationToken = cancellation };
        Parallel.ForEach(Partitioner.Create(order, loadBalance: true), options, index =>
        {
            results[index] = read(index);
            int n = Interlocked.Increment(ref done);
            long bytes = Interlocked.Add(ref bytesDone, files[index].Length);
            lock (reportLock)
            {
                if (lastReport.ElapsedMilliseconds >= 200 || n == files.Count)
                {
                    lastReport.Restart();
                    observer.Progress(new ScanProgress(n, files.Count, bytes, totalBytes));
                }
            }
        });

        return results;
    }

    /// <summary>
    /// Tells the observer that a file could not be read, or how many of its lines were malformed, and counts both;
    /// false when the file gave nothing to count.
    /// </summary>
    public static bool Report(FileScanResult result, IScanObserver observer, ref int unreadable, ref int malformed)
    {
        if (result.Error is not null)
        {
            unreadable++;
            observer.FileUnreadable(result.File, result.Error);
            return false;
        }

        if (result.MalformedLines > 0)
        {
            malformed += result.MalformedLines;
            observer.MalformedLines(result.File, result.MalformedLines, result.FirstMalformedLine, result.FirstMalformedReason ?? "not valid JSON");
        }

        return true;
    }
}

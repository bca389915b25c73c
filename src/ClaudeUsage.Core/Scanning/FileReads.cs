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
    public static T[] InParallel<T>(IReadOnlyList<LogFile> files, Func<int, T> read, int maxDegreeOfParallelism, IScanObserver observer, CancellationToken cancellation) =>
        InParallel(files, [.. Enumerable.Range(0, files.Count)], read, maxDegreeOfParallelism, new ProgressCounter(files, observer), cancellation);

    /// <summary>
    /// Reads the files with <paramref name="read"/> a batch at a time (files in their order, up to about
    /// <paramref name="batchBytes"/> of what <paramref name="bytesToRead"/> says each has to read), on other threads
    /// and one batch ahead of the caller, who gets each batch's file indexes and results in turn: what is held is a
    /// few batches however many files there are, and the caller's work on a batch overlaps the reading of the next.
    /// </summary>
    public static IEnumerable<(int[] Indexes, T[] Results)> InBatches<T>(
        IReadOnlyList<LogFile> files, Func<int, long> bytesToRead, long batchBytes, Func<int, T> read, int maxDegreeOfParallelism, IScanObserver observer, CancellationToken cancellation)
    {
        var batches = new List<int[]>();
        var batch = new List<int>();
        long bytes = 0;
        for (int i = 0; i < files.Count; i++)
        {
            batch.Add(i);
            bytes += bytesToRead(i);
            if (bytes >= batchBytes || i == files.Count - 1)
            {
                batches.Add([.. batch]);
                batch.Clear();
                bytes = 0;
            }
        }

        var progress = new ProgressCounter(files, observer);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        using var ready = new BlockingCollection<(int[] Indexes, T[] Results)>(boundedCapacity: 1);
        Task reader = Task.Run(() =>
        {
            try
            {
                foreach (int[] indexes in batches)
                {
                    ready.Add((indexes, InParallel(files, indexes, read, maxDegreeOfParallelism, progress, stop.Token)), stop.Token);
                }
            }
            finally
            {
                ready.CompleteAdding();
            }
        });

        try
        {
            foreach ((int[] Indexes, T[] Results) done in ready.GetConsumingEnumerable(cancellation))
            {
                yield return done;
            }

            reader.GetAwaiter().GetResult(); // a read that failed
        }
        finally
        {
            // The caller stopped early or failed: the reading stops too, and its own end is not reported over the caller's.
            stop.Cancel();
            try
            {
                reader.Wait(CancellationToken.None);
            }
            catch (AggregateException)
            {
            }
        }
    }

    private static T[] InParallel<T>(IReadOnlyList<LogFile> files, int[] indexes, Func<int, T> read, int maxDegreeOfParallelism, ProgressCounter progress, CancellationToken cancellation)
    {
        var results = new T[indexes.Length];
        int[] order = Enumerable.Range(0, indexes.Length).OrderByDescending(i => files[indexes[i]].Length).ToArray();
        var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, maxDegreeOfParallelism), CancellationToken = cancellation };
        Parallel.ForEach(Partitioner.Create(order, loadBalance: true), options, i =>
        {
            results[i] = read(indexes[i]);
            progress.Done(files[indexes[i]].Length);
        });

        return results;
    }

    /// <summary>Files and bytes read of all, told to the observer at most every 200 ms and at the end.</summary>
    private sealed class ProgressCounter(IReadOnlyList<LogFile> files, IScanObserver observer)
    {
        private readonly long _totalBytes = files.Sum(f => f.Length);
        private readonly Stopwatch _lastReport = Stopwatch.StartNew();
        private int _done;
        private long _bytesDone;

        public void Done(long length)
        {
            int n = Interlocked.Increment(ref _done);
            long bytes = Interlocked.Add(ref _bytesDone, length);
            lock (_lastReport)
            {
                if (_lastReport.ElapsedMilliseconds >= 200 || n == files.Count)
                {
                    _lastReport.Restart();
                    observer.Progress(new ScanProgress(n, files.Count, bytes, _totalBytes));
                }
            }
        }
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

using System.Collections.Concurrent;
using System.Management.Automation;
using ClaudeUsage.Core.Discovery;
using ClaudeUsage.Core.Scanning;

namespace ClaudeUsage.Internal;

/// <summary>
/// Carries what the parallel scan reports (progress, warnings, errors) back to the pipeline thread, the only
/// thread allowed to write to the PowerShell streams.
/// </summary>
internal sealed class PipelineScanObserver : IScanObserver, IDisposable
{
    private const int ProgressActivityId = 0x434c;
    private readonly BlockingCollection<Action<PSCmdlet>> _queue = [];

    public void Progress(ScanProgress progress) => _queue.Add(cmdlet =>
    {
        ProgressRecord record;
        if (progress.Step is { } step)
        {
            // Writing and summing have no measure of how far they are: a status line, no percentage.
            record = new ProgressRecord(ProgressActivityId, "Updating the usage ledger", step);
            if (progress.StepDone)
            {
                record.RecordType = ProgressRecordType.Completed;
            }
        }
        else
        {
            record = new ProgressRecord(ProgressActivityId, "Reading agent logs", $"{progress.FilesDone:N0} of {progress.FilesTotal:N0} files, {progress.BytesDone / 1048576.0:N0} of {progress.BytesTotal / 1048576.0:N0} MB")
            {
                PercentComplete = progress.BytesTotal > 0 ? (int)Math.Min(100, progress.BytesDone * 100 / progress.BytesTotal) : 100,
            };
            if (progress.FilesDone >= progress.FilesTotal)
            {
                record.RecordType = ProgressRecordType.Completed;
            }
        }

        cmdlet.WriteProgress(record);
    });

    /// <summary>The unreadable files and malformed lines met so far, for reports that list them.</summary>
    public ConcurrentQueue<ScanIssue> Issues { get; } = new();

    public void FileUnreadable(LogFile file, Exception error)
    {
        string message = $"Cannot read the log file '{file.Path}': {error.Message} Its usage is not counted.";
        Issues.Enqueue(new ScanIssue(ScanIssueKind.UnreadableFile, message, file.Path));
        _queue.Add(cmdlet => cmdlet.WriteError(new ErrorRecord(error, ErrorIds.FileUnreadable, ErrorCategory.ReadError, file.Path)
        {
            ErrorDetails = new ErrorDetails(message),
        }));
    }

    public void FolderUnreadable(string folder, Exception error)
    {
        string message = $"Cannot list the folder '{folder}': {error.Message} The logs in it are not counted.";
        Issues.Enqueue(new ScanIssue(ScanIssueKind.UnreadableFolder, message, folder));
        ErrorCategory category = error is UnauthorizedAccessException ? ErrorCategory.PermissionDenied : ErrorCategory.ReadError;
        _queue.Add(cmdlet => cmdlet.WriteError(new ErrorRecord(error, ErrorIds.FolderUnreadable, category, folder)
        {
            ErrorDetails = new ErrorDetails(message),
        }));
    }

    public void MalformedLines(LogFile file, int count, long firstLine, string reason)
    {
        string message = $"{file.Path}: skipped {count:N0} malformed line(s), the first at line {firstLine:N0} ({reason}). The other lines were counted.";
        Issues.Enqueue(new ScanIssue(ScanIssueKind.MalformedLines, message, file.Path));
        _queue.Add(cmdlet => cmdlet.WriteWarning(message));
    }

    public void Verbose(string message) => _queue.Add(cmdlet => cmdlet.WriteVerbose(message));

    /// <summary>
    /// Runs <paramref name="work"/> on a worker thread and relays its reports on this thread until it ends.
    /// </summary>
    public T Run<T>(PSCmdlet cmdlet, Func<T> work)
    {
        Task<T> task = Task.Run(() =>
        {
            try
            {
                return work();
            }
            finally
            {
                _queue.CompleteAdding();
            }
        });

        foreach (Action<PSCmdlet> report in _queue.GetConsumingEnumerable())
        {
            report(cmdlet);
        }

        return task.GetAwaiter().GetResult();
    }

    public void Dispose() => _queue.Dispose();
}

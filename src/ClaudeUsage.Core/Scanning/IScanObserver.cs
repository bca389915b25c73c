using ClaudeUsage.Core.Discovery;

namespace ClaudeUsage.Core.Scanning;

/// <summary>How far a scan has come.</summary>
internal readonly record struct ScanProgress(int FilesDone, int FilesTotal, long BytesDone, long BytesTotal)
{
    /// <summary>What an ingest does once the files are read (writing, summing), with no measure of how far; null while reading.</summary>
    public string? Step { get; init; }

    /// <summary>True on the report that ends a <see cref="Step"/>.</summary>
    public bool StepDone { get; init; }

    /// <summary>A step after the reading of <paramref name="files"/> files of <paramref name="bytes"/> bytes.</summary>
    public static ScanProgress After(int files, long bytes, string step, bool done = false) =>
        new(files, files, bytes, bytes) { Step = step, StepDone = done };
}

/// <summary>
/// Hears what a scan finds besides usage: progress, unreadable files and folders, malformed lines. Called from worker
/// threads; implementations must be thread-safe.
/// </summary>
internal interface IScanObserver
{
    void Progress(ScanProgress progress);

    void FileUnreadable(LogFile file, Exception error);

    /// <summary>A folder that could not be listed: the logs in it are not counted; the rest of the tree is searched.</summary>
    void FolderUnreadable(string folder, Exception error);

    /// <summary>One call per file with malformed lines: how many, and the first one.</summary>
    void MalformedLines(LogFile file, int count, long firstLine, string reason);

    void Verbose(string message);
}

using ClaudeUsage.Core.Discovery;

namespace ClaudeUsage.Core.Scanning;

/// <summary>How far a scan has come.</summary>
internal readonly record struct ScanProgress(int FilesDone, int FilesTotal, long BytesDone, long BytesTotal);

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

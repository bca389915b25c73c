using ClaudeUsage.Core.Discovery;

namespace ClaudeUsage.Core.Scanning;

/// <summary>
/// Passes every report on to another observer and keeps the folders that could not be listed: what was in them is
/// unknown this time, not gone. Used while the folders are listed, on one thread.
/// </summary>
internal sealed class UnlistedFolderRecorder(IScanObserver inner) : IScanObserver
{
    public List<string> Folders { get; } = [];

    public void Progress(ScanProgress progress) => inner.Progress(progress);

    public void FileUnreadable(LogFile file, Exception error) => inner.FileUnreadable(file, error);

    public void FolderUnreadable(string folder, Exception error)
    {
        Folders.Add(folder);
        inner.FolderUnreadable(folder, error);
    }

    public void MalformedLines(LogFile file, int count, long firstLine, string reason) => inner.MalformedLines(file, count, firstLine, reason);

    public void Verbose(string message) => inner.Verbose(message);
}

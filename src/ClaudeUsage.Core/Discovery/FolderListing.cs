using System.IO.Enumeration;

namespace ClaudeUsage.Core.Discovery;

/// <summary>A file or sub-folder found in one folder.</summary>
internal readonly record struct FolderEntry(string Path, bool IsFolder, long Length, DateTime LastWriteTimeUtc);

/// <summary>
/// Lists one folder, not below it.
/// </summary>
/// <exception cref="UnauthorizedAccessException">The folder may not be listed.</exception>
/// <exception cref="IOException">The folder cannot be listed (gone, not a folder, a read error).</exception>
internal delegate List<FolderEntry> FolderLister(string folder);

/// <summary>How log folders are listed: one folder at a time, so one that cannot be listed is known by name.</summary>
internal static class FolderListing
{
    private static readonly EnumerationOptions OneFolder = new()
    {
        RecurseSubdirectories = false,
        // A folder that cannot be listed is an error to report, never a folder silently left out.
        IgnoreInaccessible = false,
        // Symbolic links are not followed: a link back up the tree would loop, and a linked copy would be read twice.
        AttributesToSkip = FileAttributes.ReparsePoint,
        MatchType = MatchType.Simple,
    };

    /// <summary>The sub-folders of <paramref name="folder"/> and the files in it with a log's name.</summary>
    public static List<FolderEntry> SubfoldersAndLogs(string folder) =>
    [
        .. new FileSystemEnumerable<FolderEntry>(
            folder,
            (ref FileSystemEntry entry) => entry.IsDirectory
                ? new FolderEntry(entry.ToFullPath(), IsFolder: true, 0, default)
                : new FolderEntry(entry.ToFullPath(), IsFolder: false, entry.Length, entry.LastWriteTimeUtc.UtcDateTime),
            OneFolder)
        {
            ShouldIncludePredicate = (ref FileSystemEntry entry) => entry.IsDirectory || LogFileDiscovery.IsLogFileName(entry.FileName),
        },
    ];
}

namespace ClaudeUsage.Core.Discovery;

/// <summary>
/// Whether a path is on a local file system: only there do the kernel's change events and status-change times come
/// from this machine's own clock and writes. A change another machine makes on a network share (NFS, SMB, a WSL
/// drive) raises no event here, and its times are the server's.
/// </summary>
internal static class LocalFileSystem
{
    /// <summary>True when <paramref name="location"/>, or the nearest folder above it that exists, is on a fixed, removable or memory file system.</summary>
    public static bool Holds(string location)
    {
        try
        {
            // A file's folder, or the folder a root not made yet would be in.
            for (string? path = Path.GetFullPath(location); path is not null; path = Path.GetDirectoryName(path))
            {
                if (Directory.Exists(path))
                {
                    return new DriveInfo(path).DriveType is DriveType.Fixed or DriveType.Ram or DriveType.Removable;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
        }

        return false;
    }
}

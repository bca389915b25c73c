using System.Runtime.InteropServices;

namespace ClaudeUsage.Benchmarks.Measuring;

/// <summary>
/// Drops a folder's files from the operating system's page cache (posix_fadvise DONTNEED), so the next read
/// comes from disk: a cold-cache run without root rights or a reboot. Linux only; elsewhere it does nothing.
/// </summary>
internal static partial class PageCache
{
    private const int PosixFadvDontNeed = 4;

    public static bool CanEvict => OperatingSystem.IsLinux();

    public static void Evict(string folder)
    {
        if (!CanEvict)
        {
            return;
        }

        foreach (string path in Directory.EnumerateFiles(folder, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            _ = PosixFadvise(stream.SafeFileHandle.DangerousGetHandle().ToInt32(), 0, 0, PosixFadvDontNeed);
        }
    }

    /// <summary>Reads every file once, so a warm run finds them in the page cache.</summary>
    public static void Warm(string folder)
    {
        byte[] buffer = new byte[1 << 20];
        foreach (string path in Directory.EnumerateFiles(folder, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1);
            while (stream.Read(buffer, 0, buffer.Length) > 0)
            {
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "posix_fadvise")]
    private static partial int PosixFadvise(int fd, long offset, long length, int advice);
}

using System.Runtime.InteropServices;

namespace ClaudeUsage.Core.Discovery;

/// <summary>
/// A file's status-change time (ctime), which the kernel sets at every write and at every change of the file's
/// times or attributes, and which no program can set back: unlike the modification time, a copy restored with its
/// old time still shows when it was made. Read with Linux's <c>statx</c>; null elsewhere or when it cannot be read.
/// </summary>
internal static class FileChangeTime
{
    private const int CurrentFolder = -100; // AT_FDCWD
    private const uint ChangeTimeField = 0x80; // STATX_CTIME
    private const int Size = 256, ChangeTimeOffset = 96; // struct statx is laid out the same on every architecture

    private static bool _unavailable;

    public static DateTime? Of(string path)
    {
        if (!OperatingSystem.IsLinux() || _unavailable)
        {
            return null;
        }

        Span<byte> buffer = stackalloc byte[Size];
        try
        {
            if (statx(CurrentFolder, path, 0, ChangeTimeField, ref MemoryMarshal.GetReference(buffer)) != 0
                || (MemoryMarshal.Read<uint>(buffer) & ChangeTimeField) == 0)
            {
                return null;
            }
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            _unavailable = true; // a C library without statx (glibc before 2.28)
            return null;
        }

        long seconds = MemoryMarshal.Read<long>(buffer[ChangeTimeOffset..]);
        uint nanoseconds = MemoryMarshal.Read<uint>(buffer[(ChangeTimeOffset + 8)..]);
        return DateTime.UnixEpoch.AddTicks((seconds * TimeSpan.TicksPerSecond) + (nanoseconds / 100));
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int statx(int dirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, ref byte buffer);
}

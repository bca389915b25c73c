using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace ClaudeUsage.Core.Parsing;

/// <summary>
/// Opens a log for reading without taking a lock on it. On Linux and macOS, .NET takes an advisory shared
/// <c>flock</c> on every file it opens for reading, so another process asking for an exclusive lock is refused while
/// the module reads; the only switch against it (<c>DOTNET_SYSTEM_IO_DISABLEFILELOCKING</c>) is process-wide and not
/// the module's to set. So the file is opened with the C library's <c>open(2)</c> and handed to a FileStream, which
/// takes no lock on a handle it is given. Windows has no such lock (sharing is the share mode's, and it is full).
/// </summary>
internal static class UnlockedFile
{
    private static readonly OpenFunction? Open = FindOpen();

    [UnmanagedFunctionPointer(CallingConvention.Cdecl, SetLastError = true)]
    private delegate int OpenFunction([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    /// <summary>A read-only stream over the file, sharing read, write and delete, with no lock.</summary>
    /// <exception cref="IOException">The file cannot be opened (missing, a folder, and so on).</exception>
    /// <exception cref="UnauthorizedAccessException">The file may not be read.</exception>
    public static FileStream OpenRead(string path)
    {
        if (Open is null)
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1, FileOptions.SequentialScan);
        }

        // O_RDONLY | O_CLOEXEC | O_NONBLOCK: a FIFO named like a log must not block the read until a writer comes.
        int flags = OperatingSystem.IsMacOS() ? 0x1000000 | 0x4 : 0x80000 | 0x800;
        int fd = Open(path, flags);
        if (fd < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            throw errno switch
            {
                2 => new FileNotFoundException($"Could not find file '{path}'.", path),
                13 or 1 => new UnauthorizedAccessException($"Access to the path '{path}' is denied."),
                _ => new IOException($"Cannot open '{path}' (error {errno}).", errno),
            };
        }

        var handle = new SafeFileHandle(fd, ownsHandle: true);
        try
        {
            // Only regular files are read: a device such as /dev/zero seeks, and would read as an empty log.
            if (FileKinds.Of(handle) == FileKind.NotRegular)
            {
                throw FileKinds.NotRegularError(path);
            }

            var stream = new FileStream(handle, FileAccess.Read, bufferSize: 1);
            if (!stream.CanSeek)
            {
                stream.Dispose();
                throw FileKinds.NotRegularError(path);
            }

            return stream;
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary><c>open</c> from the C library, or null where there is none to be had (then .NET opens the file).</summary>
    private static OpenFunction? FindOpen()
    {
        if (OperatingSystem.IsWindows())
        {
            return null;
        }

        string[] libraries = OperatingSystem.IsMacOS() ? ["libSystem.dylib", "libc.dylib"] : ["libc.so.6", "libc.so", "libc"];
        foreach (string library in libraries)
        {
            if (NativeLibrary.TryLoad(library, out IntPtr handle) && NativeLibrary.TryGetExport(handle, "open", out IntPtr open))
            {
                return Marshal.GetDelegateForFunctionPointer<OpenFunction>(open);
            }
        }

        return null;
    }
}

using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace ClaudeUsage.Core.Parsing;

/// <summary>What a file system entry is, as far as reading it goes.</summary>
internal enum FileKind
{
    /// <summary>Cannot be told here (Windows, or no stat to be had): the other checks decide.</summary>
    Unknown,

    Regular,

    Directory,

    /// <summary>A FIFO, socket or device: never read as a log (opening one can block, or change the device).</summary>
    NotRegular,
}

/// <summary>
/// Tells regular files from FIFOs, sockets and devices, which .NET does not: their attributes are a plain file's, and
/// a device such as <c>/dev/zero</c> even seeks. The answer comes from <c>stat(2)</c> through the runtime's own native
/// shim (<c>libSystem.Native</c>, which every .NET on Linux and macOS ships), whose status record is the same on every
/// platform and whose mode field is the system's <c>st_mode</c>.
/// </summary>
internal static class FileKinds
{
    private const int ModeOffset = 4; // after the record's 32-bit Flags
    private const int TypeMask = 0xF000, RegularType = 0x8000, DirectoryType = 0x4000;

    /// <summary>Larger than the runtime's status record (about 130 bytes), so a version that grows it writes within bounds.</summary>
    private const int StatusBytes = 512;

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int FStatFunction(IntPtr fd, [In, Out] byte[] status);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int StatFunction([MarshalAs(UnmanagedType.LPUTF8Str)] string path, [In, Out] byte[] status);

    private static readonly (FStatFunction FStat, StatFunction Stat)? Native = FindNative();

    /// <summary>What the open file behind <paramref name="handle"/> is.</summary>
    public static FileKind Of(SafeFileHandle handle)
    {
        if (Native is not { } native)
        {
            return FileKind.Unknown;
        }

        bool added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            byte[] status = new byte[StatusBytes];
            return native.FStat(handle.DangerousGetHandle(), status) == 0 ? KindOf(status) : FileKind.Unknown;
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    /// <summary>What <paramref name="path"/> is (a symbolic link is followed), without opening it.</summary>
    public static FileKind OfPath(string path)
    {
        if (Native is not { } native)
        {
            return FileKind.Unknown;
        }

        byte[] status = new byte[StatusBytes];
        return native.Stat(path, status) == 0 ? KindOf(status) : FileKind.Unknown;
    }

    /// <summary>The error for a FIFO, socket or device where a log (or a price or cache file) was expected.</summary>
    public static IOException NotRegularError(string path) =>
        new($"'{path}' is not a regular file (a pipe, socket or device); it is not read.");

    private static FileKind KindOf(byte[] status) => (BitConverter.ToInt32(status, ModeOffset) & TypeMask) switch
    {
        RegularType => FileKind.Regular,
        DirectoryType => FileKind.Directory,
        _ => FileKind.NotRegular,
    };

    private static (FStatFunction, StatFunction)? FindNative()
    {
        if (OperatingSystem.IsWindows())
        {
            return null;
        }

        string file = OperatingSystem.IsMacOS() ? "libSystem.Native.dylib" : "libSystem.Native.so";
        string beside = Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), file);
        if ((NativeLibrary.TryLoad(beside, out IntPtr library) || NativeLibrary.TryLoad("libSystem.Native", typeof(object).Assembly, null, out library))
            && NativeLibrary.TryGetExport(library, "SystemNative_FStat", out IntPtr fstat)
            && NativeLibrary.TryGetExport(library, "SystemNative_Stat", out IntPtr stat))
        {
            return (Marshal.GetDelegateForFunctionPointer<FStatFunction>(fstat), Marshal.GetDelegateForFunctionPointer<StatFunction>(stat));
        }

        return null;
    }
}

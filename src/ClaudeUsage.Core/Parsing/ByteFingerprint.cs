using System.IO.Hashing;
using Microsoft.Win32.SafeHandles;

namespace ClaudeUsage.Core.Parsing;

/// <summary>
/// A hash of a short run of a file's bytes (its head, or the bytes just before where a read stopped): enough to
/// tell that a file was replaced or rewritten rather than appended to, without keeping its bytes.
/// </summary>
internal readonly record struct ByteFingerprint(long Offset, int Length, ulong Hash)
{
    /// <summary>How many bytes a fingerprint covers at most.</summary>
    public const int Window = 4096;

    /// <summary>The first bytes of the file, up to <paramref name="end"/>.</summary>
    public static ByteFingerprint Head(SafeFileHandle file, long end) => Of(file, 0, (int)Math.Min(Window, end));

    /// <summary>The bytes just before <paramref name="end"/>.</summary>
    public static ByteFingerprint Before(SafeFileHandle file, long end)
    {
        int length = (int)Math.Min(Window, end);
        return Of(file, end - length, length);
    }

    /// <summary>The same range read again from <paramref name="file"/> as it is now.</summary>
    public bool Matches(SafeFileHandle file) => Of(file, Offset, Length) == this;

    private static ByteFingerprint Of(SafeFileHandle file, long offset, int length)
    {
        Span<byte> buffer = stackalloc byte[Window];
        int read = 0;
        while (read < length)
        {
            int n = RandomAccess.Read(file, buffer[read..length], offset + read);
            if (n == 0)
            {
                break;
            }

            read += n;
        }

        return new ByteFingerprint(offset, read, XxHash3.HashToUInt64(buffer[..read]));
    }
}

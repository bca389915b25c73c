using System.IO.Hashing;
using System.Runtime.CompilerServices;
using System.Text;

namespace ClaudeUsage.Core;

/// <summary>
/// A response or request id reduced to its 128-bit XxHash3 (of its UTF-8 bytes): what de-duplication compares, so
/// that a scan need not keep a string per id. Zero stands for no id; two different ids share a key with a
/// probability of about 2^-128 per pair.
/// </summary>
internal static class IdKey
{
    public static UInt128 Of(string? id)
    {
        if (id is null)
        {
            return UInt128.Zero;
        }

        int max = Encoding.UTF8.GetMaxByteCount(id.Length);
        Span<byte> utf8 = max <= 512 ? stackalloc byte[max] : new byte[max];
        return Of(utf8[..Encoding.UTF8.GetBytes(id, utf8)]);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static UInt128 Of(ReadOnlySpan<byte> utf8)
    {
        UInt128 key = XxHash128.HashToUInt128(utf8);
        return key == UInt128.Zero ? UInt128.One : key;
    }
}

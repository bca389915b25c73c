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

    /// <summary>
    /// The key of step <paramref name="number"/> (from 1) of the response keyed <paramref name="responseKey"/>: one
    /// mixing of the two, so every copy of the response gives its steps the same keys. Zero stays zero (no id).
    /// </summary>
    public static UInt128 ForStep(UInt128 responseKey, int number)
    {
        if (responseKey == UInt128.Zero || number == 0)
        {
            return responseKey;
        }

        Span<byte> bytes = stackalloc byte[20];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt128LittleEndian(bytes, responseKey);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(bytes[16..], number);
        return Of(bytes);
    }
}

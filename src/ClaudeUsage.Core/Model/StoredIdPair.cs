using System.Buffers;
using System.Text;

namespace ClaudeUsage.Core;

/// <summary>
/// A response id and a request id kept as bytes: how the usage cache stores them, and how an entry read from the
/// cache holds them until they are asked for (a string per id would be most of a re-run's memory). Each id is a
/// presence byte, then (when present) its UTF-8 length as a 7-bit encoded number and its UTF-8 bytes (the layout
/// <see cref="BinaryWriter.Write(string)"/> gives). Written in one place, <see cref="Write(Span{byte}, string?, string?)"/>.
/// </summary>
internal readonly record struct StoredIdPair(byte[] Bytes, int At)
{
    /// <summary>Writes the pair in the stored layout.</summary>
    public static void Write(BinaryWriter writer, string? responseId, string? requestId)
    {
        int size = SizeOf(responseId, requestId);
        byte[]? rented = size > 256 ? ArrayPool<byte>.Shared.Rent(size) : null;
        Span<byte> buffer = rented is not null ? rented : stackalloc byte[256];
        try
        {
            writer.Write(buffer[..Write(buffer, responseId, requestId)]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>The bytes <see cref="Write(Span{byte}, string?, string?)"/> needs for a pair.</summary>
    public static int SizeOf(string? responseId, string? requestId) => SizeOf(responseId) + SizeOf(requestId);

    /// <summary>Writes the pair in the stored layout into <paramref name="destination"/>; returns the bytes written.</summary>
    public static int Write(Span<byte> destination, string? responseId, string? requestId)
    {
        int written = WriteOne(destination, responseId);
        return written + WriteOne(destination[written..], requestId);
    }

    /// <summary>The stored bytes of the pair, to copy as they are.</summary>
    public ReadOnlySpan<byte> Span => Bytes.AsSpan(At, Length(Bytes.AsSpan(At)));

    /// <summary>The two ids as strings.</summary>
    public (string? ResponseId, string? RequestId) Decode()
    {
        ReadOnlySpan<byte> rest = Bytes.AsSpan(At);
        string? response = ReadOne(ref rest, out ReadOnlySpan<byte> r) ? Encoding.UTF8.GetString(r) : null;
        string? request = ReadOne(ref rest, out ReadOnlySpan<byte> q) ? Encoding.UTF8.GetString(q) : null;
        return (response, request);
    }

    /// <summary>The <see cref="IdKey"/>s of a pair stored at the start of <paramref name="bytes"/>, and its length.</summary>
    /// <exception cref="FormatException">The bytes are not a stored pair.</exception>
    public static (UInt128 ResponseKey, UInt128 RequestKey, int Length) Keys(ReadOnlySpan<byte> bytes)
    {
        ReadOnlySpan<byte> rest = bytes;
        UInt128 response = ReadOne(ref rest, out ReadOnlySpan<byte> r) ? IdKey.Of(r) : UInt128.Zero;
        UInt128 request = ReadOne(ref rest, out ReadOnlySpan<byte> q) ? IdKey.Of(q) : UInt128.Zero;
        return (response, request, bytes.Length - rest.Length);
    }

    private static int Length(ReadOnlySpan<byte> bytes)
    {
        ReadOnlySpan<byte> rest = bytes;
        ReadOne(ref rest, out _);
        ReadOne(ref rest, out _);
        return bytes.Length - rest.Length;
    }

    private static int SizeOf(string? id)
    {
        if (id is null)
        {
            return 1;
        }

        int length = Encoding.UTF8.GetByteCount(id);
        int prefix = 1;
        for (int rest = length >> 7; rest > 0; rest >>= 7)
        {
            prefix++;
        }

        return 1 + prefix + length;
    }

    private static int WriteOne(Span<byte> destination, string? id)
    {
        if (id is null)
        {
            destination[0] = 0;
            return 1;
        }

        destination[0] = 1;
        int at = 1;
        uint length = (uint)Encoding.UTF8.GetByteCount(id);
        for (; length >= 0x80; length >>= 7)
        {
            destination[at++] = (byte)(length | 0x80);
        }

        destination[at++] = (byte)length;
        return at + Encoding.UTF8.GetBytes(id, destination[at..]);
    }

    /// <summary>Reads one stored id's UTF-8 bytes and advances past it; false when the id is absent.</summary>
    private static bool ReadOne(ref ReadOnlySpan<byte> rest, out ReadOnlySpan<byte> id)
    {
        id = default;
        if (rest.IsEmpty)
        {
            throw new FormatException("A stored id is cut short.");
        }

        bool present = rest[0] != 0;
        rest = rest[1..];
        if (!present)
        {
            return false;
        }

        int length = 0;
        for (int shift = 0; ; shift += 7)
        {
            if (rest.IsEmpty || shift > 28)
            {
                throw new FormatException("A stored id's length is damaged.");
            }

            byte b = rest[0];
            rest = rest[1..];
            length |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                break;
            }
        }

        if (length < 0 || length > rest.Length)
        {
            throw new FormatException("A stored id is cut short.");
        }

        id = rest[..length];
        rest = rest[length..];
        return true;
    }
}

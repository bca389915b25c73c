using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;

namespace ClaudeUsage.Core.Caching;

/// <summary>
/// Reads what <see cref="BinaryWriter"/> wrote (little-endian integers, 7-bit encoded lengths and numbers,
/// length-prefixed UTF-8 strings, decimals) straight from a byte span: no stream, no per-byte virtual calls.
/// </summary>
internal ref struct SpanReader
{
    private readonly ReadOnlySpan<byte> _bytes;
    private int _position;

    public SpanReader(ReadOnlySpan<byte> bytes)
    {
        _bytes = bytes;
        _position = 0;
    }

    public readonly int Remaining => _bytes.Length - _position;

    /// <summary>How many bytes have been read.</summary>
    public readonly int Position => _position;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<byte> ReadBytes(int count)
    {
        if ((uint)count > (uint)Remaining)
        {
            throw new EndOfStreamException();
        }

        ReadOnlySpan<byte> span = _bytes.Slice(_position, count);
        _position += count;
        return span;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public byte ReadByte() => _position < _bytes.Length ? _bytes[_position++] : throw new EndOfStreamException();

    public sbyte ReadSByte() => (sbyte)ReadByte();

    public bool ReadBoolean() => ReadByte() != 0;

    public short ReadInt16() => BinaryPrimitives.ReadInt16LittleEndian(ReadBytes(2));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int ReadInt32() => BinaryPrimitives.ReadInt32LittleEndian(ReadBytes(4));

    public long ReadInt64() => BinaryPrimitives.ReadInt64LittleEndian(ReadBytes(8));

    public ulong ReadUInt64() => BinaryPrimitives.ReadUInt64LittleEndian(ReadBytes(8));

    public decimal ReadDecimal()
    {
        ReadOnlySpan<byte> b = ReadBytes(16);
        return new decimal([
            BinaryPrimitives.ReadInt32LittleEndian(b),
            BinaryPrimitives.ReadInt32LittleEndian(b[4..]),
            BinaryPrimitives.ReadInt32LittleEndian(b[8..]),
            BinaryPrimitives.ReadInt32LittleEndian(b[12..])]);
    }

    public int Read7BitEncodedInt()
    {
        long value = Read7BitEncodedInt64();
        return value is >= int.MinValue and <= uint.MaxValue ? unchecked((int)value) : throw new FormatException("A 7-bit encoded number is too large.");
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long Read7BitEncodedInt64()
    {
        ulong result = 0;
        for (int shift = 0; shift < 70; shift += 7)
        {
            byte b = ReadByte();
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return (long)result;
            }
        }

        throw new FormatException("A 7-bit encoded number is too long.");
    }

    public string ReadString()
    {
        int length = Read7BitEncodedInt();
        return length < 0 ? throw new FormatException("A string has a negative length.") : Encoding.UTF8.GetString(ReadBytes(length));
    }
}

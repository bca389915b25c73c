using System.IO.Hashing;

namespace ClaudeUsage.Core.Caching;

/// <summary>Passes writes through to another stream while hashing them (XxHash64, see <see cref="ScanCacheSerializer"/>) and counting them.</summary>
internal sealed class HashingWriteStream(Stream inner) : Stream
{
    private readonly XxHash64 _hash = new();

    public long Written { get; private set; }

    public ulong Hash => _hash.GetCurrentHashAsUInt64();

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => Written; set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        _hash.Append(buffer);
        inner.Write(buffer);
        Written += buffer.Length;
    }

    public override void WriteByte(byte value) => Write([value]);

    /// <summary>Does not flush the inner stream: the writer flushes per record, the caller flushes once at the end.</summary>
    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}

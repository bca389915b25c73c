using System.Runtime.CompilerServices;
using System.Buffers;

namespace ClaudeUsage.Core.Parsing;

/// <summary>
/// Splits a stream into lines without ever holding more than the longest interesting line in memory.
/// Reports the offset just past the last complete line, so a later read can resume there.
/// </summary>
internal static class JsonlLineReader
{
    private const int InitialBufferSize = 1 << 20;

    /// <summary>
    /// The longest line held in memory: far beyond any usage line (a few kilobytes) or tool result agents write. A
    /// longer one (a file of NUL bytes, a device named .jsonl) is skipped and reported, not grown into gigabytes.
    /// </summary>
    internal const int MaxLineBytes = 1 << 26;
    private const int SkipProbeLength = 4096;

    /// <summary>
    /// Reads lines from <paramref name="stream"/> (positioned at <paramref name="startOffset"/>) up to
    /// <paramref name="endOffset"/>: the file's length when it was opened, so what is appended meanwhile is read the
    /// next time, and a device that never ends (<c>/dev/urandom</c>, length 0) is read no further than that.
    /// </summary>
    /// <remarks>
    /// A line with no newline yet is not judged: an over-long one is reported only once its newline is read, and one
    /// still being passed over at the end leaves the returned offset at its start, so the next read takes it whole.
    /// </remarks>
    /// <returns>The offset just past the last newline read, and the number of complete lines.</returns>
    public static (long EndOffset, long Lines) Read(Stream stream, long startOffset, long firstLineNumber, ILineSink sink, long endOffset = long.MaxValue)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(InitialBufferSize);
        try
        {
            return ReadCore(stream, startOffset, firstLineNumber, sink, ref buffer, endOffset);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    // Compiled optimised at first call: a scheduled run ends before tiered compilation would get there.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (long EndOffset, long Lines) ReadCore(Stream stream, long startOffset, long firstLineNumber, ILineSink sink, ref byte[] buffer, long endOffset)
    {
        long position = startOffset; // file offset of the next byte read
        int start = 0;        // first byte of the current line in buffer
        int end = 0;          // end of valid data in buffer
        int scanFrom = 0;     // where the newline search resumes
        long consumed = startOffset; // file offset of buffer[start]
        long lineNumber = firstLineNumber;
        bool skipping = false; // discarding the rest of an over-long uninteresting line
        bool tooLong = false;  // the line being discarded is over the limit: reported when its newline comes
        long skippedFrom = 0;  // file offset of the line being discarded

        while (true)
        {
            if (end == buffer.Length)
            {
                if (start > 0)
                {
                    // Slide the partial line to the front.
                    Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
                    end -= start;
                    scanFrom -= start;
                    start = 0;
                }
                else if (buffer.Length >= MaxLineBytes || sink.CanSkipLongLine(buffer.AsSpan(0, Math.Min(SkipProbeLength, end))))
                {
                    // A whole buffer without a newline that the sink does not want: drop it and skip to the next newline.
                    tooLong = buffer.Length >= MaxLineBytes;
                    skippedFrom = consumed;
                    skipping = true;
                    consumed += end;
                    end = 0;
                    scanFrom = 0;
                }
                else
                {
                    byte[] larger = ArrayPool<byte>.Shared.Rent(checked(buffer.Length * 2));
                    Buffer.BlockCopy(buffer, 0, larger, 0, end);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
            }

            int want = (int)Math.Min(buffer.Length - end, Math.Max(0, endOffset - position));
            int read = want == 0 ? 0 : stream.Read(buffer, end, want);
            if (read == 0)
            {
                break;
            }

            position += read;

            end += read;
            while (true)
            {
                int newline = ByteSearch.IndexOfNewline(buffer.AsSpan(scanFrom, end - scanFrom));
                if (newline < 0)
                {
                    scanFrom = end;
                    break;
                }

                int lineEnd = scanFrom + newline;
                if (skipping)
                {
                    skipping = false;
                    if (tooLong)
                    {
                        sink.OnLineTooLong(lineNumber);
                    }
                }
                else
                {
                    int length = lineEnd - start;
                    if (length > 0 && buffer[lineEnd - 1] == (byte)'\r')
                    {
                        length--;
                    }

                    sink.OnLine(buffer.AsSpan(start, length), lineNumber);
                }

                lineNumber++;
                consumed += lineEnd + 1 - start;
                start = lineEnd + 1;
                scanFrom = start;
            }

            if (skipping)
            {
                // Everything read so far belongs to the skipped line.
                consumed += end - start;
                start = 0;
                end = 0;
                scanFrom = 0;
            }
        }

        if (skipping)
        {
            // The line passed over has no newline yet: the next read starts at it again.
            consumed = skippedFrom;
        }
        else if (end > start)
        {
            sink.OnUnterminatedTail(buffer.AsSpan(start, end - start), lineNumber);
        }

        return (consumed, lineNumber - firstLineNumber);
    }
}

using ClaudeUsage.Core.Discovery;

namespace ClaudeUsage.Core.Parsing;

/// <summary>Reads a JSONL transcript, or the part of it after a known offset.</summary>
internal static class TranscriptFileReader
{
    /// <summary>
    /// Opens a log read-only, sharing read, write and delete with its writer, so a running agent is never
    /// blocked and nothing about the file changes.
    /// </summary>
    public static FileStream OpenShared(string path) => new(
        path,
        FileMode.Open,
        FileAccess.Read,
        FileShare.ReadWrite | FileShare.Delete,
        bufferSize: 1, // the line reader does its own buffering
        FileOptions.SequentialScan);

    /// <summary>Reads from <paramref name="fromOffset"/> (0 for the whole file), continuing the given state.</summary>
    public static FileScanResult Read(LogFile file, long fromOffset = 0, long fromLine = 1, TranscriptState? state = null)
    {
        var result = new FileScanResult(file)
        {
            EndOffset = fromOffset,
            NextLineNumber = fromLine,
            State = state?.Clone() ?? new TranscriptState(),
        };

        try
        {
            using FileStream stream = OpenShared(file.Path);
            if (fromOffset > 0)
            {
                stream.Seek(fromOffset, SeekOrigin.Begin);
            }
            else if (StartsWithSqliteHeader(stream))
            {
                // The content decides, not the name: an OpenClaw database under any name is read as one.
                stream.Dispose();
                return OpenClawDatabaseReader.Read(file with { Format = LogFileFormat.OpenClawDatabase });
            }

            var handler = new TranscriptLineHandler(file, result);
            (long endOffset, long lines) = JsonlLineReader.Read(stream, fromOffset, fromLine, handler);
            result.BytesRead = stream.Position - fromOffset;
            result.EndOffset = endOffset;
            result.NextLineNumber = fromLine + lines;
            handler.ApplyDetectedSource();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            result.Error = ex;
        }

        return result;
    }

    /// <summary>The 16 bytes every SQLite 3 database file starts with.</summary>
    internal static ReadOnlySpan<byte> SqliteHeader => "SQLite format 3\0"u8;

    /// <summary>True when the stream starts with <see cref="SqliteHeader"/>; leaves it at its start.</summary>
    internal static bool StartsWithSqliteHeader(Stream stream)
    {
        Span<byte> header = stackalloc byte[16];
        int read = stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        stream.Seek(0, SeekOrigin.Begin);
        return read == header.Length && header.SequenceEqual(SqliteHeader);
    }
}

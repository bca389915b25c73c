using ClaudeUsage.Core.Discovery;

namespace ClaudeUsage.Core.Parsing;

/// <summary>Reads a JSONL transcript, whole or from where an earlier read stopped.</summary>
internal static class TranscriptFileReader
{
    /// <summary>
    /// Opens a log read-only, sharing read, write and delete with its writer, and without a lock (see
    /// <see cref="UnlockedFile"/>), so a running agent is never blocked and nothing about the file changes. The
    /// stream is unbuffered: the line reader does its own buffering.
    /// </summary>
    public static FileStream OpenShared(string path) => UnlockedFile.OpenRead(path);

    /// <summary>Reads from <paramref name="fromOffset"/> (0 for the whole file), continuing the given state.</summary>
    public static FileScanResult Read(LogFile file, long fromOffset = 0, long fromLine = 1, TranscriptState? state = null, bool keepIds = true) =>
        Read(file, fromOffset == 0 && state is null ? null : new ResumePoint(fromOffset, fromLine, state ?? new TranscriptState(), default, default), verify: false, keepIds);

    /// <summary>
    /// Reads the part after <paramref name="resume"/> when the bytes it fingerprinted are unchanged, else the whole
    /// file; <see cref="FileScanResult.Resumed"/> tells which. The result carries fingerprints for the next read.
    /// <paramref name="keepIds"/> is as for <see cref="TranscriptLineHandler"/>.
    /// </summary>
    public static FileScanResult Read(LogFile file, ResumePoint? resume, bool verify = true, bool keepIds = true)
    {
        var result = new FileScanResult(file);
        try
        {
            using FileStream stream = OpenShared(file.Path);
            long length = stream.Length;
            if (resume is not null
                && resume.EndOffset <= length
                && (!verify || (resume.Head.Matches(stream.SafeFileHandle) && resume.Seam.Matches(stream.SafeFileHandle))))
            {
                result.Resumed = resume.EndOffset > 0;
                result.EndOffset = resume.EndOffset;
                result.NextLineNumber = resume.NextLineNumber;
                result.State = resume.State.Clone();
                stream.Seek(resume.EndOffset, SeekOrigin.Begin);
            }
            else if (StartsWithSqliteHeader(stream))
            {
                // The content decides, not the name: an OpenClaw database under any name is read as one.
                stream.Dispose();
                return OpenClawDatabaseReader.Read(file with { Format = LogFileFormat.OpenClawDatabase }, keepIds);
            }

            long fromOffset = result.EndOffset, fromLine = result.NextLineNumber;
            var handler = new TranscriptLineHandler(file, result, keepIds);
            (long endOffset, long lines) = JsonlLineReader.Read(stream, fromOffset, fromLine, handler, length);
            result.BytesRead = stream.Position - fromOffset;
            result.EndOffset = endOffset;
            result.NextLineNumber = fromLine + lines;
            handler.ApplyDetectedSource();
            result.Head = ByteFingerprint.Head(stream.SafeFileHandle, endOffset);
            result.Seam = ByteFingerprint.Before(stream.SafeFileHandle, endOffset);
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

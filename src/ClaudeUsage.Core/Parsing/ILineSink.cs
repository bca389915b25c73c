namespace ClaudeUsage.Core.Parsing;

/// <summary>Receives the lines of a JSONL stream from <see cref="JsonlLineReader"/>.</summary>
internal interface ILineSink
{
    /// <summary>
    /// Asked when a line outgrows the read buffer, with its first bytes: true lets the reader skip the rest of the
    /// line without holding it in memory (e.g. a huge file-history-snapshot line).
    /// </summary>
    bool CanSkipLongLine(ReadOnlySpan<byte> prefix);

    /// <summary>A complete, newline-terminated line (without the newline or a trailing carriage return).</summary>
    void OnLine(ReadOnlySpan<byte> line, long lineNumber);

    /// <summary>The bytes after the last newline at end of stream: a line that may still be being written.</summary>
    void OnUnterminatedTail(ReadOnlySpan<byte> tail, long lineNumber);

    /// <summary>A line longer than the reader holds (<see cref="JsonlLineReader.MaxLineBytes"/>) was skipped unread.</summary>
    void OnLineTooLong(long lineNumber);
}

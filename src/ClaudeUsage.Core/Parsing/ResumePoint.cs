namespace ClaudeUsage.Core.Parsing;

/// <summary>
/// Where an earlier read of a transcript stopped (just past its last complete line), what the lines before said,
/// and fingerprints of the bytes it read: a later read continues there only if those bytes are still the same.
/// </summary>
internal sealed record ResumePoint(
    long EndOffset,
    long NextLineNumber,
    TranscriptState State,
    ByteFingerprint Head,
    ByteFingerprint Seam);

namespace ClaudeUsage.Core.Parsing;

/// <summary>
/// What earlier lines of a transcript said that later lines rely on (pi's session header and model changes).
/// Carried from one read of a file to the next, so an appended file can be read from where it stopped.
/// </summary>
internal sealed class TranscriptState
{
    public string? HeaderSessionId { get; set; }

    public string? HeaderCwd { get; set; }

    /// <summary>Set by a pi fork header: the file replays its parent's history.</summary>
    public string? ParentSession { get; set; }

    public string? CurrentModel { get; set; }

    public string? CurrentProvider { get; set; }

    /// <summary>The content showed OpenClaw / clawdbot traits (model-snapshot entries, delivery mirrors).</summary>
    public bool LooksLikeOpenClaw { get; set; }

    public TranscriptState Clone() => (TranscriptState)MemberwiseClone();
}

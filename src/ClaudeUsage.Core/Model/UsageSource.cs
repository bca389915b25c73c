namespace ClaudeUsage;

/// <summary>The agent whose logs a usage entry came from.</summary>
public enum UsageSource
{
    /// <summary>Claude Code transcripts under a <c>projects/</c> folder.</summary>
    ClaudeCode,

    /// <summary>OpenClaw (formerly clawdbot): per-agent JSONL transcripts and SQLite transcript databases.</summary>
    OpenClaw,

    /// <summary>The pi coding agent's session transcripts.</summary>
    Pi,
}

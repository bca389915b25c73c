namespace ClaudeUsage.Core.Discovery;

/// <summary>How a log file is stored.</summary>
internal enum LogFileFormat
{
    /// <summary>One JSON object per line (Claude Code, pi, clawdbot, OpenClaw before v2026.7.2).</summary>
    Jsonl,

    /// <summary>OpenClaw's per-agent SQLite database with a <c>transcript_events</c> table.</summary>
    OpenClawDatabase,
}

/// <summary>A log file found on disk, with what its place in the folder tree says about it.</summary>
internal sealed record LogFile
{
    public required string Path { get; init; }

    public LogFileFormat Format { get; init; } = LogFileFormat.Jsonl;

    /// <summary>The source its root implies; null when only the content can tell (a file given by -Path).</summary>
    public UsageSource? Source { get; init; }

    /// <summary>The session the path names (file stem or parent folder); lines may name a better one.</summary>
    public string? SessionIdFromPath { get; init; }

    /// <summary>The project folder name the agent filed the session under.</summary>
    public string? ProjectSlug { get; init; }

    /// <summary>The OpenClaw / clawdbot agent id from <c>agents/&lt;id&gt;/</c>.</summary>
    public string? AgentId { get; init; }

    /// <summary>0 live transcript; 1 fork, subagent replay or artifact; 2 archived copy (deleted/reset/bak).</summary>
    public int CopyRank { get; init; }

    public long Length { get; init; }

    public DateTime LastWriteTimeUtc { get; init; }
}

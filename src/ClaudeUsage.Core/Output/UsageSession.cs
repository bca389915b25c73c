namespace ClaudeUsage;

/// <summary>One agent session, as Get-ClaudeSession returns it.</summary>
public sealed class UsageSession : UsageTotals
{
    public required string SessionId { get; init; }

    /// <summary>The agent the logs came from, by name (<c>ClaudeCode</c>, <c>OpenClaw</c>, <c>Pi</c>).</summary>
    public required string Source { get; init; }

    /// <summary>The OpenClaw / clawdbot agent id; null for other sources.</summary>
    public string? Agent { get; init; }

    /// <summary>The project's display name (the last folder of the working directory).</summary>
    public required string Project { get; init; }

    /// <summary>The working directory the session ran in, when the log says.</summary>
    public string? ProjectPath { get; init; }

    /// <summary>The folder name the agent filed the session under (Claude Code's project slug).</summary>
    public string? ProjectSlug { get; init; }

    /// <summary>The log files the session's responses were read from (subagent transcripts included).</summary>
    public required IReadOnlyList<string> FilePath { get; init; }

    public required DateTimeOffset FirstActivity { get; init; }

    public required DateTimeOffset LastActivity { get; init; }

    public TimeSpan Duration => LastActivity - FirstActivity;

    public int Requests { get; internal set; }

    /// <summary>True when every log file the session was counted from is gone from disk (the usage ledger still counts it).</summary>
    public bool LogDeleted { get; init; }

    public IReadOnlyList<string> Models { get; internal set; } = [];

    /// <summary>
    /// The recurring automation the session is a run of, as its project and cadence (<c>inbox-triage (hourly)</c>):
    /// one of four or more short sessions of its project and agent started on a steady schedule. Null for the rest.
    /// </summary>
    public string? Automation { get; init; }
}

namespace ClaudeUsage;

/// <summary>
/// A request that missed the prompt cache its thread's previous request had left, as Find-ClaudeCacheMiss returns
/// it: why, how many tokens of the cached prefix were paid for again, and what that cost beyond reading them.
/// </summary>
public sealed class CacheMiss
{
    /// <summary>When the response that missed was written, in the chosen time zone.</summary>
    public required DateTimeOffset Time { get; init; }

    /// <summary>The session id; binds -SessionId of the reading cmdlets when piped to them.</summary>
    public required string SessionId { get; init; }

    /// <summary>The agent the log came from, by name (<c>ClaudeCode</c>, <c>OpenClaw</c>, <c>Pi</c>).</summary>
    public required string Source { get; init; }

    /// <summary>The project's display name (the last folder of the working directory).</summary>
    public required string Project { get; init; }

    /// <summary>The working directory the session ran in, when the log says.</summary>
    public string? ProjectPath { get; init; }

    /// <summary>The model of the request that missed; binds -Model of Get-ClaudeModelPrice when piped to it.</summary>
    public string? Model { get; init; }

    /// <summary>The model of the thread's previous request.</summary>
    public string? PreviousModel { get; init; }

    /// <summary>True when the thread is a subagent's (its own transcript, or Claude Code isSidechain lines).</summary>
    public bool IsSidechain { get; init; }

    /// <summary><c>IdleGap</c>, <c>ModelChanged</c> or <c>PrefixChanged</c>.</summary>
    public required string Cause { get; init; }

    /// <summary>The time since the thread's previous response.</summary>
    public TimeSpan Gap { get; init; }

    /// <summary>How long the thread's cached prefix lived after the previous request: 5 minutes, or 1 hour when its latest cache write was all 1-hour writes.</summary>
    public TimeSpan CacheLifetime { get; init; }

    /// <summary>The prefix the previous request left in the cache: its cache reads plus its cache writes.</summary>
    public long ExpectedCacheReadTokens { get; init; }

    /// <summary>What this request read from the cache.</summary>
    public long CacheReadTokens { get; init; }

    /// <summary>
    /// The tokens of the expected prefix this request paid for again, as cache writes or uncached input: the
    /// expected prefix less what was read, at most the request's cache writes and input.
    /// </summary>
    public long PrefixTokens { get; init; }

    /// <summary>
    /// What the miss cost beyond a hit, in USD: the prefix tokens at the prices they were billed at less the same
    /// tokens at the cache-read price, at the request's model, price period, tier and multipliers; null when the
    /// model has no price then.
    /// </summary>
    public decimal? Cost { get; init; }

    /// <summary>
    /// For an idle gap of more than 5 minutes and at most an hour after 5-minute writes: the cost less what writing
    /// the prefix with 1-hour writes instead would have cost more. 0 when a 1-hour cache would not have kept the
    /// prefix; null when the cost is unknown.
    /// </summary>
    public decimal? OneHourCacheSaving { get; init; }

    /// <summary>The log file the response was counted from (the thread's transcript).</summary>
    public required string File { get; init; }

    /// <summary>The line of the response in <see cref="File"/>.</summary>
    public long Line { get; init; }
}

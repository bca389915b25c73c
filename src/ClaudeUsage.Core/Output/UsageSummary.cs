using System.Globalization;

namespace ClaudeUsage;

/// <summary>
/// One row of Get-ClaudeUsage: the usage of one group. Only the keys named in <see cref="GroupBy"/> are set;
/// the others are null.
/// </summary>
public sealed class UsageSummary : UsageTotals
{
    /// <summary>The keys this row is grouped by, by name (<c>Day</c>, <c>Model</c>, ...), in the order asked for.</summary>
    public IReadOnlyList<string> GroupBy { get; private init; } = [];

    /// <summary>The keys this row is grouped by, as values; sets <see cref="GroupBy"/>.</summary>
    internal IReadOnlyList<UsageGrouping> Keys
    {
        get => _keys;
        init
        {
            _keys = value;
            GroupBy = NamesOf(value);
        }
    }

    /// <summary>
    /// The names of the keys last named on this thread: the rows of one report, made on one thread, share one read-only
    /// list of them, whatever reports other threads make meanwhile.
    /// </summary>
    [ThreadStatic]
    private static KeyNames? s_lastNames;

    private sealed record KeyNames(IReadOnlyList<UsageGrouping> Keys, IReadOnlyList<string> Names);

    private static IReadOnlyList<string> NamesOf(IReadOnlyList<UsageGrouping> keys)
    {
        if (s_lastNames is { } last && ReferenceEquals(last.Keys, keys))
        {
            return last.Names;
        }

        IReadOnlyList<string> names = Array.AsReadOnly(keys.Select(static k => k.ToString()).ToArray());
        s_lastNames = new KeyNames(keys, names);
        return names;
    }

    /// <summary>The start of the clock hour, in the chosen time zone.</summary>
    public DateTimeOffset? Hour { get; init; }

    /// <summary>The calendar day in the chosen time zone.</summary>
    public DateTime? Day { get; init; }

    /// <summary>The first day of the week.</summary>
    public DateTime? Week { get; init; }

    /// <summary>The first day of the month.</summary>
    public DateTime? Month { get; init; }

    public string? SessionId { get; init; }

    /// <summary>The project's display name (the last folder of its path).</summary>
    public string? Project { get; init; }

    /// <summary>The project's working directory, or the folder name its sessions were filed under.</summary>
    public string? ProjectPath { get; init; }

    public string? Model { get; init; }

    /// <summary>The agent the logs came from, by name (<c>ClaudeCode</c>, <c>OpenClaw</c>, <c>Pi</c>).</summary>
    public string? Source { get; init; }

    public string? Agent { get; init; }

    public string? Provider { get; init; }

    /// <summary><c>fast</c> or <c>standard</c> (<c>usage.speed</c>).</summary>
    public string? Speed { get; init; }

    /// <summary>The skill that caused the row's responses (<c>attributionSkill</c>), <c>(none)</c> for none; set when grouped by Skill.</summary>
    public string? Skill { get; init; }

    /// <summary>The plugin that caused the row's responses (<c>attributionPlugin</c>), <c>(none)</c> for none; set when grouped by Plugin.</summary>
    public string? Plugin { get; init; }

    /// <summary>The Claude Code subagent that made the row's responses (its type, else <c>agent &lt;id&gt;</c>), <c>(none)</c> for the main thread; set when grouped by Subagent.</summary>
    public string? Subagent { get; init; }

    /// <summary>The MCP servers the row's responses called (several joined with <c>, </c>), <c>(none)</c> for none; set when grouped by McpServer.</summary>
    public string? McpServer { get; init; }

    /// <summary>API responses counted (each once).</summary>
    public int Requests { get; internal set; }

    /// <summary>Distinct sessions with usage in this group.</summary>
    public int Sessions { get; internal set; }

    /// <summary>The models used, by name.</summary>
    public IReadOnlyList<string> Models { get; internal set; } = [];

    /// <summary>The earliest response in the group, in the chosen time zone.</summary>
    public DateTimeOffset FirstActivity { get; internal set; }

    /// <summary>The latest response in the group, in the chosen time zone.</summary>
    public DateTimeOffset LastActivity { get; internal set; }

    /// <summary>The row's key values as one readable string, e.g. <c>2026-11-20 · claude-sonnet-4-5</c>.</summary>
    public string Group => string.Join(" · ", Keys.Select(KeyText));

    /// <summary>The time zone the calendar keys and times are in.</summary>
    public required string TimeZone { get; init; }

    private readonly IReadOnlyList<UsageGrouping> _keys = [];

    private string KeyText(UsageGrouping key) => key switch
    {
        UsageGrouping.Hour => Hour?.ToString("yyyy-MM-dd HH:mm zzz", CultureInfo.InvariantCulture) ?? string.Empty,
        UsageGrouping.Day => Day?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? string.Empty,
        UsageGrouping.Week => Week?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? string.Empty,
        UsageGrouping.Month => Month?.ToString("yyyy-MM", CultureInfo.InvariantCulture) ?? string.Empty,
        UsageGrouping.Session => SessionId ?? string.Empty,
        UsageGrouping.Project => Project ?? string.Empty,
        UsageGrouping.Model => Model ?? string.Empty,
        UsageGrouping.Source => Source ?? string.Empty,
        UsageGrouping.Agent => Agent ?? string.Empty,
        UsageGrouping.Provider => Provider ?? string.Empty,
        UsageGrouping.Speed => Speed ?? string.Empty,
        UsageGrouping.Skill => Skill ?? string.Empty,
        UsageGrouping.Plugin => Plugin ?? string.Empty,
        UsageGrouping.Subagent => Subagent ?? string.Empty,
        UsageGrouping.McpServer => McpServer ?? string.Empty,
        _ => "Total",
    };
}

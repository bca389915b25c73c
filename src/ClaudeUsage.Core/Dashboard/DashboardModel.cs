namespace ClaudeUsage.Core.Dashboard;

/// <summary>
/// Everything a dashboard shows, computed once and rendered three ways (JSON, HTML, Markdown) so all three
/// carry the same facts. The JSON schema (docs/dashboard-schema.md) is versioned by <see cref="SchemaVersion"/>.
/// </summary>
internal sealed class DashboardModel
{
    public const int SchemaVersion = 2;

    public required DateTimeOffset GeneratedAt { get; init; }

    public required string TimeZone { get; init; }

    /// <summary>How often the HTML page reloads itself; 0 = never.</summary>
    public required int RefreshSeconds { get; init; }

    public required int HistoryDays { get; init; }

    public required DashboardPeriod Today { get; init; }

    public required DashboardPeriod ThisWeek { get; init; }

    public required DashboardPeriod ThisMonth { get; init; }

    public IReadOnlyList<DashboardBudget> Budgets { get; init; } = [];

    /// <summary>One entry per day of the history, oldest first, including days without usage.</summary>
    public required IReadOnlyList<DashboardDay> Daily { get; init; }

    /// <summary>Usage of the month by model, most expensive first.</summary>
    public required IReadOnlyList<DashboardModelUsage> ModelsThisMonth { get; init; }

    public required IReadOnlyList<DashboardSession> TopSessions { get; init; }

    public required IReadOnlyList<DashboardProject> TopProjects { get; init; }

    /// <summary>Usage of the month by source and agent.</summary>
    public required IReadOnlyList<DashboardSourceRow> BySource { get; init; }

    public IReadOnlyList<DashboardSpike> Spikes { get; init; } = [];

    public required IReadOnlyList<DashboardWarning> Warnings { get; init; }
}

/// <summary>Token counts by kind with their cost, and the cache's efficiency (as on every summary).</summary>
internal sealed record DashboardTotals(
    long Input,
    long Output,
    long CacheWrite5m,
    long CacheWrite1h,
    long CacheRead,
    long WebSearchRequests,
    int Requests,
    int Sessions,
    decimal? Cost,
    int UnpricedRequests,
    decimal? CacheHitRate = null,
    decimal? CacheWriteCost = null,
    decimal? CacheSavings = null)
{
    public long Total => Input + Output + CacheWrite5m + CacheWrite1h + CacheRead;

    public static DashboardTotals From(UsageTotals t, int requests, int sessions) => new(
        t.InputTokens, t.OutputTokens, t.CacheWrite5mTokens, t.CacheWrite1hTokens, t.CacheReadTokens, t.WebSearchRequests, requests, sessions, t.Cost, t.UnpricedRequests,
        t.CacheHitRate, t.CacheWriteCost, t.CacheSavings);

    public static DashboardTotals Empty { get; } = new(0, 0, 0, 0, 0, 0, 0, 0, 0m, 0);
}

/// <summary>A calendar period (today, this week, this month) and its usage.</summary>
internal sealed record DashboardPeriod(string Name, DateTimeOffset Start, DateTimeOffset End, DashboardTotals Totals);

internal sealed record DashboardModelUsage(string Model, DashboardTotals Totals);

internal sealed record DashboardDay(DateTime Day, DashboardTotals Totals, IReadOnlyList<DashboardModelUsage> Models);

internal sealed record DashboardSession(string SessionId, string Source, string? Agent, string Project, string? ProjectPath, DateTimeOffset FirstActivity, DateTimeOffset LastActivity, IReadOnlyList<string> Models, DashboardTotals Totals);

internal sealed record DashboardProject(string Project, string ProjectPath, DashboardTotals Totals);

internal sealed record DashboardSourceRow(string Source, string? Agent, DashboardTotals Totals);

/// <summary>One budget's state, as Test-ClaudeBudget -Detailed reports it.</summary>
internal sealed record DashboardBudget(
    string Period,
    string Unit,
    DateTimeOffset PeriodStart,
    DateTimeOffset PeriodEnd,
    decimal Limit,
    decimal Spent,
    decimal Remaining,
    decimal PercentUsed,
    string Status,
    decimal BurnRatePerDay,
    decimal ProjectedSpend,
    decimal ProjectedOverage,
    DateTimeOffset? PredictedExhaustion);

/// <summary>An interval whose usage jumped above its baseline, and what drove it.</summary>
internal sealed record DashboardSpike(
    DateTimeOffset Start,
    DateTimeOffset End,
    string Metric,
    decimal Value,
    decimal Baseline,
    decimal? Factor,
    IReadOnlyList<DashboardSpikeDriver> Drivers,
    string Explanation,
    IReadOnlyList<DashboardSpikeFactor> Factors);

internal sealed record DashboardSpikeDriver(string Kind, string Name, decimal Increase, decimal Share);

/// <summary>One part of a spike's increase (see <see cref="SpikeFactor"/>), its share from 0 to 1.</summary>
internal sealed record DashboardSpikeFactor(string Factor, decimal Increase, decimal Share, decimal? Baseline, decimal? Current, IReadOnlyList<DashboardSpikeDriver> Drivers);

/// <summary>Something the reader of the dashboard should know: an unpriced model, an unreadable file, malformed lines.</summary>
internal sealed record DashboardWarning(string Kind, string Message, string? Target);

namespace ClaudeUsage;

/// <summary>
/// One budget evaluated at a moment, as Test-ClaudeBudget -Detailed returns it. Amounts are USD or tokens as
/// <see cref="Metric"/> says. Rates are per calendar day of the period: a DST day counts as one day.
/// </summary>
public sealed class BudgetStatus
{
    /// <summary><c>Daily</c>, <c>Weekly</c> or <c>Monthly</c>.</summary>
    public required string Period { get; init; }

    /// <summary><c>Cost</c> (USD) or <c>Tokens</c>.</summary>
    public required string Metric { get; init; }

    /// <summary>Local midnight of the period's first day, in the chosen zone.</summary>
    public required DateTimeOffset PeriodStart { get; init; }

    /// <summary>Local midnight of the day after the period (exclusive).</summary>
    public required DateTimeOffset PeriodEnd { get; init; }

    /// <summary>The moment the budget was evaluated at (-At); responses up to and including it count.</summary>
    public required DateTimeOffset At { get; init; }

    public required string TimeZone { get; init; }

    public decimal Limit { get; init; }

    /// <summary>What the period's responses up to <see cref="At"/> cost (or their tokens).</summary>
    public decimal Spent { get; init; }

    /// <summary>Limit minus spent: negative when over.</summary>
    public decimal Remaining => Limit - Spent;

    /// <summary>Spent as a percentage of the limit; not capped, so 150 means half as much again as the limit.</summary>
    public decimal PercentUsed { get; init; }

    /// <summary>
    /// How far spending has gone, by name (see <see cref="BudgetState"/>): <c>Ok</c>, <c>Warning</c>, <c>Critical</c>
    /// or <c>Exceeded</c>. To order by it, sort by <see cref="PercentUsed"/>, which it follows.
    /// </summary>
    public required string Status { get; init; }

    /// <summary>True while spent is below CriticalAt × limit: what Test-ClaudeBudget without -Detailed answers for this budget.</summary>
    public bool IsBelowCritical { get; init; }

    /// <summary>The warning threshold as a fraction of the limit.</summary>
    public decimal WarningAt { get; init; }

    /// <summary>The critical threshold as a fraction of the limit.</summary>
    public decimal CriticalAt { get; init; }

    /// <summary>Calendar days in the period (1, 7 or 28 to 31).</summary>
    public int PeriodDays { get; init; }

    /// <summary>Calendar days of the period gone by at <see cref="At"/>, with the fraction of the current day.</summary>
    public decimal ElapsedDays { get; init; }

    /// <summary>Spent ÷ elapsed days: the current rate.</summary>
    public decimal BurnRatePerDay { get; init; }

    /// <summary>Limit ÷ the period's days: the rate that would use the budget exactly.</summary>
    public decimal BudgetRatePerDay { get; init; }

    /// <summary>Burn rate ÷ budget rate: 2 means spending twice as fast as the budget allows.</summary>
    public decimal BurnMultiplier { get; init; }

    /// <summary>What the period will have spent at its end if the current rate holds.</summary>
    public decimal ProjectedSpend { get; init; }

    /// <summary>How far the projected spend goes over the limit; 0 when it stays within.</summary>
    public decimal ProjectedOverage { get; init; }

    /// <summary>
    /// When spending reaches the limit: the time of the response that reached it when that has happened, else
    /// the time the current rate reaches it; null when it would not be reached before the period ends.
    /// </summary>
    public DateTimeOffset? LimitReachedAt { get; init; }

    /// <summary>API responses counted in the period so far.</summary>
    public int Requests { get; init; }

    /// <summary>Responses in the period without a known price (left out of a cost budget's spending).</summary>
    public int UnpricedRequests { get; init; }

    /// <summary>The period's cache reads ÷ its prompt tokens (input + cache writes + cache reads), 0 to 1; null when it had none.</summary>
    public decimal? CacheHitRate { get; init; }

    /// <summary>What the period's cache writes cost, in USD, over the responses whose cost was calculated; null when none was.</summary>
    public decimal? CacheWriteCost { get; init; }

    /// <summary>What the period's cache saved, in USD: its cache reads priced as input, less the reads and writes; may be negative.</summary>
    public decimal? CacheSavings { get; init; }

    /// <summary>The sessions that spent most in the period, largest first (at most five).</summary>
    public IReadOnlyList<BudgetContributor> TopSessions { get; init; } = [];

    /// <summary>The models that spent most in the period, largest first (at most five).</summary>
    public IReadOnlyList<BudgetContributor> TopModels { get; init; } = [];
}

using ClaudeUsage.Core.Scanning;

namespace ClaudeUsage.Core.Dashboard;

/// <summary>Turns the budget, spike and issue objects the cmdlets emit into the dashboard's own records.</summary>
internal static class DashboardMapping
{
    public static DashboardBudget Budget(BudgetStatus s) => new(
        s.Period,
        s.Metric == nameof(UsageMetric.Tokens) ? "Tokens" : "USD",
        s.PeriodStart,
        s.PeriodEnd,
        s.Limit,
        s.Spent,
        s.Remaining,
        s.PercentUsed,
        s.Status,
        s.BurnRatePerDay,
        s.ProjectedSpend,
        s.ProjectedOverage,
        s.LimitReachedAt);

    public static DashboardSpike Spike(UsageSpike s) => new(
        s.Start,
        s.End,
        s.Metric,
        s.Amount,
        s.Baseline,
        s.Ratio,
        s.Sessions.Concat(s.Models).Concat(s.Projects)
            .Select(Driver)
            .ToList(),
        s.Explanation,
        s.Factors
            .Select(f => new DashboardSpikeFactor(f.Factor, f.Increase, f.SharePercent / 100m, f.Baseline, f.Current, f.Drivers.Select(Driver).ToList()))
            .ToList());

    private static DashboardSpikeDriver Driver(SpikeDriver d) => new(d.Kind, d.Name, d.Increase, d.SharePercent / 100m);

    public static DashboardWarning Warning(ScanIssue issue) => new(issue.Kind.ToString(), issue.Message, issue.Target);
}

using ClaudeUsage.Core.Aggregation;
using ClaudeUsage.Core.Spikes;
using ClaudeUsage.Core.Time;

namespace ClaudeUsage.Core.Dashboard;

/// <summary>Computes a dashboard's facts from the counted, priced responses.</summary>
internal static class DashboardBuilder
{
    public const int TopCount = 10;

    /// <summary>
    /// Builds the model from every counted response that may matter (the history window and the current month),
    /// as of <paramref name="now"/> in the calendar's zone.
    /// </summary>
    public static DashboardModel Build(
        IReadOnlyList<CountedResponse> responses,
        ZonedCalendar calendar,
        DateTimeOffset now,
        int historyDays,
        int refreshSeconds,
        IReadOnlyList<DashboardBudget> budgets,
        IReadOnlyList<DashboardSpike> spikes,
        IReadOnlyList<DashboardWarning> warnings)
    {
        DashboardPeriod today = Period("today", UsagePeriod.Today, responses, calendar, now);
        DashboardPeriod week = Period("thisWeek", UsagePeriod.ThisWeek, responses, calendar, now);
        DashboardPeriod month = Period("thisMonth", UsagePeriod.ThisMonth, responses, calendar, now);
        List<CountedResponse> monthResponses = Within(responses, new TimeRange(month.Start, month.End));

        return new DashboardModel
        {
            GeneratedAt = calendar.ToZoned(now),
            TimeZone = calendar.Zone.Id,
            RefreshSeconds = refreshSeconds,
            HistoryDays = historyDays,
            Today = today,
            ThisWeek = week,
            ThisMonth = month,
            Budgets = budgets,
            Daily = Daily(responses, calendar, now, historyDays),
            ModelsThisMonth = UsageReport.Summarize(monthResponses, [UsageGrouping.Model], calendar)
                .OrderByDescending(m => m.Cost ?? 0m).ThenByDescending(m => m.TotalTokens)
                .Select(m => new DashboardModelUsage(m.Model!, Totals(m)))
                .ToList(),
            TopSessions = UsageReport.Sessions(monthResponses, calendar)
                .OrderByDescending(s => s.Cost ?? 0m).ThenByDescending(s => s.TotalTokens).Take(TopCount)
                .Select(s => new DashboardSession(s.SessionId, s.Source, s.Agent, s.Project, s.ProjectPath, s.FirstActivity, s.LastActivity, s.Models, DashboardTotals.From(s, s.Requests, 1)))
                .ToList(),
            TopProjects = UsageReport.Summarize(monthResponses, [UsageGrouping.Project], calendar)
                .OrderByDescending(p => p.Cost ?? 0m).ThenByDescending(p => p.TotalTokens).Take(TopCount)
                .Select(p => new DashboardProject(p.Project!, p.ProjectPath!, Totals(p)))
                .ToList(),
            BySource = UsageReport.Summarize(monthResponses, [UsageGrouping.Source, UsageGrouping.Agent], calendar)
                .Select(r => new DashboardSourceRow(r.Source!, r.Agent == "(none)" ? null : r.Agent, Totals(r)))
                .ToList(),
            Spikes = spikes,
            Warnings = warnings,
        };
    }

    /// <summary>
    /// The spikes among the dashboard's <paramref name="historyDays"/> days up to <paramref name="now"/>: each day
    /// against the median of the days before it, at least a dollar above it. Summed responses take
    /// <paramref name="responsesBetween"/> to read a spike's responses one by one (<see cref="SpikeDetector.Find"/>).
    /// </summary>
    public static List<DashboardSpike> Spikes(
        IReadOnlyList<CountedResponse> responses,
        ZonedCalendar calendar,
        DateTimeOffset now,
        int historyDays,
        Func<DateTimeOffset, DateTimeOffset, IReadOnlyList<CountedResponse>>? responsesBetween = null)
    {
        DateTime today = calendar.DayOf(now);
        var history = new TimeRange(calendar.StartOfDay(today.AddDays(-(historyDays - 1))), calendar.StartOfDay(today.AddDays(1)));
        var options = new SpikeOptions { MinimumIncrease = SpikeOptions.DefaultMinimumIncrease(UsageMetric.Cost) };
        return SpikeDetector.Find(responses, history, options, calendar, responsesBetween: responsesBetween).ConvertAll(DashboardMapping.Spike);
    }

    private static DashboardPeriod Period(string name, UsagePeriod period, IReadOnlyList<CountedResponse> responses, ZonedCalendar calendar, DateTimeOffset now)
    {
        TimeRange range = PeriodResolver.Resolve(period, now, calendar);
        List<UsageSummary> rows = UsageReport.Summarize(Within(responses, range), [UsageGrouping.Total], calendar);
        return new DashboardPeriod(name, calendar.ToZoned(range.Start!.Value), calendar.ToZoned(range.End!.Value), rows.Count == 0 ? DashboardTotals.Empty : Totals(rows[0]));
    }

    private static List<DashboardDay> Daily(IReadOnlyList<CountedResponse> responses, ZonedCalendar calendar, DateTimeOffset now, int days)
    {
        DateTime last = calendar.DayOf(now);
        DateTime first = last.AddDays(-(days - 1));
        var range = new TimeRange(calendar.StartOfDay(first), calendar.StartOfDay(last.AddDays(1)));
        List<CountedResponse> inRange = Within(responses, range);
        Dictionary<DateTime, UsageSummary> totals = UsageReport.Summarize(inRange, [UsageGrouping.Day], calendar).ToDictionary(r => r.Day!.Value);
        ILookup<DateTime, UsageSummary> byModel = UsageReport.Summarize(inRange, [UsageGrouping.Day, UsageGrouping.Model], calendar).ToLookup(r => r.Day!.Value);

        var result = new List<DashboardDay>(days);
        for (DateTime day = first; day <= last; day = day.AddDays(1))
        {
            result.Add(new DashboardDay(
                day,
                totals.TryGetValue(day, out UsageSummary? t) ? Totals(t) : DashboardTotals.Empty,
                byModel[day].OrderByDescending(m => m.Cost ?? 0m).Select(m => new DashboardModelUsage(m.Model!, Totals(m))).ToList()));
        }

        return result;
    }

    private static DashboardTotals Totals(UsageSummary row) => DashboardTotals.From(row, row.Requests, row.Sessions);

    private static List<CountedResponse> Within(IReadOnlyList<CountedResponse> responses, TimeRange range) =>
        responses.Where(r => range.Contains(r.Entry.Timestamp)).ToList();
}

using System.Globalization;
using System.Text.Json.Nodes;
using ClaudeUsage.Core;
using ClaudeUsage.Core.Aggregation;
using ClaudeUsage.Core.Blocks;
using ClaudeUsage.Core.Budgets;
using ClaudeUsage.Core.Ledger;
using ClaudeUsage.Core.Pricing;
using ClaudeUsage.Core.Scanning;
using ClaudeUsage.Core.Time;
using static ClaudeUsage.Tests.MixedLogs;
using static ClaudeUsage.Tests.Transcript;

namespace ClaudeUsage.Tests;

/// <summary>
/// Summaries from responses summed in the ledger's database against the same summaries from one object per response:
/// every property equal, for every grouping, cost mode and kind of time zone (DST, :30 and :45 offsets).
/// </summary>
public class LedgerSumsTests
{
    private static readonly UsageGrouping[][] Groupings =
    [
        [UsageGrouping.Total], [UsageGrouping.Hour], [UsageGrouping.Day, UsageGrouping.Model], [UsageGrouping.Week], [UsageGrouping.Month, UsageGrouping.Source],
        [UsageGrouping.Session], [UsageGrouping.Project, UsageGrouping.Speed], [UsageGrouping.Agent, UsageGrouping.Provider],
    ];

    [Fact]
    public void Day_sums_are_refused_when_a_recorded_cost_is_too_large_to_sum_and_the_rows_give_it_exactly()
    {
        // Two responses of one day: 0.25 USD and 12,345.678 USD recorded (above the 9,000 USD the sums take). The day
        // sums are refused (null: the report reads the rows), and the rows hold both costs to the last decimal.
        using var dir = new TempFolder();
        dir.Write(".pi/agent/sessions/--home-user-work-demo--/s.jsonl",
            PiAssistant("2026-11-20T10:00:00.000Z", Ms("2026-11-20T09:59:59.000Z"), model: "gpt-5", provider: "openai", input: 1, costTotal: 0.25m, responseId: "r1"),
            PiAssistant("2026-11-20T11:00:00.000Z", Ms("2026-11-20T10:59:59.000Z"), model: "gpt-5", provider: "openai", input: 1, costTotal: 12_345.678m, responseId: "r2"));
        using var ledgerDir = new TempFolder();
        using SqliteLedgerStore store = SqliteLedgerStore.Open(Path.Combine(ledgerDir.Path, "ledger.db"));
        LedgerIngest.Run(store, new ScanRequest { Paths = [dir.Path] }, new CollectingObserver(), CancellationToken.None);
        var days = new SumBuckets(new ZonedCalendar(TimeZoneInfo.Utc), hourly: false, PriceTable.BuiltIn);

        Assert.Null(store.ReadCountedGroups(null, null, null, PriceTable.BuiltIn.LongContextThresholds, days));
        Assert.Equal([0.25m, 12_345.678m], store.ReadCounted(null, null, null, withIds: false).Select(e => e.RecordedCost!.Value).Order());
    }

    [Theory]
    [InlineData("UTC")]
    [InlineData("America/New_York")]
    [InlineData("Asia/Kathmandu")]
    [InlineData("Australia/Adelaide")]
    [InlineData("Pacific/Chatham")]
    [InlineData("Australia/Lord_Howe")]
    public void Summed_responses_give_the_same_summaries_as_one_object_per_response(string zone)
    {
        using TempFolder dir = Fixture(new Random(7));
        using var ledgerDir = new TempFolder();
        using SqliteLedgerStore store = SqliteLedgerStore.Open(Path.Combine(ledgerDir.Path, "ledger.db"));
        LedgerIngest.Run(store, new ScanRequest { Paths = [dir.Path] }, new CollectingObserver(), CancellationToken.None);
        var calendar = new ZonedCalendar(ZonedCalendar.ResolveZone(zone));
        Assert.True(LedgerSums.AreExact(calendar, PriceTable.BuiltIn));

        List<UsageEntry> rows = store.ReadCounted(null, null, null, withIds: false);
        List<UsageEntry> quarters = store.ReadCountedGroups(null, null, null, PriceTable.BuiltIn.LongContextThresholds)!;
        Assert.True(quarters.Count < rows.Count, $"{quarters.Count} groups for {rows.Count} rows"); // the fixture varies every price input, so groups stay small

        // The quarter sums added up further in the database, per local day or hour of the zone and price period.
        List<UsageEntry> days = store.ReadCountedGroups(null, null, null, PriceTable.BuiltIn.LongContextThresholds, new SumBuckets(calendar, hourly: false, PriceTable.BuiltIn))!;
        List<UsageEntry> hours = store.ReadCountedGroups(null, null, null, PriceTable.BuiltIn.LongContextThresholds, new SumBuckets(calendar, hourly: true, PriceTable.BuiltIn))!;
        Assert.True(days.Count < hours.Count && hours.Count <= quarters.Count, $"{days.Count} day sums, {hours.Count} hour sums, {quarters.Count} quarter sums");

        foreach (CostMode mode in Enum.GetValues<CostMode>())
        {
            var rowCosts = new CostCalculator(PriceTable.BuiltIn, mode);
            List<CountedResponse> byRow = UsageReport.Select(rows, new UsageFilter(), rowCosts, inTimeOrder: false);
            foreach ((string name, List<UsageEntry> sums, bool hourly) in new[] { ("quarter", quarters, true), ("day", days, false), ("hour", hours, true) })
            {
                var sumCosts = new CostCalculator(PriceTable.BuiltIn, mode);
                List<CountedResponse> bySum = UsageReport.Select(sums, new UsageFilter(), sumCosts, inTimeOrder: false);
                Assert.Equal(rowCosts.UnpricedModels, sumCosts.UnpricedModels);
                foreach (UsageGrouping[] groupBy in Groupings.Where(g => hourly || !g.Contains(UsageGrouping.Hour)))
                {
                    List<string> expected = Describe(UsageReport.Summarize(byRow, groupBy, calendar)), actual = Describe(UsageReport.Summarize(bySum, groupBy, calendar));
                    int first = Enumerable.Range(0, Math.Min(expected.Count, actual.Count)).FirstOrDefault(i => expected[i] != actual[i], -1);
                    Assert.True(first < 0 && expected.Count == actual.Count, $"{mode}, {name} sums, by {string.Join(",", groupBy)}: row {first} of {expected.Count}/{actual.Count}\n  rows: {(first < 0 ? "" : expected[first])}\n  sums: {(first < 0 ? "" : actual[first])}");
                }
            }
        }
    }

    [Theory]
    [InlineData("UTC")]
    [InlineData("America/New_York")]
    [InlineData("Asia/Kathmandu")]
    [InlineData("Pacific/Chatham")]
    public void Sessions_from_summed_responses_equal_sessions_from_one_object_per_response(string zone)
    {
        using TempFolder dir = Fixture(new Random(11));

        // A subagent's transcript of session cc-1 (a second file of one session), and an hourly job: five sessions of
        // ten minutes, an hour apart, that the automation finder names from their spans.
        string subagentAt = "2026-05-05T10:00:00Z";
        dir.Write(".claude/projects/-home-user-work-p1/cc-1/subagents/agent-a1.jsonl",
            ClaudeAssistant(subagentAt, "msg_sub_1", "req_sub_1", input: 40, output: 30, sessionId: "cc-1", cwd: "/home/user/work/p1", sidechain: true),
            ClaudeAssistant("2026-05-05T10:04:00Z", "msg_sub_2", "req_sub_2", input: 50, output: 20, sessionId: "cc-1", cwd: "/home/user/work/p1", sidechain: true));
        for (int run = 0; run < 5; run++)
        {
            DateTimeOffset start = new DateTimeOffset(2026, 6, 1, 3, 0, 0, TimeSpan.Zero).AddHours(run);
            dir.Write($".claude/projects/-home-user-work-cron/job-{run}.jsonl", [.. Enumerable.Range(0, 3).Select(i =>
                ClaudeAssistant(start.AddMinutes(5 * i).ToString("o", CultureInfo.InvariantCulture), $"msg_job_{run}_{i}", $"req_job_{run}_{i}", input: 100, output: 10, sessionId: $"job-{run}", cwd: "/home/user/work/cron"))]);
        }

        using var ledgerDir = new TempFolder();
        using SqliteLedgerStore store = SqliteLedgerStore.Open(Path.Combine(ledgerDir.Path, "ledger.db"));
        LedgerIngest.Run(store, new ScanRequest { Paths = [dir.Path] }, new CollectingObserver(), CancellationToken.None);
        File.Delete(Path.Combine(dir.Path, ".claude/projects/-home-user-work-p3/cc-3.jsonl")); // a session whose log is gone
        LedgerIngest.Run(store, new ScanRequest { Paths = [dir.Path] }, new CollectingObserver(), CancellationToken.None);
        var calendar = new ZonedCalendar(ZonedCalendar.ResolveZone(zone));
        IReadOnlyList<long> thresholds = PriceTable.BuiltIn.LongContextThresholds;

        // All history, and a range whose ends fall inside quarters (its part quarters come from the rows).
        foreach ((DateTimeOffset? from, DateTimeOffset? until) in new (DateTimeOffset?, DateTimeOffset?)[]
                 { (null, null), (DateTimeOffset.Parse("2026-04-10T10:07:00Z", CultureInfo.InvariantCulture), DateTimeOffset.Parse("2026-08-20T17:52:30Z", CultureInfo.InvariantCulture)) })
        {
            List<UsageEntry> rows = store.ReadCounted(from, until, null, withIds: false);
            List<UsageEntry> days = store.ReadCountedGroups(from, until, null, thresholds, new SumBuckets(calendar, hourly: false, PriceTable.BuiltIn))!;
            List<SessionFile> files = store.SessionFiles(from, until, null);
            Assert.True(days.Count < rows.Count / 2, $"{days.Count} sums for {rows.Count} rows");
            foreach (CostMode mode in Enum.GetValues<CostMode>())
            {
                List<UsageSession> expected = UsageReport.Sessions(UsageReport.Select(rows, new UsageFilter(), new CostCalculator(PriceTable.BuiltIn, mode)), calendar);
                List<UsageSession> actual = UsageReport.Sessions(UsageReport.Select(days, new UsageFilter(), new CostCalculator(PriceTable.BuiltIn, mode)), calendar, files);
                Assert.Equal(Describe(expected), Describe(actual));
                if (from is null)
                {
                    Assert.Equal(2, Assert.Single(expected, s => s.SessionId == "cc-1").FilePath.Count);
                    Assert.True(Assert.Single(expected, s => s.SessionId == "cc-3").LogDeleted);
                    Assert.Equal(5, expected.Count(s => s.Automation == "cron (hourly)"));
                }
            }
        }
    }

    [Theory]
    [InlineData("UTC")]
    [InlineData("America/New_York")]
    [InlineData("Asia/Kathmandu")]
    [InlineData("Australia/Lord_Howe")]
    public void Billing_windows_from_sums_per_utc_hour_equal_the_windows_of_one_object_per_response(string zone)
    {
        using TempFolder dir = Fixture(new Random(5));
        using var ledgerDir = new TempFolder();
        using SqliteLedgerStore store = SqliteLedgerStore.Open(Path.Combine(ledgerDir.Path, "ledger.db"));
        LedgerIngest.Run(store, new ScanRequest { Paths = [dir.Path] }, new CollectingObserver(), CancellationToken.None);
        var calendar = new ZonedCalendar(ZonedCalendar.ResolveZone(zone));
        var utcHours = new SumBuckets(new ZonedCalendar(TimeZoneInfo.Utc), hourly: true, PriceTable.BuiltIn);

        // As of a moment inside a session (its window is active and projected), and after everything.
        List<UsageEntry> all = store.ReadCounted(null, null, null, withIds: false);
        DateTimeOffset middle = all.OrderBy(e => e.Timestamp).ElementAt(all.Count / 2).Timestamp.AddMinutes(7).AddSeconds(13);
        foreach (DateTimeOffset at in new[] { middle, new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero) })
        {
            List<UsageEntry> rows = store.ReadCounted(null, at, null, withIds: false);
            List<UsageEntry> hours = store.ReadCountedGroups(null, at, null, PriceTable.BuiltIn.LongContextThresholds, utcHours)!;
            Assert.True(hours.Count < rows.Count / 2, $"{hours.Count} sums for {rows.Count} rows");
            foreach (CostMode mode in Enum.GetValues<CostMode>())
            {
                List<BillingBlock> expected = BillingBlockBuilder.Build(UsageReport.Select(rows, new UsageFilter(), new CostCalculator(PriceTable.BuiltIn, mode)), at, calendar);
                List<BillingBlock> actual = BillingBlockBuilder.Build(UsageReport.Select(hours, new UsageFilter(), new CostCalculator(PriceTable.BuiltIn, mode)), at, calendar);
                Assert.Equal(Describe(expected), Describe(actual));
                Assert.True(expected.Count(b => b.IsGap) > 10, $"{expected.Count(b => b.IsGap)} gaps");
                Assert.Equal(at == middle, expected.Any(b => b.IsActive && b.ProjectedTotalTokens is not null));
            }
        }
    }

    [Theory]
    [InlineData("UTC", 7)]
    [InlineData("America/New_York", 7)]
    [InlineData("Asia/Kathmandu", 7)]
    [InlineData("Australia/Lord_Howe", 7)]
    [InlineData("Australia/Lord_Howe", 104)] // a limit reached in the half hour after the clocks went forward by half an hour
    public void Budgets_from_sums_per_local_hour_equal_the_budgets_of_one_object_per_response(string zone, int seed)
    {
        using TempFolder dir = Fixture(new Random(seed));
        using var ledgerDir = new TempFolder();
        using SqliteLedgerStore store = SqliteLedgerStore.Open(Path.Combine(ledgerDir.Path, "ledger.db"));
        LedgerIngest.Run(store, new ScanRequest { Paths = [dir.Path] }, new CollectingObserver(), CancellationToken.None);
        var calendar = new ZonedCalendar(ZonedCalendar.ResolveZone(zone));
        var localHours = new SumBuckets(calendar, hourly: true, PriceTable.BuiltIn);
        List<UsageEntry> all = store.ReadCounted(null, null, null, withIds: false);
        List<UsageEntry> ordered = [.. all.OrderBy(e => e.Timestamp)];

        // As of a moment inside a session, as of the very moment of a response (which counts), and after everything.
        DateTimeOffset[] moments =
        [
            ordered[ordered.Count / 2].Timestamp.AddMinutes(7).AddSeconds(13),
            ordered[(ordered.Count * 3) / 4].Timestamp,
            new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero),
        ];
        int reachedInside = 0, expanded = 0;
        foreach (DateTimeOffset at in moments)
        {
            List<UsageEntry> rows = store.ReadCounted(null, at.AddTicks(1), null, withIds: false);
            List<UsageEntry> hours = store.ReadCountedGroups(null, at.AddTicks(1), null, PriceTable.BuiltIn.LongContextThresholds, localHours)!;
            Assert.True(hours.Count < rows.Count * 2 / 3, $"{hours.Count} sums for {rows.Count} rows");
            foreach (CostMode mode in new[] { CostMode.Auto, CostMode.Calculate })
            {
                List<CountedResponse> one = UsageReport.Select(rows, new UsageFilter(), new CostCalculator(PriceTable.BuiltIn, mode));
                List<CountedResponse> summed = UsageReport.Select(hours, new UsageFilter(), new CostCalculator(PriceTable.BuiltIn, mode));
                IReadOnlyList<CountedResponse> OfHour(DateTimeOffset from, DateTimeOffset until)
                {
                    expanded++;
                    return UsageReport.Select(store.ReadCounted(from, until, null, withIds: false), new UsageFilter { Range = new TimeRange(from, until) }, new CostCalculator(PriceTable.BuiltIn, mode));
                }

                foreach (BudgetPeriod period in Enum.GetValues<BudgetPeriod>())
                {
                    foreach (UsageMetric metric in Enum.GetValues<UsageMetric>())
                    {
                        // What the period spent, then limits it reaches early, half-way, exactly at its last response,
                        // and never.
                        decimal spent = BudgetEvaluator.Evaluate(new BudgetDefinition(period, metric, decimal.MaxValue / 1_000_000m), BudgetThresholds.Default, one, calendar, at).Spent;
                        if (spent == 0m)
                        {
                            continue;
                        }

                        foreach (decimal limit in new[] { spent / 1000m, spent / 2m, spent / 3m, spent, spent * 2m })
                        {
                            var budget = new BudgetDefinition(period, metric, limit);
                            BudgetStatus expected = BudgetEvaluator.Evaluate(budget, BudgetThresholds.Default, one, calendar, at);
                            BudgetStatus actual = BudgetEvaluator.Evaluate(budget, BudgetThresholds.Default, summed, calendar, at, OfHour);
                            Assert.Equal(Describe(expected), Describe(actual));
                            reachedInside += limit < spent && expected.LimitReachedAt is not null ? 1 : 0;
                        }
                    }
                }
            }
        }

        // Limits reached inside their period, each found among the responses of one hour read one by one.
        Assert.True(reachedInside > 20 && expanded >= reachedInside, $"{reachedInside} limits reached inside a period, {expanded} hours read");
    }

    /// <summary>Every property of a budget's status, as text (amounts by value).</summary>
    private static string Describe(BudgetStatus b)
    {
        static string D(decimal? d) => d?.ToString("G29", CultureInfo.InvariantCulture) ?? "-";
        static string Top(IReadOnlyList<BudgetContributor> top) => string.Join(";", top.Select(c => $"{c.Name}/{c.Project}/{D(c.Cost)}/{c.TotalTokens}/{c.Requests}/{D(c.SharePercent)}"));
        return string.Join(" | ", b.Period, b.Metric, b.PeriodStart.ToString("o"), b.PeriodEnd.ToString("o"), b.At.ToString("o"), b.TimeZone, D(b.Limit),
            D(b.Spent), D(b.PercentUsed), b.Status, b.IsBelowCritical, D(b.WarningAt), D(b.CriticalAt), b.PeriodDays, D(b.ElapsedDays), D(b.BurnRatePerDay),
            D(b.BudgetRatePerDay), D(b.BurnMultiplier), D(b.ProjectedSpend), D(b.ProjectedOverage), b.LimitReachedAt?.ToString("o"), b.Requests,
            b.UnpricedRequests, D(b.CacheHitRate), D(b.CacheWriteCost), D(b.CacheSavings), Top(b.TopSessions), Top(b.TopModels));
    }

    /// <summary>Every property of every window, as text (amounts by value).</summary>
    private static List<string> Describe(List<BillingBlock> blocks) => blocks.ConvertAll(b => string.Join(" | ",
        b.Start.ToString("o"), b.End.ToString("o"), b.FirstActivity?.ToString("o"), b.LastActivity?.ToString("o"), b.IsActive, b.IsGap, b.Requests,
        b.Sessions, string.Join(",", b.Models), b.TimeLeft, b.TokensPerMinute?.ToString("G29", CultureInfo.InvariantCulture),
        b.CostPerHour?.ToString("G29", CultureInfo.InvariantCulture), b.ProjectedTotalTokens, b.ProjectedCost?.ToString("G29", CultureInfo.InvariantCulture),
        b.InputTokens, b.OutputTokens, b.CacheWrite5mTokens, b.CacheWrite1hTokens, b.CacheReadTokens, b.WebSearchRequests,
        b.Cost?.ToString("G29", CultureInfo.InvariantCulture), b.RecordedCost?.ToString("G29", CultureInfo.InvariantCulture), b.UnpricedRequests,
        b.CacheWriteCost?.ToString("G29", CultureInfo.InvariantCulture), b.CacheSavings?.ToString("G29", CultureInfo.InvariantCulture), b.TimeZone));

    /// <summary>Every property of every session, as text (amounts by value).</summary>
    private static List<string> Describe(List<UsageSession> sessions) => sessions.ConvertAll(s => string.Join(" | ",
        s.SessionId, s.Source, s.Agent, s.Project, s.ProjectPath, s.ProjectSlug, string.Join(",", s.FilePath), s.FirstActivity.ToString("o"),
        s.LastActivity.ToString("o"), s.Duration, s.Requests, s.LogDeleted, string.Join(",", s.Models), s.Automation, s.InputTokens, s.OutputTokens,
        s.CacheWrite5mTokens, s.CacheWrite1hTokens, s.CacheReadTokens, s.WebSearchRequests, s.WebFetchRequests, s.CodeExecutionRequests,
        s.Cost?.ToString("G29", CultureInfo.InvariantCulture), s.RecordedCost?.ToString("G29", CultureInfo.InvariantCulture), s.UnpricedRequests,
        s.CacheHitRate?.ToString("G29", CultureInfo.InvariantCulture), s.CacheWriteCost?.ToString("G29", CultureInfo.InvariantCulture),
        s.CacheSavings?.ToString("G29", CultureInfo.InvariantCulture)));

    /// <summary>Every property of every row, as text (amounts by value: a sum may carry more trailing zeros).</summary>
    private static List<string> Describe(List<UsageSummary> summaries) => summaries.ConvertAll(s => string.Join(" | ",
        s.Group, s.Requests, s.Sessions, string.Join(",", s.Models), s.InputTokens, s.OutputTokens, s.CacheWrite5mTokens, s.CacheWrite1hTokens,
        s.CacheReadTokens, s.WebSearchRequests, s.WebFetchRequests, s.CodeExecutionRequests, s.Cost?.ToString("G29", CultureInfo.InvariantCulture),
        s.RecordedCost?.ToString("G29", CultureInfo.InvariantCulture), s.UnpricedRequests, s.FirstActivity.ToString("o"), s.LastActivity.ToString("o"),
        s.CacheHitRate?.ToString("G29", CultureInfo.InvariantCulture), s.CacheWriteCost?.ToString("G29", CultureInfo.InvariantCulture),
        s.CacheSavings?.ToString("G29", CultureInfo.InvariantCulture)));

    /// <summary>
    /// A year of Claude Code and pi responses around the DST changes: several models (one unpriced), fast mode, US
    /// geography, long-context prompts on both sides of the 100K and 200K thresholds, advisor steps, recorded costs
    /// (some zero), a price change (Sonnet 5.5, 2026-10-07), and several sessions per day.
    /// </summary>
    private static TempFolder Fixture(Random random)
    {
        var dir = new TempFolder();
        string[] models = ["claude-sonnet-4-5-20250929", "claude-haiku-5-5", "claude-opus-4-7", "claude-sonnet-5-5", "claude-sonnet-4-6"];
        var start = new DateTimeOffset(2026, 2, 25, 0, 0, 0, TimeSpan.Zero);
        // Sessions across the year, and sessions that run through the DST changes of New York, Adelaide, Chatham and
        // Lord Howe (whose clocks move by half an hour).
        DateTimeOffset[] transitions = [.. new[] { "2026-03-08T04:00:00Z", "2026-11-01T03:00:00Z", "2026-04-04T13:30:00Z", "2026-10-03T13:30:00Z", "2026-04-04T11:00:00Z", "2026-09-26T11:00:00Z", "2026-04-04T14:00:00Z", "2026-10-03T14:30:00Z" }
            .Select(s => DateTimeOffset.Parse(s, CultureInfo.InvariantCulture))];
        for (int session = 0; session < 40; session++)
        {
            DateTimeOffset at = session < transitions.Length ? transitions[session] : start.AddHours(random.Next(0, 24 * 270));
            var lines = new List<string>();
            string model = models[random.Next(models.Length)];
            for (int i = 0; i < 120; i++)
            {
                at = at.AddSeconds(random.Next(5, 200));
                if (random.Next(6) == 0)
                {
                    model = models[random.Next(models.Length)];
                }

                long input = random.Next(3) == 0 ? random.Next(90_000, 260_000) : random.Next(10, 5_000);
                JsonArray? steps = random.Next(10) == 0
                    ? [new JsonObject { ["type"] = "advisor_message", ["model"] = "claude-opus-5-5", ["input_tokens"] = random.Next(1_000, 30_000), ["output_tokens"] = random.Next(100, 2_000) }]
                    : null;
                lines.Add(ClaudeAssistant(at.ToString("o", CultureInfo.InvariantCulture), $"msg_{session}_{i}", $"req_{session}_{i}", model: model, input: input,
                    output: random.Next(10, 4_000), cacheWrite5m: random.Next(0, 3_000), cacheWrite1h: random.Next(0, 1_000), cacheRead: random.Next(0, 60_000),
                    webSearch: random.Next(4) == 0 ? 1 : 0, sessionId: $"cc-{session}", cwd: $"/home/user/work/p{session % 4}",
                    speed: random.Next(5) == 0 ? "fast" : "standard", inferenceGeo: random.Next(4) == 0 ? "us" : "global", iterations: steps,
                    costUsd: random.Next(6) == 0 ? random.Next(0, 2_000) / 1_000_000m : null));
            }

            dir.Write($".claude/projects/-home-user-work-p{session % 4}/cc-{session}.jsonl", [.. lines]);
        }

        // Sessions that run through a price change (Sonnet 4.6's long-context premium ends 2026-03-14, Sonnet 5.5's
        // cache reads are cut 2026-10-07, both at 00:00 UTC): a local day west of UTC holds both prices.
        foreach ((string model, string from) in new[] { ("claude-sonnet-4-6", "2026-03-13T22:30:00Z"), ("claude-sonnet-5-5", "2026-10-06T22:30:00Z") })
        {
            DateTimeOffset at = DateTimeOffset.Parse(from, CultureInfo.InvariantCulture);
            var lines = new List<string>();
            for (int i = 0; i < 60; i++)
            {
                at = at.AddSeconds(random.Next(60, 240));
                lines.Add(ClaudeAssistant(at.ToString("o", CultureInfo.InvariantCulture), $"msg_{model}_{i}", $"req_{model}_{i}", model: model,
                    input: random.Next(2) == 0 ? random.Next(200_001, 260_000) : random.Next(10, 5_000), output: random.Next(10, 4_000),
                    cacheRead: random.Next(0, 60_000), sessionId: $"cc-{model}", cwd: "/home/user/work/p0"));
            }

            dir.Write($".claude/projects/-home-user-work-p0/cc-{model}.jsonl", [.. lines]);
        }

        for (int session = 0; session < 10; session++)
        {
            DateTimeOffset at = start.AddHours(random.Next(0, 24 * 270));
            var lines = new List<string> { PiSession($"pi-{session}", at.ToString("o", CultureInfo.InvariantCulture), cwd: "/home/user/work/pi") };
            for (int i = 0; i < 30; i++)
            {
                at = at.AddMinutes(random.Next(1, 30));
                bool unpriced = random.Next(4) == 0;
                decimal? cost = random.Next(3) switch { 0 => null, 1 => 0m, _ => random.Next(1, 50_000) / 1_000_000m };
                lines.Add(PiAssistant(at.ToString("o", CultureInfo.InvariantCulture), at.ToUnixTimeMilliseconds(), model: unpriced ? "gpt-5" : "claude-sonnet-4-5",
                    provider: unpriced ? "openai" : "anthropic", input: random.Next(10, 3_000), output: random.Next(10, 3_000), cacheRead: random.Next(0, 20_000),
                    cacheWrite: random.Next(0, 2_000), costTotal: cost, responseId: $"resp_{session}_{i}"));
            }

            dir.Write($".pi/agent/sessions/--home-user-work-pi--/pi-{session}.jsonl", [.. lines]);
        }

        return dir;
    }
}

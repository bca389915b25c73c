using System.Text;
using System.Text.RegularExpressions;
using ClaudeUsage.Core;
using ClaudeUsage.Core.Aggregation;
using ClaudeUsage.Core.Budgets;
using ClaudeUsage.Core.Dashboard;
using ClaudeUsage.Core.Ledger;
using ClaudeUsage.Core.Pricing;
using ClaudeUsage.Core.Scanning;
using ClaudeUsage.Core.Time;

namespace ClaudeUsage.Tests;

/// <summary>
/// A dashboard made from the ledger's sums per local hour (the spikes' and the budgets' responses read one by one where
/// they need them) against the same dashboard from one object per response: the same JSON, amount by amount.
/// </summary>
public class DashboardFromSumsTests
{
    [Theory]
    [InlineData("UTC", 3)]
    [InlineData("America/New_York", 5)]
    [InlineData("Asia/Kathmandu", 8)]
    [InlineData("Australia/Lord_Howe", 13)]
    public void A_dashboard_from_sums_per_local_hour_is_the_dashboard_of_one_object_per_response(string zone, int seed)
    {
        using TempFolder dir = SpikesFromSumsTests.Fixture(new Random(seed));
        using var ledgerDir = new TempFolder();
        using SqliteLedgerStore store = SqliteLedgerStore.Open(Path.Combine(ledgerDir.Path, "ledger.db"));
        LedgerIngest.Run(store, new ScanRequest { Paths = [dir.Path] }, new CollectingObserver(), CancellationToken.None);
        var calendar = new ZonedCalendar(ZonedCalendar.ResolveZone(zone));
        var costs = new CostCalculator(PriceTable.BuiltIn, CostMode.Auto);
        var hours = new SumBuckets(calendar, hourly: true, PriceTable.BuiltIn);
        // As of the middle of the hourly job's two weeks, and of the day after the DST change in New York: the
        // responses read one by one are those the dashboard selected, up to that moment (as the command reads them).
        int spikes = 0;
        foreach (DateTimeOffset now in new[] { new DateTimeOffset(2026, 11, 1, 17, 25, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 19, 23, 0, 0, TimeSpan.Zero) })
        {
            var selection = new UsageFilter { Range = new TimeRange(null, now.AddTicks(1)) };
            IReadOnlyList<CountedResponse> Between(DateTimeOffset from, DateTimeOffset until)
            {
                UsageFilter within = selection.Within(new TimeRange(from, until));
                return UsageReport.Select(store.ReadCounted(within.Range.Start, within.Range.End, null, withIds: false), within, costs);
            }

            List<CountedResponse> one = UsageReport.Select(store.ReadCounted(null, now.AddTicks(1), null, withIds: false), selection, costs);
            List<CountedResponse> summed = UsageReport.Select(store.ReadCountedGroups(null, now.AddTicks(1), null, PriceTable.BuiltIn.LongContextThresholds, hours)!, selection, costs);
            Assert.True(summed.Count < one.Count / 3, $"{summed.Count} sums for {one.Count} rows");
            string expected = Json(one, calendar, now, responsesBetween: null, ref spikes);
            string actual = Json(summed, calendar, now, Between, ref spikes);
            Assert.Equal(expected, actual);
        }

        Assert.True(spikes > 0, "no spike was compared");
    }

    /// <summary>The dashboard's JSON as the command builds it (30 days, three budgets), each number's trailing zeros dropped.</summary>
    private static string Json(IReadOnlyList<CountedResponse> responses, ZonedCalendar calendar, DateTimeOffset now,
        Func<DateTimeOffset, DateTimeOffset, IReadOnlyList<CountedResponse>>? responsesBetween, ref int spikes)
    {
        BudgetDefinition[] budgets = [new(BudgetPeriod.Daily, UsageMetric.Cost, 5m), new(BudgetPeriod.Weekly, UsageMetric.Cost, 20m), new(BudgetPeriod.Monthly, UsageMetric.Tokens, 50_000_000m)];
        List<DashboardSpike> found = DashboardBuilder.Spikes(responses, calendar, now, 30, responsesBetween);
        spikes += found.Count;
        DashboardModel model = DashboardBuilder.Build(
            responses,
            calendar,
            now,
            30,
            60,
            [.. budgets.Select(b => DashboardMapping.Budget(BudgetEvaluator.Evaluate(b, BudgetThresholds.Default, responses, calendar, now, responsesBetween)))],
            found,
            []);
        using var stream = new MemoryStream();
        DashboardJsonWriter.Write(stream, model);
        return Regex.Replace(Encoding.UTF8.GetString(stream.ToArray()), @"(\.\d*?[1-9])0+\b|\.0+\b", "$1");
    }
}

using System.Globalization;
using ClaudeUsage.Core;
using ClaudeUsage.Core.Aggregation;
using ClaudeUsage.Core.Ledger;
using ClaudeUsage.Core.Pricing;
using ClaudeUsage.Core.Scanning;
using ClaudeUsage.Core.Spikes;
using ClaudeUsage.Core.Time;
using static ClaudeUsage.Tests.Transcript;

namespace ClaudeUsage.Tests;

/// <summary>
/// Spikes found from the ledger's sums, with only each spike's and its baseline's responses read one by one, against
/// spikes found from one object per response: every property equal (amounts, drivers, factors, the explanation).
/// </summary>
public class SpikesFromSumsTests
{
    [Theory]
    [InlineData("UTC", 3)]
    [InlineData("America/New_York", 5)]
    [InlineData("Asia/Kathmandu", 8)]
    [InlineData("Australia/Lord_Howe", 13)]
    public void Spikes_from_sums_equal_the_spikes_of_one_object_per_response(string zone, int seed)
    {
        using TempFolder dir = Fixture(new Random(seed));
        using var ledgerDir = new TempFolder();
        using SqliteLedgerStore store = SqliteLedgerStore.Open(Path.Combine(ledgerDir.Path, "ledger.db"));
        LedgerIngest.Run(store, new ScanRequest { Paths = [dir.Path] }, new CollectingObserver(), CancellationToken.None);
        var calendar = new ZonedCalendar(ZonedCalendar.ResolveZone(zone));
        var costs = new CostCalculator(PriceTable.BuiltIn, CostMode.Auto);
        List<CountedResponse> one = UsageReport.Select(store.ReadCounted(null, null, null, withIds: false), new UsageFilter(), costs);
        DateTimeOffset first = one[0].Entry.Timestamp;
        var range = new TimeRange(new DateTimeOffset(2026, 10, 10, 0, 0, 0, TimeSpan.Zero), null);

        int spikes = 0, withMisses = 0, withAutomation = 0;
        foreach (UsageInterval interval in Enum.GetValues<UsageInterval>())
        {
            var buckets = new SumBuckets(calendar, hourly: interval == UsageInterval.Hour, PriceTable.BuiltIn);
            List<CountedResponse> summed = UsageReport.Select(store.ReadCountedGroups(null, null, null, PriceTable.BuiltIn.LongContextThresholds, buckets)!, new UsageFilter(), costs);
            Assert.True(summed.Count < one.Count / 3, $"{summed.Count} sums for {one.Count} rows");
            foreach (UsageMetric metric in Enum.GetValues<UsageMetric>())
            {
                foreach ((int baseline, decimal factor) in new[] { (7, 1.5m), (3, 1.2m) })
                {
                    var options = new SpikeOptions { Interval = interval, Metric = metric, BaselineIntervals = baseline, Factor = factor, MinimumIncrease = 0m };
                    int read = 0;
                    IReadOnlyList<CountedResponse> Between(DateTimeOffset from, DateTimeOffset until)
                    {
                        List<CountedResponse> rows = UsageReport.Select(store.ReadCounted(from, until, null, withIds: false), new UsageFilter { Range = new TimeRange(from, until) }, costs);
                        read += rows.Count;
                        return rows;
                    }

                    List<string> expected = SpikeDetector.Find(one, range, options, calendar, first).ConvertAll(Describe);
                    List<string> actual = SpikeDetector.Find(summed, range, options, calendar, first, Between).ConvertAll(Describe);
                    Assert.Equal(expected, actual);
                    spikes += expected.Count;
                    withMisses += expected.Count(s => s.Contains("idle gaps", StringComparison.Ordinal) || s.Contains("model switches", StringComparison.Ordinal));
                    withAutomation += expected.Count(s => s.Contains("Automation", StringComparison.Ordinal));
                    Assert.True(expected.Count == 0 ? read == 0 : read > 0 && read < one.Count, $"{read} responses read one by one for {expected.Count} spikes of {one.Count}");
                }
            }
        }

        // Spikes of every kind were compared: some explained by cache misses, some driven by an automation.
        Assert.True(spikes > 40 && withMisses > 0 && withAutomation > 0, $"{spikes} spikes, {withMisses} with cache misses, {withAutomation} with an automation");
    }

    [Fact]
    public void Summed_responses_without_a_way_to_read_their_responses_are_refused()
    {
        using TempFolder dir = Fixture(new Random(3));
        using var ledgerDir = new TempFolder();
        using SqliteLedgerStore store = SqliteLedgerStore.Open(Path.Combine(ledgerDir.Path, "ledger.db"));
        LedgerIngest.Run(store, new ScanRequest { Paths = [dir.Path] }, new CollectingObserver(), CancellationToken.None);
        var calendar = new ZonedCalendar(TimeZoneInfo.Utc);
        List<CountedResponse> summed = UsageReport.Select(
            store.ReadCountedGroups(null, null, null, PriceTable.BuiltIn.LongContextThresholds, new SumBuckets(calendar, hourly: false, PriceTable.BuiltIn))!,
            new UsageFilter(),
            new CostCalculator(PriceTable.BuiltIn, CostMode.Auto));

        Assert.Throws<ArgumentException>(() => SpikeDetector.Find(summed, TimeRange.All, new SpikeOptions(), calendar));
    }

    /// <summary>Every property of a spike, its drivers and its factors, as text (amounts by value).</summary>
    private static string Describe(UsageSpike s)
    {
        static string D(decimal? d) => d?.ToString("G29", CultureInfo.InvariantCulture) ?? "-";
        static string Drivers(IEnumerable<SpikeDriver> drivers) => string.Join(";", drivers.Select(d =>
            $"{d.Kind}/{d.Name}/{d.Project}/{D(d.Amount)}/{D(d.Baseline)}/{D(d.Increase)}/{D(d.SharePercent)}"));
        return string.Join(" | ", s.Interval, s.Start.ToString("o"), s.End.ToString("o"), s.Metric, D(s.Amount), D(s.Baseline), D(s.Increase), D(s.Ratio),
            s.BaselineIntervals, D(s.Cost), s.TotalTokens, s.Requests, Drivers(s.Sessions), Drivers(s.Models), Drivers(s.Projects),
            string.Join(";", s.Factors.Select(f => $"{f.Factor}/{D(f.Increase)}/{D(f.SharePercent)}/{D(f.Baseline)}/{D(f.Current)}/[{Drivers(f.Drivers)}]")),
            s.LargestFactor, s.Explanation, s.TimeZone);
    }

    /// <summary>
    /// Two months of interactive sessions on three projects (busier some days than others, models switched and idle
    /// gaps inside sessions, some of hours), an hourly job that runs for two weeks of it, and a daily
    /// job; around the DST changes of New York (Nov 1) and Lord Howe (Oct 4).
    /// </summary>
    internal static TempFolder Fixture(Random random)
    {
        var dir = new TempFolder();
        string[] models = ["claude-sonnet-4-5-20250929", "claude-haiku-5-5", "claude-opus-4-7", "claude-sonnet-5-5"];
        var start = new DateTimeOffset(2026, 9, 20, 0, 0, 0, TimeSpan.Zero);
        for (int session = 0; session < 90; session++)
        {
            DateTimeOffset at = start.AddMinutes(random.Next(0, 60 * 24 * 62));
            string model = models[random.Next(models.Length)];
            string project = $"p{random.Next(3)}";
            int requests = random.Next(3) == 0 ? random.Next(60, 160) : random.Next(5, 30);
            var lines = new List<string>();
            long context = random.Next(5_000, 40_000);
            for (int i = 0; i < requests; i++)
            {
                // Now and then an idle gap past the cache lifetime, sometimes of hours (longer than some baselines).
                int gap = random.Next(40) == 0 ? random.Next(4 * 3_600, 12 * 3_600) : random.Next(8) == 0 ? random.Next(400, 3_000) : random.Next(5, 120);
                at = at.AddSeconds(gap);
                if (random.Next(10) == 0)
                {
                    model = models[random.Next(models.Length)];
                }

                bool missed = gap > 3_600 || random.Next(7) == 0;
                long write = random.Next(200, 3_000);
                lines.Add(ClaudeAssistant(at.ToString("o", CultureInfo.InvariantCulture), $"msg_{session}_{i}", $"req_{session}_{i}", model: model,
                    input: random.Next(10, 2_000), output: random.Next(10, 6_000), cacheWrite5m: missed ? context + write : write,
                    cacheRead: missed ? 0 : context, sessionId: $"s-{session}", cwd: $"/home/user/work/{project}"));
                context += write;
            }

            dir.Write($".claude/projects/-home-user-work-{project}/s-{session}.jsonl", [.. lines]);
        }

        // An hourly job (Oct 25 to Nov 8) and a daily one (from Sep 25): a few requests each run, on their own projects.
        foreach ((string name, DateTimeOffset from, TimeSpan gap, int runs) in new[]
        {
            ("hourly", new DateTimeOffset(2026, 10, 25, 0, 7, 0, TimeSpan.Zero), TimeSpan.FromHours(1), 14 * 24),
            ("daily", new DateTimeOffset(2026, 9, 25, 6, 30, 0, TimeSpan.Zero), TimeSpan.FromDays(1), 50),
        })
        {
            for (int run = 0; run < runs; run++)
            {
                DateTimeOffset at = from + gap * run;
                var lines = new List<string>();
                for (int i = 0; i < 4; i++)
                {
                    at = at.AddSeconds(random.Next(5, 40));
                    lines.Add(ClaudeAssistant(at.ToString("o", CultureInfo.InvariantCulture), $"msg_{name}_{run}_{i}", $"req_{name}_{run}_{i}", model: "claude-haiku-5-5",
                        input: random.Next(10, 500), output: random.Next(100, 900), cacheWrite5m: random.Next(1_000, 9_000), cacheRead: random.Next(0, 20_000),
                        sessionId: $"{name}-{run}", cwd: $"/home/user/jobs/{name}"));
                }

                dir.Write($".claude/projects/-home-user-jobs-{name}/{name}-{run}.jsonl", [.. lines]);
            }
        }

        return dir;
    }
}

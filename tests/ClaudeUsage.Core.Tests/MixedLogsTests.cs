using ClaudeUsage.Core.Aggregation;
using ClaudeUsage.Core.Pricing;
using ClaudeUsage.Core.Scanning;

namespace ClaudeUsage.Tests;

/// <summary>Every agent's logs in one folder: each response counted once, priced as each cost mode says.</summary>
public class MixedLogsTests
{
    [Theory]
    [InlineData(CostMode.Auto, true)]
    [InlineData(CostMode.Calculate, true)]
    [InlineData(CostMode.Auto, false)]
    public void Each_source_and_model_adds_up_to_the_hand_count(CostMode mode, bool keepIds)
    {
        using TempFolder dir = MixedLogs.Create();
        var observer = new CollectingObserver();

        // Without ids kept, the responses are told apart by the ids' keys alone: the counts must not change.
        ScanResult scan = UsageScanner.Scan(new ScanRequest { Paths = [dir.Path], KeepIds = keepIds }, observer, CancellationToken.None);
        Assert.All(scan.Responses, e => Assert.Equal(keepIds, e.ResponseId is not null));
        List<CountedResponse> counted = UsageReport.Select(scan.Responses, new UsageFilter(), new CostCalculator(PriceTable.BuiltIn, mode));

        Assert.Empty(observer.Unreadable);
        Assert.Empty(observer.Malformed);
        // 1 Claude Code + 2 pi (live, fork) + 3 clawdbot (live, .deleted, .reset) + 1 OpenClaw JSONL + 1 database.
        Assert.Equal(8, scan.FileCount);
        var actual = counted
            .GroupBy(r => (r.Entry.Source.ToString(), r.Entry.Model!))
            .ToDictionary(
                g => g.Key,
                g => (g.Count(), g.Sum(r => r.Entry.Tokens.Input), g.Sum(r => r.Entry.Tokens.Output), g.Sum(r => r.Entry.Tokens.CacheWrite), g.Sum(r => r.Entry.Tokens.CacheRead), g.Sum(r => r.Cost.Amount)));
        var expected = MixedLogs.Expected.ToDictionary(
            e => e.Key,
            e => (e.Value.Requests, e.Value.In, e.Value.Out, e.Value.Write, e.Value.Read, (decimal?)(mode == CostMode.Auto ? e.Value.Auto : e.Value.Calculate ?? 0m)));
        Assert.Equal(expected.OrderBy(e => e.Key), actual.OrderBy(e => e.Key));
        Assert.Equal(112_602, counted.Sum(r => r.Entry.Tokens.Total));
        Assert.Equal(mode == CostMode.Auto ? 0.176886m : 0.140136m, counted.Sum(r => r.Cost.Amount ?? 0m));
    }
}

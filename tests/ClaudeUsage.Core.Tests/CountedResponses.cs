using System.Globalization;
using ClaudeUsage.Core;
using ClaudeUsage.Core.Aggregation;
using ClaudeUsage.Core.Pricing;

namespace ClaudeUsage.Tests;

/// <summary>Builds counted, priced responses directly, for tests of the logic that works on them.</summary>
internal static class CountedResponses
{
    public static DateTimeOffset At(string utc) => DateTimeOffset.Parse(utc, CultureInfo.InvariantCulture);

    /// <summary>A response at a UTC time with a cost (null = unpriced) and a number of input tokens.</summary>
    public static CountedResponse Response(
        string utc,
        decimal? cost,
        long tokens = 0,
        string session = "s1",
        string model = "claude-sonnet-4-6",
        string project = "/home/user/work/demo") =>
        new(
            new UsageEntry
            {
                Source = UsageSource.ClaudeCode,
                Timestamp = At(utc),
                SessionId = session,
                Model = model,
                ProjectPath = project,
                Tokens = new TokenCounts(tokens, 0, 0, 0, 0, 0),
                FilePath = "/logs/" + session + ".jsonl",
            },
            new ResponseCost(cost, cost is null ? CostBasis.None : CostBasis.Calculated, false));

    /// <summary>In time order, as UsageReport.Select returns them.</summary>
    public static List<CountedResponse> InOrder(params CountedResponse[] responses) =>
        [.. responses.OrderBy(r => r.Entry.Timestamp)];
}

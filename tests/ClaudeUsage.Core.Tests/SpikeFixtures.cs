using ClaudeUsage.Core;
using ClaudeUsage.Core.Aggregation;
using ClaudeUsage.Core.Pricing;
using static ClaudeUsage.Tests.CountedResponses;

namespace ClaudeUsage.Tests;

/// <summary>
/// Usage histories with one planted cause of a spike each, priced by the built-in price table.
/// </summary>
/// <remarks>
/// Every history has the same eight quiet days, Nov 1 to 8 2026 (UTC): four interactive sessions a day in project
/// webapp on claude-sonnet-5 ($2 input, $2.50 cache write 5m, $0.20 cache read, $10 output per million), starting
/// at irregular times, 25 requests each a minute apart. A quiet request is 100 input, 2,000 cache-write (5m),
/// 40,000 cache-read and 500 output tokens: 200 + 5,000 + 8,000 + 5,000 = 18,200 per million = $0.0182. A quiet
/// day is 100 requests = $1.82. Nov 9 carries the planted cause; Nov 10 is quiet again.
/// </remarks>
internal sealed class SpikeFixtures
{
    public static readonly TokenCounts QuietRequest = new(100, 500, 2_000, 0, 40_000, 0);

    private static readonly string[] SessionStarts = ["08:13", "11:02", "13:40", "17:55"];

    private readonly List<UsageEntry> _entries = [];

    /// <summary>The quiet days, Nov 1 to 8 and Nov 10 (and Nov 9 unless it is replaced).</summary>
    public static SpikeFixtures Quiet(bool quietNinth = true)
    {
        var f = new SpikeFixtures();
        for (int day = 1; day <= 10; day++)
        {
            if (day != 9 || quietNinth)
            {
                f.QuietDay(day);
            }
        }

        return f;
    }

    /// <summary>A quiet day's four sessions, with each request changed as <paramref name="request"/> says.</summary>
    public SpikeFixtures QuietDay(int day, TokenCounts? request = null, string model = "claude-sonnet-5", TimeSpan? spacing = null, string? plugin = null)
    {
        for (int s = 0; s < SessionStarts.Length; s++)
        {
            DateTimeOffset start = At($"2026-11-{day:00}T{SessionStarts[s]}:00Z");
            Session($"webapp-{day:00}-{s}", "/home/user/work/webapp", start, 25, spacing ?? TimeSpan.FromMinutes(1), request ?? QuietRequest, model, plugin);
        }

        return this;
    }

    public SpikeFixtures Session(
        string id,
        string project,
        DateTimeOffset start,
        int requests,
        TimeSpan spacing,
        TokenCounts request,
        string model = "claude-sonnet-5",
        string? plugin = null,
        string? subagent = null,
        string? mcpServers = null)
    {
        for (int i = 0; i < requests; i++)
        {
            _entries.Add(new UsageEntry
            {
                Source = UsageSource.ClaudeCode,
                Timestamp = start + (spacing * i),
                SessionId = id,
                Model = model,
                ProjectPath = project,
                Tokens = request,
                Plugin = plugin,
                Subagent = subagent,
                IsSidechain = subagent is not null,
                McpServers = mcpServers,
                FilePath = subagent is null ? $"/logs/{id}.jsonl" : $"/logs/{id}/subagents/agent-{subagent}.jsonl",
                LineNumber = i + 1,
            });
        }

        return this;
    }

    /// <summary>The history priced, in time order.</summary>
    public List<CountedResponse> Responses()
    {
        var costs = new CostCalculator(PriceTable.BuiltIn, CostMode.Calculate);
        return [.. _entries.Select(e => new CountedResponse(e, costs.Price(e))).OrderBy(r => r.Entry.Timestamp)];
    }
}

using ClaudeUsage.Core.Aggregation;
using ClaudeUsage.Core.Budgets;
using ClaudeUsage.Core.Pricing;
using ClaudeUsage.Core.Time;
using static ClaudeUsage.Tests.Transcript;

namespace ClaudeUsage.Tests;

/// <summary>
/// The cache figures of summaries, sessions and budgets, from log lines read from disk and priced. Every expected
/// figure is worked out here from the price file's per-million prices: Sonnet 4.5 $3 input, $15 output, $3.75 5-minute
/// writes, $6 1-hour writes, $0.30 reads (above 200K prompt tokens $6, $7.50 and $0.60); Opus 4.7 $5 input, $25
/// output, $6.25 5-minute writes, $0.50 reads, fast mode ×6, US inference ×1.1.
/// </summary>
public class CacheEfficiencyTests
{
    private const string Claude = ".claude/projects/-home-user-work-demo/";
    private static readonly ZonedCalendar Utc = new(TimeZoneInfo.Utc);

    private static List<CountedResponse> Read(TempFolder dir, CostMode mode = CostMode.Auto) =>
        UsageReport.Select(CollectingObserver.Scan(dir.Path).Responses, new UsageFilter(), new CostCalculator(PriceTable.BuiltIn, mode));

    private static UsageSummary Total(TempFolder dir, CostMode mode = CostMode.Auto) =>
        Assert.Single(UsageReport.Summarize(Read(dir, mode), [UsageGrouping.Total], Utc));

    /// <summary>
    /// Three Sonnet 4.5 responses of 20 November: two in session a, one in session b.
    /// 1: 1,000 input, 500 output, 2,000 5m-writes, 1,000 1h-writes, 16,000 reads;
    /// 2: 500 input, 200 output, 34,000 reads; 3: 1,500 input, 100 output, 8,000 5m-writes, no reads.
    /// </summary>
    private static TempFolder DayOfThree()
    {
        var dir = new TempFolder();
        dir.Write(Claude + "a.jsonl",
            ClaudeAssistant("2026-11-20T09:00:00Z", "msg_1", "req_1", input: 1_000, output: 500, cacheWrite5m: 2_000, cacheWrite1h: 1_000, cacheRead: 16_000, sessionId: "a"),
            ClaudeAssistant("2026-11-20T09:03:00Z", "msg_2", "req_2", input: 500, output: 200, cacheRead: 34_000, sessionId: "a"));
        dir.Write(Claude + "b.jsonl",
            ClaudeAssistant("2026-11-20T15:00:00Z", "msg_3", "req_3", input: 1_500, output: 100, cacheWrite5m: 8_000, sessionId: "b"));
        return dir;
    }

    [Fact]
    public void One_response_has_its_hit_rate_write_cost_and_savings()
    {
        using var dir = new TempFolder();
        dir.Write(Claude + "s.jsonl", ClaudeAssistant("2026-11-20T09:00:00Z", "msg_1", "req_1",
            input: 1_000, output: 500, cacheWrite5m: 2_000, cacheWrite1h: 1_000, cacheRead: 16_000));

        UsageSummary total = Total(dir);

        // Prompt: 1,000 + 2,000 + 1,000 + 16,000 = 20,000, of which 16,000 read: 0.8.
        Assert.Equal(0.8m, total.CacheHitRate);
        // Writes: 2,000 × $3.75 + 1,000 × $6 = 7,500 + 6,000 = 13,500 per million → $0.0135.
        Assert.Equal(0.0135m, total.CacheWriteCost);
        // Reads as input: 16,000 × $3 = 48,000; at the read price 16,000 × $0.30 = 4,800;
        // 48,000 − 4,800 − 13,500 = 29,700 → $0.0297.
        Assert.Equal(0.0297m, total.CacheSavings);
        // The cost they are part of: 1,000 × $3 + 500 × $15 + 13,500 + 4,800 = 3,000 + 7,500 + 18,300 = 28,800 → $0.0288.
        Assert.Equal(0.0288m, total.Cost);
    }

    [Fact]
    public void A_day_of_several_responses_sums_their_figures()
    {
        using TempFolder dir = DayOfThree();

        UsageSummary day = Assert.Single(UsageReport.Summarize(Read(dir), [UsageGrouping.Day], Utc));

        // Input 1,000 + 500 + 1,500 = 3,000; writes 2,000 + 1,000 + 8,000 = 11,000; reads 16,000 + 34,000 = 50,000.
        // 50,000 ÷ (3,000 + 11,000 + 50,000 = 64,000) = 0.78125.
        Assert.Equal(0.78125m, day.CacheHitRate);
        // Writes: 13,500 (response 1) + 8,000 × $3.75 = 30,000 (response 3) = 43,500 per million → $0.0435.
        Assert.Equal(0.0435m, day.CacheWriteCost);
        // Reads as input less at the read price: 50,000 × ($3 − $0.30) = 135,000; less the writes, 135,000 − 43,500
        // = 91,500 → $0.0915 (per response: 29,700 + 34,000 × $2.70 = 91,800, and −30,000 for the third).
        Assert.Equal(0.0915m, day.CacheSavings);
    }

    [Fact]
    public void Sessions_and_budgets_carry_the_figures_of_their_own_responses()
    {
        using TempFolder dir = DayOfThree();
        List<CountedResponse> responses = Read(dir);

        List<UsageSession> sessions = UsageReport.Sessions(responses, Utc);
        UsageSession a = sessions.Single(s => s.SessionId == "a"), b = sessions.Single(s => s.SessionId == "b");
        // a: reads 50,000 ÷ (1,500 input + 3,000 writes + 50,000 reads = 54,500); writes $0.0135;
        // savings 50,000 × $2.70 − 13,500 = 121,500 → $0.1215.
        Assert.Equal(50_000m / 54_500m, a.CacheHitRate);
        Assert.Equal(0.0135m, a.CacheWriteCost);
        Assert.Equal(0.1215m, a.CacheSavings);
        // b: nothing read: rate 0; 8,000 × $3.75 = 30,000 → $0.03 written and lost.
        Assert.Equal(0m, b.CacheHitRate);
        Assert.Equal(0.03m, b.CacheWriteCost);
        Assert.Equal(-0.03m, b.CacheSavings);

        // A daily budget at 12:00 counts responses 1 and 2 (session a's); one at the end of the day all three.
        BudgetStatus Daily(string at) => BudgetEvaluator.Evaluate(new BudgetDefinition(BudgetPeriod.Daily, UsageMetric.Cost, 1m),
            BudgetThresholds.Default, responses, Utc, CountedResponses.At(at));
        BudgetStatus noon = Daily("2026-11-20T12:00:00Z"), evening = Daily("2026-11-20T23:00:00Z");
        Assert.Equal(50_000m / 54_500m, noon.CacheHitRate);
        Assert.Equal(0.0135m, noon.CacheWriteCost);
        Assert.Equal(0.1215m, noon.CacheSavings);
        Assert.Equal(0.78125m, evening.CacheHitRate);
        Assert.Equal(0.0435m, evening.CacheWriteCost);
        Assert.Equal(0.0915m, evening.CacheSavings);
    }

    [Fact]
    public void Writes_never_read_back_save_less_than_nothing()
    {
        using var dir = new TempFolder();
        // Two 1-hour writes of the same 8,000-token prefix, the second after the first expired, and nothing read.
        dir.Write(Claude + "s.jsonl",
            ClaudeAssistant("2026-11-20T09:00:00Z", "msg_1", "req_1", input: 1_500, output: 100, cacheWrite1h: 8_000),
            ClaudeAssistant("2026-11-20T11:00:00Z", "msg_2", "req_2", input: 1_500, output: 100, cacheWrite1h: 8_000));

        UsageSummary total = Total(dir);

        // No reads: 0 ÷ (3,000 + 16,000) = 0. Writes: 16,000 × $6 = 96,000 → $0.096, all of it lost.
        Assert.Equal(0m, total.CacheHitRate);
        Assert.Equal(0.096m, total.CacheWriteCost);
        Assert.Equal(-0.096m, total.CacheSavings);
    }

    [Theory]
    // Opus 4.7, 1,000 input, 2,000 output, 4,000 5m-writes, 20,000 reads; at list price:
    // writes 4,000 × $6.25 = 25,000 → $0.025; savings 20,000 × ($5 − $0.50) − 25,000 = 90,000 − 25,000 = 65,000 → $0.065;
    // cost 1,000 × $5 + 2,000 × $25 + 25,000 + 20,000 × $0.50 = 5,000 + 50,000 + 25,000 + 10,000 = 90,000 → $0.09.
    [InlineData("standard", "global", 0.025, 0.065, 0.09)]
    // Fast mode: every figure × 6.
    [InlineData("fast", "global", 0.15, 0.39, 0.54)]
    // Fast mode on US-only inference: × 6 × 1.1 = × 6.6.
    [InlineData("fast", "us", 0.165, 0.429, 0.594)]
    public void Fast_mode_and_geography_multiply_the_cache_figures_as_they_do_the_cost(string speed, string geo, double writeCost, double savings, double cost)
    {
        using var dir = new TempFolder();
        dir.Write(Claude + "s.jsonl", ClaudeAssistant("2026-11-20T09:00:00Z", "msg_1", "req_1", model: "claude-opus-4-7",
            input: 1_000, output: 2_000, cacheWrite5m: 4_000, cacheRead: 20_000, speed: speed, inferenceGeo: geo));

        UsageSummary total = Total(dir);

        // 20,000 ÷ (1,000 + 4,000 + 20,000 = 25,000) = 0.8, whatever the price.
        Assert.Equal(0.8m, total.CacheHitRate);
        Assert.Equal((decimal)writeCost, total.CacheWriteCost);
        Assert.Equal((decimal)savings, total.CacheSavings);
        Assert.Equal((decimal)cost, total.Cost);
    }

    [Fact]
    public void A_long_context_request_has_its_cache_figures_at_the_long_context_rates()
    {
        using var dir = new TempFolder();
        // Prompt 40,000 + 10,000 + 200,000 = 250,000 > 200,000: Sonnet 4.5's higher rates for the whole request.
        dir.Write(Claude + "s.jsonl", ClaudeAssistant("2026-11-20T09:00:00Z", "msg_1", "req_1",
            input: 40_000, output: 1_000, cacheWrite5m: 10_000, cacheRead: 200_000));

        UsageSummary total = Total(dir);

        // 200,000 ÷ 250,000 = 0.8. Writes 10,000 × $7.50 = 75,000 → $0.075.
        // Savings 200,000 × ($6 − $0.60) − 75,000 = 1,080,000 − 75,000 = 1,005,000 → $1.005.
        Assert.Equal(0.8m, total.CacheHitRate);
        Assert.Equal(0.075m, total.CacheWriteCost);
        Assert.Equal(1.005m, total.CacheSavings);
    }

    [Fact]
    public void Unpriced_responses_have_no_cache_costs_and_a_mixed_sum_counts_the_priced_ones()
    {
        using var dir = new TempFolder();
        dir.Write(Claude + "s.jsonl",
            ClaudeAssistant("2026-11-20T09:00:00Z", "msg_1", "req_1", model: "no-such-model", input: 1_000, cacheWrite5m: 9_000, cacheRead: 10_000),
            ClaudeAssistant("2026-11-20T10:00:00Z", "msg_2", "req_2", model: "no-such-model", input: 1_000, cacheRead: 4_000, costUsd: 0.5m),
            ClaudeAssistant("2026-11-20T11:00:00Z", "msg_3", "req_3", input: 1_000, output: 500, cacheWrite5m: 2_000, cacheWrite1h: 1_000, cacheRead: 16_000));

        List<UsageSummary> byModel = UsageReport.Summarize(Read(dir), [UsageGrouping.Model], Utc);
        UsageSummary unpriced = byModel.Single(r => r.Model == "no-such-model");
        // The rate needs tokens only: 14,000 ÷ (2,000 + 9,000 + 14,000 = 25,000) = 0.56. The recorded $0.50 is a
        // cost, but not one made of prices, so it has no cache figures.
        Assert.Equal(0.56m, unpriced.CacheHitRate);
        Assert.Equal(0.5m, unpriced.Cost);
        Assert.Null(unpriced.CacheWriteCost);
        Assert.Null(unpriced.CacheSavings);

        // All three: the rate over every response, (14,000 + 16,000) ÷ (25,000 + 20,000) = 30,000 ÷ 45,000 = 2/3;
        // the costs are the Sonnet response's alone ($0.0135 and $0.0297, as in One_response_...), as Cost is its
        // $0.0288 plus the recorded $0.50 with UnpricedRequests 1.
        UsageSummary total = Total(dir);
        Assert.Equal(30_000m / 45_000m, total.CacheHitRate);
        Assert.Equal(0.0135m, total.CacheWriteCost);
        Assert.Equal(0.0297m, total.CacheSavings);
        Assert.Equal(0.5288m, total.Cost);
        Assert.Equal(1, total.UnpricedRequests);
    }

    [Fact]
    public void Recorded_costs_have_no_cache_costs_and_no_prompt_has_no_hit_rate()
    {
        using var dir = new TempFolder();
        dir.Write(Claude + "s.jsonl",
            ClaudeAssistant("2026-11-20T09:00:00Z", "msg_1", "req_1", input: 1_000, cacheWrite5m: 2_000, cacheRead: 16_000, costUsd: 0.02m),
            ClaudeAssistant("2026-11-21T09:00:00Z", "msg_2", "req_2", output: 700));

        List<UsageSummary> days = UsageReport.Summarize(Read(dir, CostMode.Recorded), [UsageGrouping.Day], Utc);

        // -CostMode Recorded: the first day's cost is the recorded $0.02, made of no prices.
        Assert.Equal(0.02m, days[0].Cost);
        Assert.Null(days[0].CacheWriteCost);
        Assert.Null(days[0].CacheSavings);
        Assert.Equal(16_000m / 19_000m, days[0].CacheHitRate);
        // The second day is output alone: no prompt tokens, so no rate (not 0).
        Assert.Null(days[1].CacheHitRate);

        // Calculated, output alone costs what it costs and caches nothing: 0 written, 0 saved.
        UsageSummary outputOnly = UsageReport.Summarize(Read(dir, CostMode.Calculate), [UsageGrouping.Day], Utc)[1];
        Assert.Null(outputOnly.CacheHitRate);
        Assert.Equal(0m, outputOnly.CacheWriteCost);
        Assert.Equal(0m, outputOnly.CacheSavings);
    }
}

using System.Text.Json.Nodes;
using ClaudeUsage.Core.Aggregation;
using ClaudeUsage.Core.Pricing;
using ClaudeUsage.Core.Time;
using static ClaudeUsage.Tests.MixedLogs;
using static ClaudeUsage.Tests.Transcript;

namespace ClaudeUsage.Tests;

/// <summary>
/// The 2026 pricing rules, each on a log line written the way the agent writes it, read from disk and priced; every
/// expected cost is worked out here from the published prices (USD per million tokens).
/// </summary>
public class PricingRulesTests
{
    private const string Claude = ".claude/projects/-home-user-work-demo/";
    private const string Pi = ".pi/agent/sessions/--home-user-work-demo--/";

    private static List<CountedResponse> Read(TempFolder dir, CostMode mode = CostMode.Auto, PriceTable? prices = null) =>
        UsageReport.Select(CollectingObserver.Scan(dir.Path).Responses, new UsageFilter(), new CostCalculator(prices ?? PriceTable.BuiltIn, mode));

    private static decimal? CostOf(TempFolder dir, CostMode mode = CostMode.Auto, PriceTable? prices = null) =>
        Assert.Single(Read(dir, mode, prices)).Cost.Amount;

    [Fact]
    public void Opus_5_5_cache_reads_cost_a_twentieth_of_input()
    {
        using var dir = new TempFolder();
        dir.Write(Claude + "s.jsonl", ClaudeAssistant("2026-11-20T10:00:00Z", "msg_1", "req_1", model: "claude-opus-5-5", input: 2_000, output: 3_000, cacheWrite5m: 10_000, cacheRead: 800_000));

        // 2,000 × $4 + 3,000 × $20 + 10,000 × $5 + 800,000 × $0.20 = 8,000 + 60,000 + 50,000 + 160,000 = 278,000 → $0.278
        // (at the old $0.40 cache-read price it was $0.438).
        Assert.Equal(0.278m, CostOf(dir));
    }

    [Theory]
    // Prompt 1,000 + 100,000 cache reads = 101,000 > 100,000: the whole request at the higher rates:
    // 1,000 × $0.50 + 100,000 × $0.05 + 2,000 × $2.50 = 500 + 5,000 + 5,000 = 10,500 → $0.0105.
    [InlineData(1_000, 0.0105)]
    // Prompt exactly 100,000: the lower rates: 100,000 × $0.01 + 2,000 × $0.50 = 1,000 + 1,000 = 2,000 → $0.002.
    [InlineData(0, 0.002)]
    public void A_haiku_5_5_request_over_100K_prompt_tokens_is_priced_whole_at_the_higher_tier(long input, double expected)
    {
        using var dir = new TempFolder();
        dir.Write(Claude + "s.jsonl", ClaudeAssistant("2026-11-20T10:00:00Z", "msg_1", "req_1", model: "claude-haiku-5-5", input: input, output: 2_000, cacheRead: 100_000));

        CountedResponse response = Assert.Single(Read(dir));

        Assert.Equal((decimal)expected, response.Cost.Amount);
        Assert.Equal(input > 0, response.Cost.IsLongContext);
    }

    [Fact]
    public void Fast_mode_on_opus_4_7_costs_six_times_the_standard_price()
    {
        using var dir = new TempFolder();
        dir.Write(Claude + "s.jsonl",
            ClaudeAssistant("2026-11-20T10:00:00Z", "msg_1", "req_1", model: "claude-opus-4-7", input: 1_000, output: 2_000, cacheRead: 10_000, speed: "fast"),
            ClaudeAssistant("2026-11-20T10:01:00Z", "msg_2", "req_2", model: "claude-opus-4-7", input: 1_000, output: 2_000, cacheRead: 10_000, speed: "standard"));

        List<CountedResponse> responses = Read(dir);

        // Standard: 1,000 × $5 + 2,000 × $25 + 10,000 × $0.50 = 5,000 + 50,000 + 5,000 = 60,000 → $0.06; fast ×6 = $0.36.
        Assert.Equal([0.36m, 0.06m], responses.Select(r => r.Cost.Amount!.Value));
        Assert.Equal([6m, 1m], responses.Select(r => r.Cost.FastMultiplier));
        Assert.True(responses[0].Entry.IsFast);
    }

    [Fact]
    public void Us_only_inference_adds_ten_percent_on_claude_4_6_and_later_only()
    {
        using var dir = new TempFolder();
        dir.Write(Claude + "s.jsonl",
            ClaudeAssistant("2026-11-20T10:00:00Z", "msg_1", "req_1", model: "claude-sonnet-4-6", input: 10_000, output: 1_000, cacheWrite1h: 2_000, inferenceGeo: "us"),
            ClaudeAssistant("2026-11-20T10:01:00Z", "msg_2", "req_2", model: "claude-sonnet-4-6", input: 10_000, output: 1_000, cacheWrite1h: 2_000, inferenceGeo: "global"),
            ClaudeAssistant("2026-11-20T10:02:00Z", "msg_3", "req_3", model: "claude-sonnet-4-5-20250929", input: 10_000, output: 1_000, cacheWrite1h: 2_000, inferenceGeo: "us"));

        List<CountedResponse> responses = Read(dir);

        // 10,000 × $3 + 1,000 × $15 + 2,000 × $6 = 30,000 + 15,000 + 12,000 = 57,000 → $0.057; US-only on 4.6: × 1.1 = $0.0627.
        // Sonnet 4.5 predates the data-residency price: $0.057 wherever it ran.
        Assert.Equal([0.0627m, 0.057m, 0.057m], responses.Select(r => r.Cost.Amount!.Value));
        Assert.Equal("us", responses[0].Entry.InferenceGeo);
    }

    [Fact]
    public void Compaction_and_advisor_steps_are_billed_once_each_at_their_own_model()
    {
        using var dir = new TempFolder();
        JsonArray Steps() =>
        [
            new JsonObject { ["type"] = "compaction", ["input_tokens"] = 180_000, ["output_tokens"] = 3_500, ["cache_read_input_tokens"] = 0, ["cache_creation_input_tokens"] = 0 },
            new JsonObject { ["type"] = "message", ["input_tokens"] = 500, ["output_tokens"] = 1_000, ["cache_read_input_tokens"] = 20_000, ["cache_creation_input_tokens"] = 0 },
            new JsonObject { ["type"] = "advisor_message", ["model"] = "claude-opus-5-5", ["input_tokens"] = 30_000, ["output_tokens"] = 1_500, ["cache_read_input_tokens"] = 0, ["cache_creation_input_tokens"] = 0 },
        ];

        // Claude Code writes one line per content block, each repeating the usage: still one response, one of each step.
        dir.Write(Claude + "s.jsonl",
            ClaudeAssistant("2026-11-20T10:00:00Z", "msg_1", "req_1", model: "claude-sonnet-5-5", input: 500, output: 1_000, cacheRead: 20_000, iterations: Steps()),
            ClaudeAssistant("2026-11-20T10:00:01Z", "msg_1", "req_1", model: "claude-sonnet-5-5", input: 500, output: 1_000, cacheRead: 20_000, iterations: Steps()));

        List<CountedResponse> responses = Read(dir);

        // The response: 500 × $2 + 1,000 × $10 + 20,000 × $0.10 (Sonnet 5.5 from 2026-10-07) = 1,000 + 10,000 + 2,000 = 13,000 → $0.013.
        // Compaction, at the response's model: 180,000 × $2 + 3,500 × $10 = 360,000 + 35,000 = 395,000 → $0.395.
        // Advisor, at Opus 5.5: 30,000 × $4 + 1,500 × $20 = 120,000 + 30,000 = 150,000 → $0.15. The message step repeats the response.
        Assert.Equal(
            [(SamplingStep.Response, "claude-sonnet-5-5", 0.013m), (SamplingStep.Compaction, "claude-sonnet-5-5", 0.395m), (SamplingStep.Advisor, "claude-opus-5-5", 0.15m)],
            responses.OrderBy(r => r.Entry.StepNumber).Select(r => (r.Entry.Step, r.Entry.Model!, r.Cost.Amount!.Value)));
        Assert.Equal(0.558m, responses.Sum(r => r.Cost.Amount));
        // One request; 21,500 + 183,500 + 31,500 = 236,500 tokens.
        UsageSummary total = Assert.Single(UsageReport.Summarize(responses, [UsageGrouping.Total], new ZonedCalendar(TimeZoneInfo.Utc)));
        Assert.Equal(1, total.Requests);
        Assert.Equal(236_500, total.TotalTokens);
        Assert.Equal(0.558m, total.Cost);
    }

    [Theory]
    // Sonnet 5.5 cache reads: $0.20 until 2026-10-07, $0.10 from then: 1,000,000 reads cost $0.20, then $0.10.
    [InlineData("claude-sonnet-5-5", "2026-10-06T23:59:59Z", 0, 0, 1_000_000, 0.2)]
    [InlineData("claude-sonnet-5-5", "2026-10-07T00:00:00Z", 0, 0, 1_000_000, 0.1)]
    // Opus 4.6 above 200K prompt tokens was billed whole at $10/$37.50 until 2026-03-14:
    // 250,000 × $10 + 1,000 × $37.50 = 2,500,000 + 37,500 = 2,537,500 → $2.5375; from then 250,000 × $5 + 1,000 × $25 = $1.275.
    [InlineData("claude-opus-4-6", "2026-03-13T12:00:00Z", 250_000, 1_000, 0, 2.5375)]
    [InlineData("claude-opus-4-6", "2026-03-14T12:00:00Z", 250_000, 1_000, 0, 1.275)]
    public void A_response_is_priced_at_the_price_in_effect_at_its_time(string model, string at, long input, long output, long cacheRead, double expected)
    {
        using var dir = new TempFolder();
        dir.Write(Claude + "s.jsonl", ClaudeAssistant(at, "msg_1", "req_1", model: model, input: input, output: output, cacheRead: cacheRead));

        Assert.Equal((decimal)expected, CostOf(dir));
    }

    [Fact]
    public void A_user_price_file_adds_a_period_and_keeps_the_earlier_price_and_the_multipliers()
    {
        using var dir = new TempFolder();
        string prices = dir.WriteRaw("prices.json", """
            { "models": [
                { "model": "claude-sonnet-4-5", "periods": [ { "from": "2026-12-01", "input": 2.5, "output": 12 } ] },
                { "model": "claude-opus-4-7", "periods": [ { "from": "2026-11-01", "input": 4, "output": 20 } ] }
            ] }
            """);
        dir.Write(Claude + "s.jsonl",
            ClaudeAssistant("2026-11-30T23:00:00Z", "msg_1", "req_1", model: "claude-sonnet-4-5-20250929", input: 100_000),
            ClaudeAssistant("2026-12-01T01:00:00Z", "msg_2", "req_2", model: "claude-sonnet-4-5-20250929", input: 100_000),
            ClaudeAssistant("2026-11-20T10:00:00Z", "msg_3", "req_3", model: "claude-opus-4-7", input: 100_000, speed: "fast"));
        PriceTable table = PriceTable.BuiltIn.WithOverrides(prices);

        List<CountedResponse> responses = Read(dir, prices: table);

        // Opus 4.7 from the file: 100,000 × $4 × 6 (fast, kept from the built-in entry) = 2,400,000 → $2.40.
        // Sonnet 4.5: 100,000 × $3 = $0.30 before the file's period, 100,000 × $2.50 = $0.25 in it.
        Assert.Equal([2.4m, 0.3m, 0.25m], responses.Select(r => r.Cost.Amount!.Value));
        Assert.Equal([prices, PriceTable.BuiltInSource, prices], responses.Select(r => r.Cost.Price!.PriceSource));
        // The file's period leaves out the long-context tier; the built-in period before it keeps its own.
        Assert.Null(table.Find("claude-sonnet-4-5", DateTimeOffset.Parse("2026-12-02T00:00:00Z"))!.LongContextThreshold);
        Assert.Equal(200_000, table.Find("claude-sonnet-4-5", DateTimeOffset.Parse("2026-11-02T00:00:00Z"))!.LongContextThreshold);
    }

    [Fact]
    public void Pi_and_openclaw_1_hour_cache_writes_are_priced_at_twice_input()
    {
        using var dir = new TempFolder();
        // OpenClaw 2026.9 / pi 1.6: cacheWrite 10,000 of which cacheWrite1h 4,000, so 6,000 5-minute writes.
        dir.Write(Pi + "s.jsonl", PiAssistant("2026-11-20T10:00:00.000Z", Ms("2026-11-20T09:59:59.000Z"), input: 100, output: 200, cacheWrite: 10_000, cacheWrite1h: 4_000, costTotal: 0.0435m, responseId: "msg_1"));

        CountedResponse response = Assert.Single(Read(dir));

        Assert.Equal((6_000, 4_000), (response.Entry.Tokens.CacheWrite5m, response.Entry.Tokens.CacheWrite1h));
        // Sonnet 4.5: 100 × $3 + 200 × $15 + 6,000 × $3.75 + 4,000 × $6 = 300 + 3,000 + 22,500 + 24,000 = 49,800 → $0.0498
        // (the writer's own figure priced every write at the 5-minute rate: $0.0435).
        Assert.Equal(0.0498m, response.Cost.Amount);
        Assert.Equal(0.0435m, response.Entry.RecordedCost);
    }

    [Fact]
    public void Oh_my_pi_cache_write_split_is_read_from_cttl()
    {
        using var dir = new TempFolder();
        dir.Write(Pi + "s.jsonl", PiAssistant("2026-11-20T10:00:00.000Z", Ms("2026-11-20T09:59:59.000Z"), model: "claude-haiku-4-5", input: 1_000, output: 500, cacheWrite: 10_000, cttl: (2_000, 8_000), responseId: "msg_1"));

        CountedResponse response = Assert.Single(Read(dir));

        Assert.Equal((2_000, 8_000), (response.Entry.Tokens.CacheWrite5m, response.Entry.Tokens.CacheWrite1h));
        // Haiku 4.5: 1,000 × $1 + 500 × $5 + 2,000 × $1.25 + 8,000 × $2 = 1,000 + 2,500 + 2,500 + 16,000 = 22,000 → $0.022.
        Assert.Equal(0.022m, response.Cost.Amount);
    }

    [Fact]
    public void A_recorded_zero_on_a_response_with_tokens_is_no_cost()
    {
        using var dir = new TempFolder();
        // OpenClaw records $0 for a dated model id its own catalog lacks.
        dir.Write(".openclaw/agents/main/sessions/s.jsonl",
            PiAssistant("2026-11-20T10:00:00.000Z", Ms("2026-11-20T09:59:59.000Z"), model: "claude-haiku-4-5-20251001", input: 10_000, output: 2_000, costTotal: 0m, responseId: "msg_1"),
            PiAssistant("2026-11-20T10:01:00.000Z", Ms("2026-11-20T10:00:59.000Z"), model: "some-local-model", provider: "ollama", input: 10_000, output: 2_000, costTotal: 0m, responseId: "msg_2"));
        var costs = new CostCalculator(PriceTable.BuiltIn, CostMode.Auto);

        List<CountedResponse> responses = UsageReport.Select(CollectingObserver.Scan(dir.Path).Responses, new UsageFilter(), costs);

        // The priced model is calculated: 10,000 × $1 + 2,000 × $5 = 20,000 → $0.02. The other has no usable cost: unpriced, warned.
        Assert.Equal([0.02m, null], responses.Select(r => r.Cost.Amount));
        Assert.Equal(1, costs.UnpricedModels["some-local-model"]);
    }

    [Fact]
    public void A_pi_response_with_a_wrong_recorded_cost_gets_the_list_price_in_auto()
    {
        using var dir = new TempFolder();
        // pi 1.6 prices claude-opus-4-1 at Opus 5.5's rates: 1,000 × $4 + 1,000 × $20 = $0.024.
        dir.Write(Pi + "s.jsonl", PiAssistant("2026-11-20T10:00:00.000Z", Ms("2026-11-20T09:59:59.000Z"), model: "claude-opus-4-1", input: 1_000, output: 1_000, costTotal: 0.024m, responseId: "msg_1"));

        // List price: 1,000 × $15 + 1,000 × $75 = 90,000 → $0.09. Recorded keeps the agent's figure.
        Assert.Equal(0.09m, CostOf(dir, CostMode.Auto));
        Assert.Equal(0.024m, CostOf(dir, CostMode.Recorded));
        UsageRecord record = UsageReport.Record(Assert.Single(Read(dir)), new ZonedCalendar(TimeZoneInfo.Utc));
        Assert.Equal((0.09m, 0.024m), (record.Cost, record.RecordedCost));
    }

    [Fact]
    public void Web_fetch_and_code_execution_are_counted_and_add_no_cost()
    {
        using var dir = new TempFolder();
        JsonObject line = Parse(ClaudeAssistant("2026-11-20T10:00:00Z", "msg_1", "req_1", model: "claude-haiku-4-5", input: 1_000, webSearch: 2));
        line["message"]!["usage"]!["server_tool_use"] = new JsonObject { ["web_search_requests"] = 2, ["web_fetch_requests"] = 3, ["code_execution_requests"] = 1 };
        dir.Write(Claude + "s.jsonl", Serialize(line));

        CountedResponse response = Assert.Single(Read(dir));
        var record = UsageReport.Record(response, new ZonedCalendar(TimeZoneInfo.Utc));

        Assert.Equal((2, 3, 1), (record.WebSearchRequests, record.WebFetchRequests, record.CodeExecutionRequests));
        // 1,000 × $1 = $0.001, plus 2 searches × $0.01 = $0.021; fetches and code execution add nothing here.
        Assert.Equal(0.021m, record.Cost);
    }

    [Fact]
    public void A_record_shows_the_price_basis_of_its_cost()
    {
        using var dir = new TempFolder();
        dir.Write(Claude + "s.jsonl", ClaudeAssistant("2026-11-20T10:00:00Z", "msg_1", "req_1", model: "claude-opus-5-5", input: 1_000, speed: "fast", inferenceGeo: "us"));

        UsageRecord record = UsageReport.Record(Assert.Single(Read(dir)), new ZonedCalendar(TimeZoneInfo.Utc));

        // 1,000 × $4 × 2 (fast) × 1.1 (US) = 8,800 → $0.0088.
        Assert.Equal(0.0088m, record.Cost);
        Assert.Equal("claude-opus-5-5 always · fast ×2 · us ×1.1", record.PriceBasis);
        Assert.Equal(("fast", "us"), (record.Speed, record.InferenceGeo));
    }

    [Fact]
    public void Every_model_on_the_2026_pricing_page_has_its_price_and_the_nonexistent_alias_is_gone()
    {
        // (model, input, output, 5m write, 1h write, cache read) as read 2026-12-01.
        (string, decimal, decimal, decimal, decimal, decimal)[] page =
        [
            ("claude-opus-5-5", 4, 20, 5, 8, 0.2m), ("claude-opus-5", 5, 25, 6.25m, 10, 0.5m), ("claude-opus-4-8", 5, 25, 6.25m, 10, 0.5m),
            ("claude-fable-5-2", 8, 40, 10, 16, 0.2m), ("claude-mythos-5-2", 8, 40, 10, 16, 0.2m),
            ("claude-fable-5-1", 10, 50, 12.5m, 20, 0.25m), ("claude-mythos-5-1", 10, 50, 12.5m, 20, 0.25m),
            ("claude-fable-5", 10, 50, 12.5m, 20, 1), ("claude-mythos-5", 10, 50, 12.5m, 20, 1),
            ("claude-sonnet-5-5", 2, 10, 2.5m, 4, 0.1m), ("claude-sonnet-5", 2, 10, 2.5m, 4, 0.2m),
            ("claude-haiku-5-5", 0.1m, 0.5m, 0.125m, 0.2m, 0.01m),
        ];
        DateTimeOffset at = DateTimeOffset.Parse("2026-12-01T00:00:00Z");
        foreach ((string model, decimal input, decimal output, decimal w5, decimal w1, decimal read) in page)
        {
            ModelPrice p = Assert.IsType<ModelPrice>(PriceTable.BuiltIn.Find(model, at));
            Assert.Equal((model, input, output, w5, w1, read), (model, p.InputPrice, p.OutputPrice, p.CacheWrite5mPrice, p.CacheWrite1hPrice, p.CacheReadPrice));
        }

        Assert.Null(PriceTable.BuiltIn.FindModel("claude-fable-5-5"));
    }
}

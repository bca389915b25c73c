using ClaudeUsage.Core;
using ClaudeUsage.Core.Pricing;

namespace ClaudeUsage.Tests;

public class PricingTests
{
    private static UsageEntry Entry(string? model, TokenCounts tokens, decimal? recorded = null) => new()
    {
        Source = UsageSource.ClaudeCode,
        Timestamp = DateTimeOffset.Parse("2026-11-20T10:00:00Z"),
        SessionId = "s",
        Model = model,
        Tokens = tokens,
        RecordedCost = recorded,
        FilePath = "f",
    };

    private static decimal? Cost(string model, TokenCounts tokens, CostMode mode = CostMode.Calculate, decimal? recorded = null) =>
        new CostCalculator(PriceTable.BuiltIn, mode).Price(Entry(model, tokens, recorded)).Amount;

    [Fact]
    public void Every_token_kind_has_its_own_price()
    {
        // Sonnet 4.5: 1,000 in × $3 + 2,000 out × $15 + 10,000 5m-writes × $3.75 + 20,000 1h-writes × $6
        // + 100,000 reads × $0.30 = 3,000 + 30,000 + 37,500 + 120,000 + 30,000 = 220,500 per million = $0.2205.
        Assert.Equal(0.2205m, Cost("claude-sonnet-4-5-20250929", new TokenCounts(1_000, 2_000, 10_000, 20_000, 100_000, 0)));
    }

    [Fact]
    public void A_request_over_200K_prompt_tokens_on_sonnet_4_5_is_priced_at_long_context_rates_as_a_whole()
    {
        // Prompt = 150,000 input + 60,000 cache reads = 210,000 > 200,000: every token at the higher rate.
        // 150,000 × $6 + 60,000 × $0.60 + 1,000 output × $22.50 = 900,000 + 36,000 + 22,500 = 958,500 → $0.9585.
        var tokens = new TokenCounts(150_000, 1_000, 0, 0, 60_000, 0);
        ResponseCost cost = new CostCalculator(PriceTable.BuiltIn, CostMode.Calculate).Price(Entry("claude-sonnet-4-5", tokens));
        Assert.Equal(0.9585m, cost.Amount);
        Assert.True(cost.IsLongContext);
    }

    [Fact]
    public void A_request_of_exactly_200K_prompt_tokens_is_priced_at_the_base_rates()
    {
        // 200,000 × $3 + 1,000 × $15 = 600,000 + 15,000 = 615,000 → $0.615.
        Assert.Equal(0.615m, Cost("claude-sonnet-4-20250514", new TokenCounts(200_000, 1_000, 0, 0, 0, 0)));
    }

    [Fact]
    public void Long_context_counts_cache_writes_toward_the_threshold()
    {
        // 100,000 input + 100,001 5m-writes = 200,001 prompt tokens → long context:
        // 100,000 × $6 + 100,001 × $7.50 = 600,000 + 750,007.5 = 1,350,007.5 → $1.3500075.
        Assert.Equal(1.3500075m, Cost("claude-sonnet-4-5", new TokenCounts(100_000, 0, 100_001, 0, 0, 0)));
    }

    [Fact]
    public void Models_without_a_long_context_tier_keep_their_rate()
    {
        // Opus 4.5: 250,000 × $5 = $1.25.
        Assert.Equal(1.25m, Cost("claude-opus-4-5-20251101", new TokenCounts(250_000, 0, 0, 0, 0, 0)));
    }

    [Fact]
    public void Web_search_is_ten_dollars_per_thousand_requests()
    {
        // Haiku 4.5: 1,000 in × $1 = $0.001, plus 3 searches × $0.01 = $0.031.
        Assert.Equal(0.031m, Cost("claude-haiku-4-5-20251001", new TokenCounts(1_000, 0, 0, 0, 0, 3)));
    }

    [Theory]
    [InlineData("claude-sonnet-4-5-20250929")]
    [InlineData("claude-sonnet-4-5")]
    [InlineData("anthropic/claude-sonnet-4.5")]
    [InlineData("us.anthropic.claude-sonnet-4-5-20250929-v1:0")]
    [InlineData("claude-sonnet-4-5@20250929")]
    [InlineData("Claude-Sonnet-4-5[1m]")]
    public void Model_names_match_through_date_suffixes_and_provider_prefixes(string name)
    {
        ModelPrice price = Assert.IsType<ModelPrice>(PriceTable.BuiltIn.Find(name));
        Assert.Equal("claude-sonnet-4-5", price.Model);
    }

    [Theory]
    [InlineData("claude-opus-4-1-20250805", 15, 75, 18.75, 30, 1.5)]
    [InlineData("claude-opus-4-20250514", 15, 75, 18.75, 30, 1.5)]
    [InlineData("claude-opus-4-6", 5, 25, 6.25, 10, 0.5)]
    [InlineData("claude-3-7-sonnet-20250219", 3, 15, 3.75, 6, 0.3)]
    [InlineData("claude-3-5-haiku-20241022", 0.8, 4, 1, 1.6, 0.08)]
    [InlineData("claude-3-haiku-20240307", 0.25, 1.25, 0.3, 0.5, 0.03)]
    public void The_built_in_table_has_the_list_prices(string model, double input, double output, double write5m, double write1h, double read)
    {
        ModelPrice p = PriceTable.BuiltIn.Find(model)!;
        Assert.Equal((decimal)input, p.InputPrice);
        Assert.Equal((decimal)output, p.OutputPrice);
        Assert.Equal((decimal)write5m, p.CacheWrite5mPrice);
        Assert.Equal((decimal)write1h, p.CacheWrite1hPrice);
        Assert.Equal((decimal)read, p.CacheReadPrice);
    }

    [Fact]
    public void An_unknown_model_has_no_cost_and_is_remembered()
    {
        var calculator = new CostCalculator(PriceTable.BuiltIn, CostMode.Auto);
        Assert.Null(calculator.Price(Entry("gpt-5", new TokenCounts(10, 10, 0, 0, 0, 0))).Amount);
        Assert.Null(calculator.Price(Entry("gpt-5", new TokenCounts(10, 10, 0, 0, 0, 0))).Amount);
        Assert.Equal(2, calculator.UnpricedModels["gpt-5"]);
    }

    [Fact]
    public void Cost_modes_choose_between_recorded_and_calculated_costs()
    {
        var tokens = new TokenCounts(100_000, 0, 0, 0, 0, 0); // 100,000 × $3 = $0.30 at the Sonnet 4.5 list price
        // A priced model is calculated in Auto whatever the log recorded; Recorded keeps the agent's own figure.
        Assert.Equal(0.3m, Cost("claude-sonnet-4-5", tokens, CostMode.Auto, recorded: 1.23m));
        Assert.Equal(0.3m, Cost("claude-sonnet-4-5", tokens, CostMode.Calculate, recorded: 1.23m));
        Assert.Equal(1.23m, Cost("claude-sonnet-4-5", tokens, CostMode.Recorded, recorded: 1.23m));
        Assert.Equal(0.3m, Cost("claude-sonnet-4-5", tokens, CostMode.Auto));
        Assert.Null(Cost("claude-sonnet-4-5", tokens, CostMode.Recorded));
        // A model without a price: Auto takes its recorded cost, Calculate has none.
        Assert.Equal(0.5m, Cost("gpt-5", tokens, CostMode.Auto, recorded: 0.5m));
        Assert.Null(Cost("gpt-5", tokens, CostMode.Calculate, recorded: 0.5m));
    }

    [Fact]
    public void A_user_price_file_adds_and_overrides_models()
    {
        using var dir = new TempFolder();
        string file = dir.WriteRaw("prices.json", """
            { "models": [
                { "model": "my-local-model", "input": 1, "output": 2 },
                { "model": "claude-sonnet-4-5", "input": 10, "output": 20, "cacheRead": 1 }
            ] }
            """);

        PriceTable table = PriceTable.BuiltIn.WithOverrides(file);

        ModelPrice local = table.Find("my-local-model")!;
        Assert.Equal(1.25m, local.CacheWrite5mPrice); // 1.25 × input where the file leaves it out
        Assert.Equal(2m, local.CacheWrite1hPrice);
        Assert.Equal(0.1m, local.CacheReadPrice);
        Assert.Equal(file, local.PriceSource);
        Assert.Equal(10m, table.Find("claude-sonnet-4-5-20250929")!.InputPrice);
        Assert.Null(table.Find("claude-sonnet-4-5")!.LongContextThreshold);
        Assert.Equal(15m, table.Find("claude-opus-4-1")!.InputPrice); // the rest is untouched
    }

    [Fact]
    public void A_price_file_may_use_any_letter_case_comments_trailing_commas_and_numbers_in_strings()
    {
        using var dir = new TempFolder();
        string file = dir.WriteRaw("prices.json", """
            // prices of our own gateway
            {
              "WebSearchPerThousandRequests": "12",
              "MODELS": [
                {
                  "Model": "gateway-large",
                  "Aliases": ["gw-large",],
                  "Input": "2.5", "Output": 10, "note": "ignored",
                  "LongContext": { "thresholdPromptTokens": 100000, "input": 5, "output": 20, "cacheRead": 0.6 },
                },
              ],
            }
            """);

        PriceTable table = PriceTable.BuiltIn.WithOverrides(file);

        ModelPrice price = table.Find("gw-large")!;
        Assert.Equal("gateway-large", price.Model);
        Assert.Equal(2.5m, price.InputPrice);
        Assert.Equal(3.125m, price.CacheWrite5mPrice); // 1.25 × 2.5
        Assert.Equal(100_000, price.LongContextThreshold);
        Assert.Equal(6.25m, price.LongContextCacheWrite5mPrice); // 1.25 × the long-context input of 5
        Assert.Equal(0.6m, price.LongContextCacheReadPrice);
        Assert.Equal(0.012m, table.WebSearchPerRequest);
    }

    [Theory]
    [InlineData("[]", "a JSON object")]
    [InlineData("{ \"models\": { } }", "'models' must be an array")]
    [InlineData("{ \"models\": [ { \"model\": \"x\", \"input\": \"cheap\", \"output\": 1 } ] }", "'models[0].input' must be a number")]
    [InlineData("{ \"models\": [ { \"model\": 7, \"input\": 1, \"output\": 1 } ] }", "'models[0].model' must be a string")]
    [InlineData("{ \"models\": [ { \"model\": \"x\", \"periods\": [ { \"input\": -1, \"output\": 1 } ] } ] }", "'models[0].periods[0].input' must not be negative")]
    [InlineData("{ \"models\": [ { \"model\": \"x\", \"input\": 1e20, \"output\": 1 } ] }", "'models[0].input' is more than 1,000,000")]
    [InlineData("{ \"models\": [ { \"model\": \"x\", \"periods\": [ { \"from\": \"yesterday\", \"input\": 1, \"output\": 1 } ] } ] }", "'models[0].periods[0].from' must be a date")]
    [InlineData("{ \"models\": [ { \"model\": \"x\", \"periods\": [ { \"input\": 1, \"output\": 1 }, { \"from\": \"2026-01-01\", \"input\": 2, \"output\": 2 } ] } ] }", "'models[0].periods[0]' and '[1]' overlap")]
    [InlineData("{ \"models\": [ { \"model\": \"x\", \"fastMultiplier\": 0, \"input\": 1, \"output\": 1 } ] }", "'models[0].fastMultiplier' must be above 0")]
    [InlineData("{ \"models\": [ { \"model\": \"x\", \"input\": 1, \"output\": 1, \"periods\": [ { \"input\": 1, \"output\": 1 } ] } ] }", "has both 'periods' and prices of its own")]
    [InlineData("{ \"models\": [ ", "is not a valid price file")]
    public void A_price_file_of_the_wrong_shape_is_an_error_that_names_it_and_says_what_is_wrong(string json, string expected)
    {
        using var dir = new TempFolder();
        string file = dir.WriteRaw("prices.json", json);

        var ex = Assert.Throws<InvalidDataException>(() => PriceTable.BuiltIn.WithOverrides(file));

        Assert.Contains(file, ex.Message);
        Assert.Contains(expected, ex.Message);
    }

    [Fact]
    public void A_broken_price_file_is_an_error_that_names_it()
    {
        using var dir = new TempFolder();
        string file = dir.WriteRaw("prices.json", "{ \"models\": [ { \"model\": \"x\" } ] }");
        var ex = Assert.Throws<InvalidDataException>(() => PriceTable.BuiltIn.WithOverrides(file));
        Assert.Contains("'x'", ex.Message);
    }
}

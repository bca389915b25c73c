using System.Text;
using System.Text.Json;
using Json.Schema;

namespace ClaudeUsage.Tests;

/// <summary>docs/price-file.schema.json: the built-in price file follows it, and it reports the mistakes a user makes.</summary>
public class PriceFileSchemaTests
{
    private static readonly string RepoRoot = FindRepoRoot();

    // Built once: building registers the schema under its $id, and a second registration of that id would clash.
    private static readonly JsonSchema Schema = JsonSchema.FromText(File.ReadAllText(Path.Combine(RepoRoot, "docs", "price-file.schema.json")));

    private static string FindRepoRoot()
    {
        string? dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "ClaudeUsage.sln")))
        {
            dir = Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(dir));
        }

        return dir ?? throw new InvalidOperationException("Cannot find the repository root (ClaudeUsage.sln) above the test folder.");
    }

    /// <summary>Whether the text is valid, and one line per error: its instance location, then its message.</summary>
    /// <remarks>
    /// The schema checks dates with patterns, not <c>format</c>, so the default options serve: like many validators,
    /// they treat <c>format</c> as an annotation.
    /// </remarks>
    private static (bool IsValid, string Errors) Evaluate(string json)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        EvaluationResults results = Schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        var errors = new StringBuilder();
        foreach (EvaluationResults node in (IEnumerable<EvaluationResults>)[results, .. results.Details ?? []])
        {
            // The list holds the failures of an 'if' too, though an 'if' only chooses between 'then' and 'else'.
            string path = node.EvaluationPath.ToString();
            if (path.EndsWith("/if", StringComparison.Ordinal) || path.Contains("/if/", StringComparison.Ordinal))
            {
                continue;
            }

            foreach (KeyValuePair<string, string> error in node.Errors ?? new Dictionary<string, string>())
            {
                errors.Append(node.InstanceLocation).Append(": ").Append(error.Value).Append('\n');
            }
        }

        return (results.IsValid, errors.ToString());
    }

    private static void AssertValid(string json)
    {
        (bool isValid, string errors) = Evaluate(json);
        Assert.True(isValid, errors);
    }

    /// <summary>The file is rejected, and an error is at the field (the last step of its location) or quotes its name.</summary>
    private static void AssertRejectedAt(string json, string field)
    {
        (bool isValid, string errors) = Evaluate(json);
        Assert.False(isValid, $"Expected the schema to reject: {json}");
        Assert.True(errors.Contains($"/{field}: ", StringComparison.Ordinal) || errors.Contains($"\"{field}\"", StringComparison.Ordinal),
            $"No error names '{field}':\n{errors}");
    }

    [Fact]
    public void The_built_in_price_file_follows_the_schema() =>
        AssertValid(File.ReadAllText(Path.Combine(RepoRoot, "src", "ClaudeUsage.Core", "Pricing", "prices.json")));

    [Fact]
    public void The_built_in_price_file_points_its_editor_at_the_schema()
    {
        string pricing = Path.Combine(RepoRoot, "src", "ClaudeUsage.Core", "Pricing");
        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(Path.Combine(pricing, "prices.json")));
        string target = Path.GetFullPath(Path.Combine(pricing, document.RootElement.GetProperty("$schema").GetString()!));
        Assert.Equal(Path.Combine(RepoRoot, "docs", "price-file.schema.json"), target);
    }

    [Fact]
    public void A_user_file_in_format_2_may_add_a_dated_period_to_a_model() => AssertValid("""
        {
          "schemaVersion": 2,
          "models": [ { "model": "claude-sonnet-4-5", "periods": [ { "from": "2026-12-01", "input": 2.5, "output": 12 } ] } ]
        }
        """);

    [Fact]
    public void A_user_file_in_the_flat_format_1_is_valid() =>
        AssertValid("""{ "models": [ { "model": "my-model", "input": 1, "output": 4 } ] }""");

    [Fact]
    public void A_user_file_may_set_only_the_web_search_price() =>
        AssertValid("""{ "webSearchPerThousandRequests": 12 }""");

    [Fact]
    public void Prices_may_be_strings_and_periods_may_be_bounded_by_date_times() => AssertValid("""
        {
          "models": [
            {
              "model": "my-model",
              "periods": [
                { "until": "2026-12-01T17:30:00Z", "input": "1.5", "output": "7.5", "fastMultiplier": 2 },
                { "from": "2026-12-01T17:30:00Z", "input": "1e0", "output": 5, "inferenceGeoMultipliers": { "us": 1.25 } }
              ]
            }
          ]
        }
        """);

    [Fact]
    public void A_negative_price_is_rejected_at_its_field() =>
        AssertRejectedAt("""{ "models": [ { "model": "m", "periods": [ { "input": -1, "output": 4 } ] } ] }""", "input");

    [Fact]
    public void A_model_entry_without_a_name_is_rejected() =>
        AssertRejectedAt("""{ "models": [ { "periods": [ { "input": 1, "output": 4 } ] } ] }""", "model");

    [Fact]
    public void A_misspelt_property_is_rejected_by_name() =>
        AssertRejectedAt("""{ "models": [ { "model": "m", "periods": [ { "input": 1, "output": 4, "cacheRaed": 0.1 } ] } ] }""", "cacheRaed");

    [Fact]
    public void A_period_start_that_is_not_a_date_is_rejected() =>
        AssertRejectedAt("""{ "models": [ { "model": "m", "periods": [ { "from": "yesterday", "input": 1, "output": 4 } ] } ] }""", "from");

    [Fact]
    public void A_long_context_threshold_that_is_not_a_whole_number_is_rejected() => AssertRejectedAt("""
        {
          "models": [
            {
              "model": "m",
              "periods": [ { "input": 1, "output": 4, "longContext": { "thresholdPromptTokens": 1.5, "input": 2, "output": 8 } } ]
            }
          ]
        }
        """, "thresholdPromptTokens");

    [Fact]
    public void A_model_entry_with_both_periods_and_flat_prices_is_rejected() =>
        AssertRejectedAt("""{ "models": [ { "model": "m", "input": 1, "periods": [ { "input": 1, "output": 4 } ] } ] }""", "input");

    [Fact]
    public void A_fast_mode_multiplier_of_zero_is_rejected() =>
        AssertRejectedAt("""{ "models": [ { "model": "m", "fastMultiplier": 0, "periods": [ { "input": 1, "output": 4 } ] } ] }""", "fastMultiplier");
}

using System.Text.Json.Nodes;
using ClaudeUsage.Core;
using ClaudeUsage.Core.Aggregation;
using ClaudeUsage.Core.Pricing;
using static ClaudeUsage.Tests.MixedLogs;
using static ClaudeUsage.Tests.Transcript;

namespace ClaudeUsage.Tests;

/// <summary>
/// Numbers no agent writes — a negative count, one beyond 2^53, a cost beyond any price or beyond the decimal range —
/// make their line malformed (named, warned), and every other line is still counted.
/// </summary>
public class HostileNumberTests
{
    private const string Claude = ".claude/projects/-home-user-work-demo/";

    [Theory]
    [InlineData("input_tokens", "-5")]
    [InlineData("input_tokens", "9223372036854775807")]
    [InlineData("output_tokens", "9223372036854775808")]
    [InlineData("cache_read_input_tokens", "9007199254740992")]
    [InlineData("output_tokens", "1e300")]
    [InlineData("output_tokens", "1e400")]
    public void A_token_count_that_is_negative_or_above_2_to_the_53_makes_its_line_malformed(string field, string number)
    {
        using var dir = new TempFolder();
        string bad = ClaudeAssistant("2026-11-20T10:00:00Z", "msg_bad", "req_bad", input: 7, output: 7);
        bad = bad.Replace($"\"{field}\":7", $"\"{field}\":{number}", StringComparison.Ordinal).Replace($"\"{field}\":0", $"\"{field}\":{number}", StringComparison.Ordinal);
        Assert.Contains(number, bad);
        dir.Write(Claude + "s.jsonl",
            ClaudeAssistant("2026-11-20T09:00:00Z", "msg_1", "req_1", input: 10, output: 5),
            bad,
            ClaudeAssistant("2026-11-20T11:00:00Z", "msg_2", "req_2", input: 1, output: 2));
        var observer = new CollectingObserver();

        List<UsageEntry> counted = CollectingObserver.Scan(dir.Path, observer).Responses;

        // The two good lines: 10 + 5 + 1 + 2 = 18 tokens; the bad one is named with its line number.
        Assert.Equal(18, counted.Sum(e => e.Tokens.Total));
        (string file, int count, long line, string reason) = Assert.Single(observer.Malformed);
        Assert.EndsWith("s.jsonl", file);
        Assert.Equal((1, 2L), (count, line));
        Assert.Contains("2^53", reason);
    }

    [Theory]
    [InlineData("1e29")]
    [InlineData("1e300")]
    [InlineData("1e400")]
    [InlineData("-1e300")]
    [InlineData("-0.5")]
    [InlineData("2000000")]
    public void A_recorded_cost_out_of_range_makes_its_line_malformed_and_never_stops_the_count(string number)
    {
        using var dir = new TempFolder();
        JsonObject bad = Parse(PiAssistant("2026-11-20T10:01:00.000Z", Ms("2026-11-20T10:00:59.000Z"), input: 1_000, output: 1_000, costTotal: 0.5m, responseId: "resp_bad"));
        string badLine = Serialize(bad).Replace("\"total\":0.5", $"\"total\":{number}", StringComparison.Ordinal);
        Assert.Contains(number, badLine);
        dir.Write(".pi/agent/sessions/--home-user-work-demo--/s.jsonl",
            PiAssistant("2026-11-20T10:00:00.000Z", Ms("2026-11-20T09:59:59.000Z"), input: 100, output: 10, costTotal: 0.01m, responseId: "resp_1"),
            badLine);
        var observer = new CollectingObserver();

        List<UsageEntry> counted = CollectingObserver.Scan(dir.Path, observer).Responses;
        List<CountedResponse> priced = UsageReport.Select(counted, new UsageFilter(), new CostCalculator(PriceTable.BuiltIn, CostMode.Recorded));

        UsageEntry good = Assert.Single(counted);
        Assert.Equal(0.01m, Assert.Single(priced).Cost.Amount);
        Assert.Equal(110, good.Tokens.Total);
        (_, int count, long line, string reason) = Assert.Single(observer.Malformed);
        Assert.Equal((1, 2L), (count, line));
        Assert.Contains("recorded cost", reason);
    }

    [Fact]
    public void A_line_longer_than_the_reader_holds_is_skipped_and_named_and_the_rest_is_counted()
    {
        using var dir = new TempFolder();
        string file = Path.Combine(dir.Path, Claude, "s.jsonl");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        using (var stream = File.Create(file))
        {
            void Line(string text) => stream.Write(System.Text.Encoding.UTF8.GetBytes(text + "\n"));
            Line(ClaudeAssistant("2026-11-20T09:00:00Z", "msg_1", "req_1", input: 10, output: 5));
            // A run of NUL bytes longer than the reader's limit, with no newline in it: nothing lets it be skipped early.
            stream.Write(new byte[ClaudeUsage.Core.Parsing.JsonlLineReader.MaxLineBytes + 4096]);
            stream.WriteByte((byte)'\n');
            Line(ClaudeAssistant("2026-11-20T11:00:00Z", "msg_2", "req_2", input: 1, output: 2));
        }

        var observer = new CollectingObserver();
        List<UsageEntry> counted = CollectingObserver.Scan(dir.Path, observer).Responses;

        Assert.Equal(18, counted.Sum(e => e.Tokens.Total));
        (_, int count, long line, string reason) = Assert.Single(observer.Malformed);
        Assert.Equal((1, 2L), (count, line));
        Assert.Contains("longer than 64 MiB", reason);
    }

    [Fact]
    public void Recorded_costs_sum_to_the_decimals_the_log_wrote()
    {
        using var dir = new TempFolder();
        // 0.1 + 0.2 + 1.368289 = 1.668289 exactly (as doubles 0.1 + 0.2 is 0.30000000000000004); one in exponent form.
        dir.Write(".pi/agent/sessions/--home-user-work-demo--/s.jsonl",
            PiAssistant("2026-11-20T10:00:00.000Z", Ms("2026-11-20T09:59:59.000Z"), model: "gpt-5", provider: "openai", input: 1, costTotal: 0.1m, responseId: "r1"),
            PiAssistant("2026-11-20T10:01:00.000Z", Ms("2026-11-20T10:00:59.000Z"), model: "gpt-5", provider: "openai", input: 1, costTotal: 0.2m, responseId: "r2"),
            Serialize(Parse(PiAssistant("2026-11-20T10:02:00.000Z", Ms("2026-11-20T10:01:59.000Z"), model: "gpt-5", provider: "openai", input: 1, costTotal: 9m, responseId: "r3")))
                .Replace("\"total\":9", "\"total\":1.368289e0", StringComparison.Ordinal));

        List<CountedResponse> priced = UsageReport.Select(CollectingObserver.Scan(dir.Path).Responses, new UsageFilter(), new CostCalculator(PriceTable.BuiltIn, CostMode.Auto));
        UsageSummary total = Assert.Single(UsageReport.Summarize(priced, [UsageGrouping.Total], new ClaudeUsage.Core.Time.ZonedCalendar(TimeZoneInfo.Utc)));

        Assert.Equal("1.668289", total.Cost!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("1.668289", total.RecordedCost!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}

using ClaudeUsage.Core;
using static ClaudeUsage.Tests.MixedLogs;
using static ClaudeUsage.Tests.Transcript;

namespace ClaudeUsage.Tests;

/// <summary>
/// A member name written with <c>\u</c> escapes (<c>"\u0075sage"</c>) is the same name: the line counts exactly as
/// the one written plainly. The lines sit below the first three, which are read whatever they mention, so the early
/// byte check that passes over lines without usage has to let them through.
/// </summary>
public class EscapedKeyTests
{
    /// <summary>Writes the first letter of every <c>"name":</c> in <paramref name="line"/> as a <c>\u00XX</c> escape.</summary>
    private static string EscapeNames(string line, params string[] names)
    {
        foreach (string name in names)
        {
            string escaped = $"\\u{(int)name[0]:x4}" + name[1..];
            line = line.Replace($"\"{name}\":", $"\"{escaped}\":", StringComparison.Ordinal);
        }

        return line;
    }

    [Fact]
    public void Claude_Code_usage_message_id_request_id_and_timestamp_names_written_with_escapes_count_as_written_plainly()
    {
        using var dir = new TempFolder();
        string[] names = ["usage", "message", "id", "requestId", "timestamp"];
        dir.Write(".claude/projects/-home-user-work-demo/s.jsonl",
            ClaudeUser("2026-11-20T09:59:00Z"),
            ClaudeUser("2026-11-20T09:59:10Z"),
            ClaudeUser("2026-11-20T09:59:20Z"),
            // Line 4: the first content block of msg_1 (5 output tokens so far), plainly.
            ClaudeAssistant("2026-11-20T10:00:00Z", "msg_1", "req_1", input: 10, output: 5),
            // Line 5: its last block (9 output tokens), every name that identifies it escaped: the same response.
            EscapeNames(ClaudeAssistant("2026-11-20T10:00:02Z", "msg_1", "req_1", input: 10, output: 9), names),
            // Line 6: another response, escaped alone; and its usage's own names too.
            EscapeNames(ClaudeAssistant("2026-11-20T11:00:00Z", "msg_2", "req_2", input: 7, output: 3, cacheRead: 100), [.. names, "input_tokens", "output_tokens", "cache_read_input_tokens"]));

        var observer = new CollectingObserver();
        List<UsageEntry> counted = CollectingObserver.Scan(dir.Path, observer).Responses.OrderBy(e => e.Timestamp).ToList();

        Assert.Empty(observer.Malformed);
        Assert.Equal(2, counted.Count);
        // msg_1 once, at its largest copy (line 5): 10 + 9 = 19; msg_2: 7 + 3 + 100 = 110.
        Assert.Equal(("msg_1", "req_1", 10L, 9L, 5L), (counted[0].ResponseId, counted[0].RequestId, counted[0].Tokens.Input, counted[0].Tokens.Output, counted[0].LineNumber));
        Assert.Equal(DateTimeOffset.Parse("2026-11-20T10:00:02Z"), counted[0].Timestamp);
        Assert.Equal(("msg_2", "req_2", new TokenCounts(7, 3, 0, 0, 100, 0), 6L), (counted[1].ResponseId, counted[1].RequestId, counted[1].Tokens, counted[1].LineNumber));
        Assert.Equal(DateTimeOffset.Parse("2026-11-20T11:00:00Z"), counted[1].Timestamp);
        Assert.Equal(129, counted.Sum(e => e.Tokens.Total));
    }

    [Fact]
    public void Pi_usage_names_and_a_model_change_written_with_escapes_count_as_written_plainly()
    {
        using var dir = new TempFolder();
        string[] usageNames = ["usage", "input", "output", "cacheRead", "cacheWrite", "totalTokens", "timestamp"];
        dir.Write(".pi/agent/sessions/--home-user-work-demo--/2026-11-20T10-00-00-000Z_s-1.jsonl",
            PiSession("s-1", "2026-11-20T10:00:00.000Z"),
            PiModelChange("2026-11-20T10:00:00.010Z", "anthropic", "claude-sonnet-4-5"),
            PiModelChange("2026-11-20T10:00:00.020Z", "anthropic", "claude-sonnet-4-5"),
            // Line 4: the model changes, with its name escaped; line 5 names no model, so it takes this one.
            EscapeNames(PiModelChange("2026-11-20T10:00:01.000Z", "openai", "gpt-5"), "modelId"),
            EscapeNames(PiAssistant("2026-11-20T10:00:09.500Z", Ms("2026-11-20T10:00:09.400Z"), model: null, provider: "openai", input: 100, output: 20, cacheRead: 300, cacheWrite: 40, costTotal: 0.5m, responseId: "r1"), usageNames));

        var observer = new CollectingObserver();
        UsageEntry e = Assert.Single(CollectingObserver.Scan(dir.Path, observer).Responses);

        Assert.Empty(observer.Malformed);
        Assert.Equal(UsageSource.Pi, e.Source);
        Assert.Equal(new TokenCounts(100, 20, 40, 0, 300, 0), e.Tokens);
        Assert.Equal(0.5m, e.RecordedCost);
        Assert.Equal("gpt-5", e.Model);
        Assert.Equal(DateTimeOffset.Parse("2026-11-20T10:00:09.500Z"), e.Timestamp);
        Assert.Equal(5, e.LineNumber);
    }

    [Fact]
    public void OpenClaw_usage_names_written_with_escapes_count_as_written_plainly()
    {
        using var dir = new TempFolder();
        string[] usageNames = ["usage", "input", "output", "cacheRead", "cacheWrite", "totalTokens", "cost", "total"];
        dir.Write(".openclaw/agents/main/sessions/s-2.jsonl",
            PiSession("s-2", "2026-11-20T10:00:00.000Z"),
            PiModelSnapshot("2026-11-20T10:00:00.010Z", "anthropic", "claude-opus-4-5"),
            PiModelSnapshot("2026-11-20T10:00:00.020Z", "anthropic", "claude-opus-4-5"),
            EscapeNames(PiAssistant("2026-11-20T10:01:00.000Z", Ms("2026-11-20T10:00:59.000Z"), model: "claude-opus-4-5", input: 1_000, output: 200, cacheRead: 3_000, cacheWrite: 400, costTotal: 0.25m, responseId: "resp_oc"), usageNames));

        var observer = new CollectingObserver();
        UsageEntry e = Assert.Single(CollectingObserver.Scan(dir.Path, observer).Responses);

        Assert.Empty(observer.Malformed);
        Assert.Equal(UsageSource.OpenClaw, e.Source);
        Assert.Equal("main", e.AgentId);
        Assert.Equal(new TokenCounts(1_000, 200, 400, 0, 3_000, 0), e.Tokens);
        Assert.Equal(0.25m, e.RecordedCost);
        Assert.Equal(4, e.LineNumber);
    }
}

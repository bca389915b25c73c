using ClaudeUsage.Core;
using ClaudeUsage.Core.Aggregation;
using ClaudeUsage.Core.Parsing;
using ClaudeUsage.Core.Pricing;
using ClaudeUsage.Core.Scanning;
using static ClaudeUsage.Tests.MixedLogs;
using static ClaudeUsage.Tests.Transcript;

namespace ClaudeUsage.Tests;

/// <summary>pi, clawdbot and OpenClaw JSONL transcripts: what is counted, and what is counted once.</summary>
public class PiAccountingTests
{
    private const string Sessions = ".pi/agent/sessions/--home-user-work-demo--/";
    private const string SessionId = "019aa0c2-5d1e-7b3a-9c4f-2e8d1a6b7c90";

    [Fact]
    public void A_pi_assistant_message_maps_its_camel_case_usage_cost_model_and_times()
    {
        using var dir = new TempFolder();
        // The reference's own example line: 12 in, 340 out, 5,200 cache writes, recorded $0.024636.
        dir.Write(Sessions + "2026-11-20T10-00-00-000Z_" + SessionId + ".jsonl",
            PiSession(SessionId, "2026-11-20T10:00:00.000Z", cwd: "/home/user/work/demo"),
            PiModelChange("2026-11-20T10:00:00.010Z", "anthropic", "claude-sonnet-4-5"),
            PiAssistant("2026-11-20T10:00:09.500Z", Ms("2026-11-20T10:00:09.400Z"), input: 12, output: 340, cacheWrite: 5_200, costTotal: 0.024636m, responseId: "msg_01PIPI"));

        UsageEntry e = Assert.Single(CollectingObserver.Scan(dir.Path).Responses);

        Assert.Equal(UsageSource.Pi, e.Source);
        // pi records one cache-write figure, written at the 5-minute rate.
        Assert.Equal(new TokenCounts(12, 340, 5_200, 0, 0, 0), e.Tokens);
        Assert.Equal(0.024636m, e.RecordedCost);
        Assert.Equal("claude-sonnet-4-5", e.Model);
        Assert.Equal("anthropic", e.Provider);
        Assert.Equal(SessionId, e.SessionId);
        Assert.Equal("/home/user/work/demo", e.ProjectPath);
        Assert.Equal("--home-user-work-demo--", e.ProjectSlug);
        Assert.Null(e.AgentId);
        // The entry's ISO time wins over the message's epoch milliseconds (100 ms earlier).
        Assert.Equal(DateTimeOffset.Parse("2026-11-20T10:00:09.500Z"), e.Timestamp);
        Assert.Equal(3, e.LineNumber);
    }

    [Fact]
    public void Without_an_entry_time_the_message_epoch_milliseconds_are_used()
    {
        using var dir = new TempFolder();
        // 1795168809400 ms after 1970-01-01 = 2026-11-20T10:00:09.400Z.
        dir.Write(Sessions + "s.jsonl", PiAssistant(null, 1_795_168_809_400, input: 1, output: 2));

        Assert.Equal(DateTimeOffset.Parse("2026-11-20T10:00:09.400Z"), Assert.Single(CollectingObserver.Scan(dir.Path).Responses).Timestamp);
    }

    [Fact]
    public void The_model_comes_from_the_message_else_the_latest_model_change_or_model_snapshot()
    {
        using var dir = new TempFolder();
        dir.Write(Sessions + "s.jsonl",
            PiSession(SessionId, "2026-11-20T10:00:00.000Z"),
            PiModelChange("2026-11-20T10:00:00.010Z", "anthropic", "claude-sonnet-4-5"),
            PiAssistant("2026-11-20T10:00:01.000Z", Ms("2026-11-20T10:00:01.000Z"), model: null, input: 1, entryId: "00000001"),
            PiModelSnapshot("2026-11-20T10:00:02.000Z", "anthropic", "claude-opus-4-5"),
            PiAssistant("2026-11-20T10:00:03.000Z", Ms("2026-11-20T10:00:03.000Z"), model: null, input: 2, entryId: "00000002"),
            PiAssistant("2026-11-20T10:00:04.000Z", Ms("2026-11-20T10:00:04.000Z"), model: "claude-haiku-4-5", input: 3, entryId: "00000003"),
            PiModelChange("2026-11-20T10:00:05.000Z", "openai", "gpt-5"),
            PiAssistant("2026-11-20T10:00:06.000Z", Ms("2026-11-20T10:00:06.000Z"), model: null, provider: "openai", input: 4, entryId: "00000004"));

        List<UsageEntry> entries = [.. CollectingObserver.Scan(dir.Path).Responses.OrderBy(e => e.Tokens.Input)];

        Assert.Equal(["claude-sonnet-4-5", "claude-opus-4-5", "claude-haiku-4-5", "gpt-5"], entries.Select(e => e.Model));
    }

    [Fact]
    public void A_zero_usage_delivery_mirror_is_not_counted_and_marks_the_transcript_as_openclaw()
    {
        using var dir = new TempFolder();
        // A flat folder: only the content can tell which agent wrote each file.
        dir.Write("flat/clawd.jsonl",
            PiSession("cb", "2026-11-20T12:00:00.000Z"),
            PiAssistant("2026-11-20T12:00:10.000Z", Ms("2026-11-20T12:00:09.000Z"), model: "claude-opus-4-5", input: 7, output: 3, responseId: "msg_X"),
            PiDeliveryMirror("2026-11-20T12:00:11.000Z", Ms("2026-11-20T12:00:11.000Z")));
        dir.Write("flat/pi.jsonl",
            PiSession("pi", "2026-11-20T12:00:00.000Z"),
            PiAssistant("2026-11-20T12:00:10.000Z", Ms("2026-11-20T12:00:09.500Z"), input: 5, output: 5, responseId: "msg_Y"));
        dir.Write("flat/claude.jsonl", ClaudeAssistant("2026-11-20T12:00:10.000Z", "msg_Z", "req_Z", input: 1, output: 1));

        List<UsageEntry> entries = CollectingObserver.Scan(dir.Path).Responses;

        Assert.Equal(3, entries.Count);
        Assert.Equal(UsageSource.OpenClaw, Assert.Single(entries, e => e.SessionId == "cb").Source);
        Assert.Equal(UsageSource.Pi, Assert.Single(entries, e => e.SessionId == "pi").Source);
        Assert.Equal(UsageSource.ClaudeCode, Assert.Single(entries, e => e.ResponseId == "msg_Z").Source);
        Assert.DoesNotContain(entries, e => e.Model == "delivery-mirror");
    }

    [Fact]
    public void A_fork_that_replays_its_parent_adds_only_its_own_responses_and_the_live_copy_is_kept()
    {
        using var dir = new TempFolder();
        string a = PiAssistant("2026-11-20T10:00:09.500Z", Ms("2026-11-20T10:00:09.400Z"), input: 10, output: 100, costTotal: 0.00153m, responseId: "msg_A");
        // No response id: identified by message time, model and tokens.
        string b = PiAssistant("2026-11-20T10:01:00.000Z", Ms("2026-11-20T10:00:59.000Z"), input: 20, output: 200, costTotal: 0.00306m, entryId: "bbbbbbbb");
        string live = dir.Write(Sessions + "2026-11-20T10-00-00-000Z_" + SessionId + ".jsonl",
            PiSession(SessionId, "2026-11-20T10:00:00.000Z"), a, b);
        // The fork names its parent in its header and replays both responses before its own.
        dir.Write(Sessions + "2026-11-20T10-00-00-000Z_" + SessionId + "/forks/2026-11-20T11-00-00-000Z_fork.jsonl",
            PiSession("fork", "2026-11-20T11:00:00.000Z", parentSession: SessionId), a, b,
            PiAssistant("2026-11-20T11:00:05.000Z", Ms("2026-11-20T11:00:04.000Z"), input: 30, output: 300, responseId: "msg_C"));

        List<UsageEntry> entries = CollectingObserver.Scan(dir.Path).Responses;

        // 10 + 100 + 20 + 200 + 30 + 300 = 660, each response once.
        Assert.Equal(3, entries.Count);
        Assert.Equal(660, entries.Sum(e => e.Tokens.Total));
        Assert.All(entries.Where(e => e.Tokens.Input < 30), e => Assert.Equal(live, e.FilePath));
        Assert.All(entries.Where(e => e.Tokens.Input < 30), e => Assert.Equal(SessionId, e.SessionId));
        Assert.Equal("fork", Assert.Single(entries, e => e.Tokens.Input == 30).SessionId);
    }

    [Fact]
    public void A_fork_outside_a_forks_folder_is_known_by_its_header_and_the_live_copy_is_kept()
    {
        using var dir = new TempFolder();
        string a = PiAssistant("2026-11-20T10:00:09.500Z", Ms("2026-11-20T10:00:09.400Z"), input: 10, output: 100, responseId: "msg_A");
        // Named so that the fork sorts first: only its header can rank it below the live file.
        dir.Write("x/a-fork.jsonl", PiSession("fork", "2026-11-20T11:00:00.000Z", parentSession: "parent"), a);
        string live = dir.Write("x/b-live.jsonl", PiSession("parent", "2026-11-20T10:00:00.000Z"), a);

        UsageEntry only = Assert.Single(CollectingObserver.Scan(dir.Path).Responses);
        Assert.Equal(live, only.FilePath);
        Assert.Equal("parent", only.SessionId);
    }

    [Fact]
    public void An_archived_copy_of_a_live_transcript_counts_once_and_an_archive_alone_counts()
    {
        using var dir = new TempFolder();
        string[] lines =
        [
            PiSession("cb-1", "2026-11-20T12:00:00.000Z"),
            PiAssistant("2026-11-20T12:00:10.000Z", Ms("2026-11-20T12:00:09.000Z"), model: "claude-opus-4-5", input: 2_000, output: 1_000, costTotal: 0.035m, responseId: "msg_01CB1"),
        ];
        string live = dir.Write(".clawdbot/agents/main/sessions/cb-1.jsonl", lines);
        dir.Write(".clawdbot/agents/main/sessions/cb-1.jsonl.deleted.2026-11-21T08-00-00.000Z", lines);
        dir.Write(".clawdbot/agents/main/sessions/cb-1.jsonl.bak.2026-11-21T09-00-00.000Z", lines);
        string archive = dir.Write(".clawdbot/agents/main/sessions/cb-0.jsonl.reset.2026-11-19T20-00-00.000Z",
            PiSession("cb-0", "2026-11-19T19:00:00.000Z"),
            PiAssistant("2026-11-19T19:00:05.000Z", Ms("2026-11-19T19:00:04.000Z"), model: "claude-opus-4-5", input: 400, output: 40, costTotal: 0.003m, responseId: "msg_01CB0"));

        ScanResult scan = CollectingObserver.Scan(dir.Path);

        Assert.Equal(4, scan.FileCount);
        Assert.Equal(2, scan.Responses.Count);
        // 2,000 + 1,000 + 400 + 40 = 3,440 tokens; $0.035 + $0.003 = $0.038 recorded.
        Assert.Equal(3_440, scan.Responses.Sum(e => e.Tokens.Total));
        Assert.Equal(0.038m, scan.Responses.Sum(e => e.RecordedCost));
        Assert.Equal(live, Assert.Single(scan.Responses, e => e.SessionId == "cb-1").FilePath);
        Assert.Equal(archive, Assert.Single(scan.Responses, e => e.SessionId == "cb-0").FilePath);
        Assert.All(scan.Responses, e => Assert.Equal(("main", UsageSource.OpenClaw), (e.AgentId, e.Source)));
    }

    [Fact]
    public void The_identity_is_built_from_the_message_alone()
    {
        var tokens = new TokenCounts(1, 2, 4, 0, 3, 0);
        Assert.Equal("pi:r:anthropic:msg_A:1795168809400", TranscriptLineHandler.PiResponseIdentity("msg_A", "anthropic", "claude-sonnet-4-5", 1_795_168_809_400, tokens));
        Assert.Equal("pi:t:1795168809400:gpt-5:1:2:3:4", TranscriptLineHandler.PiResponseIdentity(null, "openai", "gpt-5", 1_795_168_809_400, tokens));
        Assert.Equal("pi:t:1795168809400:gpt-5:1:2:3:4", TranscriptLineHandler.PiResponseIdentity("", "openai", "gpt-5", 1_795_168_809_400, tokens));
    }

    [Fact]
    public void A_response_id_reused_by_a_server_at_another_time_is_two_responses()
    {
        using var dir = new TempFolder();
        dir.Write(Sessions + "s.jsonl",
            PiAssistant("2026-11-20T10:00:00.000Z", Ms("2026-11-20T10:00:00.000Z"), model: "local-llm", provider: "openai", input: 5, responseId: "chatcmpl-1", entryId: "00000001"),
            PiAssistant("2026-11-20T10:01:00.000Z", Ms("2026-11-20T10:01:00.000Z"), model: "local-llm", provider: "openai", input: 5, responseId: "chatcmpl-1", entryId: "00000002"));

        Assert.Equal(2, CollectingObserver.Scan(dir.Path).Responses.Count);
    }

    [Theory]
    [InlineData(CostMode.Auto)]
    [InlineData(CostMode.Calculate)]
    [InlineData(CostMode.Recorded)]
    public void A_non_anthropic_model_keeps_its_recorded_cost_where_the_mode_uses_recorded_costs_and_is_never_priced(CostMode mode)
    {
        using var dir = new TempFolder();
        dir.Write(".clawdbot/agents/main/sessions/cb.jsonl",
            PiAssistant("2026-11-20T12:10:00.000Z", Ms("2026-11-20T12:09:58.000Z"), model: "gpt-5", provider: "openai", input: 1_000, output: 500, cacheRead: 4_000, costTotal: 0.00675m, responseId: "resp_1"),
            PiAssistant("2026-11-20T12:11:00.000Z", Ms("2026-11-20T12:10:58.000Z"), model: "gpt-5", provider: "openai", input: 10, output: 10, responseId: "resp_2"));
        var costs = new CostCalculator(PriceTable.BuiltIn, mode);

        List<CountedResponse> counted = UsageReport.Select(CollectingObserver.Scan(dir.Path).Responses, new UsageFilter(), costs);

        CountedResponse recorded = Assert.Single(counted, r => r.Entry.ResponseId!.Contains("resp_1"));
        // Calculate uses the price table alone, which has no gpt-5.
        Assert.Equal(mode == CostMode.Calculate ? ResponseCost.None : new ResponseCost(0.00675m, CostBasis.Recorded, false), recorded.Cost);
        Assert.Equal(5_500, recorded.Entry.Tokens.Total);
        // No recorded cost and no list price: no cost at all rather than an invented one.
        CountedResponse unrecorded = Assert.Single(counted, r => r.Entry.ResponseId!.Contains("resp_2"));
        Assert.Equal(new ResponseCost(null, CostBasis.None, false), unrecorded.Cost);
        Assert.Equal(mode switch { CostMode.Recorded => 0, CostMode.Calculate => 2, _ => 1 }, costs.UnpricedModels.GetValueOrDefault("gpt-5"));
    }

    [Fact]
    public void Auto_and_calculate_price_an_anthropic_pi_response_from_the_list_and_recorded_keeps_the_agents_figure()
    {
        using var dir = new TempFolder();
        // 100 in × $3 + 1,000 out × $15 + 20,000 reads × $0.30 = 300 + 15,000 + 6,000 = 21,300 per million = $0.0213;
        // pi recorded $0.025.
        dir.Write(Sessions + "s.jsonl", PiAssistant("2026-11-20T10:05:00.000Z", Ms("2026-11-20T10:04:58.000Z"), input: 100, output: 1_000, cacheRead: 20_000, costTotal: 0.025m));
        UsageEntry entry = Assert.Single(CollectingObserver.Scan(dir.Path).Responses);

        ResponseCost auto = new CostCalculator(PriceTable.BuiltIn, CostMode.Auto).Price(entry);
        Assert.Equal((0.0213m, CostBasis.Calculated), (auto.Amount, auto.Basis));
        ResponseCost calculated = new CostCalculator(PriceTable.BuiltIn, CostMode.Calculate).Price(entry);
        Assert.Equal((0.0213m, CostBasis.Calculated), (calculated.Amount, calculated.Basis));
        Assert.Equal(new ResponseCost(0.025m, CostBasis.Recorded, false), new CostCalculator(PriceTable.BuiltIn, CostMode.Recorded).Price(entry));
    }
}

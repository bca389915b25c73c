using System.Text.Json.Nodes;
using ClaudeUsage.Core;
using ClaudeUsage.Core.Aggregation;
using ClaudeUsage.Core.Caching;
using ClaudeUsage.Core.Ledger;
using ClaudeUsage.Core.Parsing;
using ClaudeUsage.Core.Pricing;
using ClaudeUsage.Core.Scanning;
using ClaudeUsage.Core.Time;
using static ClaudeUsage.Tests.AttributedLogs;
using static ClaudeUsage.Tests.Transcript;

namespace ClaudeUsage.Tests;

/// <summary>
/// Claude Code's <c>attributionSkill</c> and <c>attributionPlugin</c> kept per response and grouped by, read plainly,
/// through the usage cache and through the ledger; a response with neither is <c>(none)</c>, never dropped.
/// </summary>
public class AttributionTests
{
    private const string Projects = ".claude/projects/-home-user-work-demo/";

    private static string Attributed(string line, string? skill, string? plugin, bool escapedNames = false)
    {
        JsonObject o = JsonNode.Parse(line)!.AsObject();
        if (skill is not null)
        {
            o["attributionSkill"] = skill;
        }

        if (plugin is not null)
        {
            o["attributionPlugin"] = plugin;
        }

        string json = o.ToJsonString();
        return escapedNames ? json.Replace("\"attributionSkill\"", "\"attribution\\u0053kill\"", StringComparison.Ordinal) : json;
    }

    /// <summary>
    /// msg_1 (skill pdf) is written twice, the later copy larger (100 then 300 output); msg_2 has skill pdf and plugin
    /// acme-tools, its skill name written with an escape; msg_3 has neither; a pi response has neither.
    /// Skill: pdf = msg_1 (1,000 in, 300 out) + msg_2 (2,000 in, 200 out); (none) = msg_3 (500, 50) + pi (40, 4).
    /// Plugin: acme-tools = msg_2; (none) = the other three.
    /// </summary>
    private static TempFolder Logs()
    {
        var dir = new TempFolder();
        dir.Write(Projects + "s.jsonl",
            Attributed(ClaudeAssistant("2026-11-20T10:00:00.000Z", "msg_1", "req_1", input: 1_000, output: 100), "pdf", null),
            Attributed(ClaudeAssistant("2026-11-20T10:00:01.000Z", "msg_1", "req_1", input: 1_000, output: 300), "pdf", null),
            Attributed(ClaudeAssistant("2026-11-20T10:05:00.000Z", "msg_2", "req_2", input: 2_000, output: 200), "pdf", "acme-tools", escapedNames: true),
            ClaudeAssistant("2026-11-20T10:10:00.000Z", "msg_3", "req_3", input: 500, output: 50));
        dir.Write(".pi/agent/sessions/--home-user-work-pi--/p.jsonl",
            PiSession("pi-1", "2026-11-20T09:00:00.000Z", cwd: "/home/user/work/pi"),
            PiAssistant("2026-11-20T09:01:00.000Z", 1_763_632_860_000, model: "claude-sonnet-4-5", provider: "anthropic", input: 40, output: 4, responseId: "resp_1"));
        return dir;
    }

    public static TheoryData<string> Reads => ["plain", "cache", "ledger"];

    [Theory]
    [MemberData(nameof(Reads))]
    public void Responses_group_by_skill_and_plugin_with_none_for_the_rest(string read)
    {
        using TempFolder dir = Logs();
        using var data = new TempFolder();
        List<UsageEntry> entries = Read(read, dir.Path, data.Path);
        List<CountedResponse> responses = UsageReport.Select(entries, new UsageFilter(), new CostCalculator(PriceTable.BuiltIn, CostMode.Calculate));
        var utc = new ZonedCalendar(TimeZoneInfo.Utc);

        Dictionary<string, UsageSummary> bySkill = UsageReport.Summarize(responses, [UsageGrouping.Skill], utc).ToDictionary(s => s.Skill!);
        Assert.Equal(["(none)", "pdf"], bySkill.Keys.Order(StringComparer.Ordinal));
        Assert.Equal((2, 3_000L, 500L), (bySkill["pdf"].Requests, bySkill["pdf"].InputTokens, bySkill["pdf"].OutputTokens));
        Assert.Equal((2, 540L, 54L), (bySkill["(none)"].Requests, bySkill["(none)"].InputTokens, bySkill["(none)"].OutputTokens));

        Dictionary<string, UsageSummary> byPlugin = UsageReport.Summarize(responses, [UsageGrouping.Plugin], utc).ToDictionary(s => s.Plugin!);
        Assert.Equal((1, 2_000L, 200L), (byPlugin["acme-tools"].Requests, byPlugin["acme-tools"].InputTokens, byPlugin["acme-tools"].OutputTokens));
        Assert.Equal((3, 1_540L, 354L), (byPlugin["(none)"].Requests, byPlugin["(none)"].InputTokens, byPlugin["(none)"].OutputTokens));
        Assert.Equal("pdf · acme-tools", Assert.Single(UsageReport.Summarize(responses, [UsageGrouping.Skill, UsageGrouping.Plugin], utc), s => s.Plugin == "acme-tools").Group);
    }

    private const string Subagents = AttributedLogs.Subagents;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Both_parser_paths_read_the_mcp_servers_of_tool_calls_however_names_are_written(bool fast)
    {
        string line = WithTools(ClaudeAssistant("2026-11-20T10:00:00.000Z", "msg_1", "req_1", input: 10), "Read", "mcp__github__create_issue", "mcp__my_server__do_thing", "mcp__github__list", "mcp__x", "mcp____t", "mcp__s__");
        string escaped = line.Replace("\"name\":\"mcp__my", "\"n\\u0061me\":\"\\u006dcp__my", StringComparison.Ordinal);
        var parser = new RawLineParser(skipFast: fast);
        var raw = new RawLine();

        parser.Parse(System.Text.Encoding.UTF8.GetBytes(line), raw);
        Assert.Equal("github, my_server", raw.McpServers);
        parser.Parse(System.Text.Encoding.UTF8.GetBytes(escaped), raw);
        Assert.Equal("github, my_server", raw.McpServers);

        // Text that only quotes a tool name calls nothing, and a user line's tool results are never read for it.
        parser.Parse(System.Text.Encoding.UTF8.GetBytes(ClaudeAssistant("2026-11-20T10:00:00.000Z", "msg_2", "req_2", input: 10, content: "call mcp__github__create_issue")), raw);
        Assert.Null(raw.McpServers);
        string user = WithTools(ClaudeUser("2026-11-20T10:00:00.000Z"), "mcp__github__create_issue");
        parser.Parse(System.Text.Encoding.UTF8.GetBytes(user), raw);
        Assert.Null(raw.McpServers);

        parser.Parse(System.Text.Encoding.UTF8.GetBytes(Subagent(line, "a1b2c3")), raw);
        Assert.Equal(("a1b2c3", true), (raw.AgentId, raw.IsSidechain));
    }

    [Theory]
    [InlineData("mcp__github__create_issue", "github")]
    [InlineData("mcp__my_server__do_thing", "my_server")]
    [InlineData("mcp__plugin_acme_tools__run", "plugin_acme_tools")]
    [InlineData("mcp__a___b", "a")]
    [InlineData("mcp__a__b__c", "a")]
    [InlineData("mcp__x", null)]
    [InlineData("mcp____t", null)]
    [InlineData("mcp__s__", null)]
    [InlineData("mcp__a,b__t", null)]
    [InlineData("Read", null)]
    [InlineData("MCP__github__x", null)]
    public void The_server_is_the_part_between_mcp_and_the_next_double_underscore(string tool, string? server) =>
        Assert.Equal(server, McpServerList.ServerOf(tool));

    [Fact]
    public void Unions_of_server_lists_are_sorted_and_hold_each_name_once()
    {
        Assert.Null(McpServerList.Union(null, null));
        Assert.Equal("github", McpServerList.Union(null, "github"));
        Assert.Equal("github", McpServerList.Union("github", null));
        Assert.Equal("github, linear", McpServerList.Union("linear", "github"));
        Assert.Equal("a, github, linear", McpServerList.Union("github, linear", "a, linear"));
    }

    /// <summary>
    /// The main thread's msg_main (1,000 in); subagent a1 (its sidecar says Explore): msg_e1 (2,000 in) and msg_e2
    /// (3,000 in); subagent b2 (no sidecar): msg_g1 (400 in); subagent c3, whose line names no agent id but whose
    /// file and sidecar do (general-purpose): msg_c1 (50 in); a sidecar that is not JSON (d4): msg_d1 (7 in).
    /// </summary>
    private static TempFolder SubagentLogs()
    {
        var dir = new TempFolder();
        dir.Write(Projects + "11111111-1111-1111-1111-111111111111.jsonl",
            ClaudeAssistant("2026-11-20T10:00:00.000Z", "msg_main", "req_main", input: 1_000, output: 100));
        dir.Write(Subagents + "agent-a1.jsonl",
            Subagent(ClaudeAssistant("2026-11-20T10:01:00.000Z", "msg_e1", "req_e1", input: 2_000, output: 200), "a1"),
            Subagent(ClaudeAssistant("2026-11-20T10:02:00.000Z", "msg_e2", "req_e2", input: 3_000, output: 300), "a1"));
        dir.WriteRaw(Subagents + "agent-a1.meta.json", "{\"agentType\":\"Explore\",\"description\":\"Find the tests\"}");
        dir.Write(Subagents + "agent-b2.jsonl",
            Subagent(ClaudeAssistant("2026-11-20T10:03:00.000Z", "msg_g1", "req_g1", input: 400, output: 40), "b2"));
        dir.Write(Subagents + "agent-c3.jsonl",
            Subagent(ClaudeAssistant("2026-11-20T10:04:00.000Z", "msg_c1", "req_c1", input: 50, output: 5), null));
        dir.WriteRaw(Subagents + "agent-c3.meta.json", "{\"description\":\"x\",\"agentType\":\"general-purpose\"}");
        dir.Write(Subagents + "agent-d4.jsonl",
            Subagent(ClaudeAssistant("2026-11-20T10:05:00.000Z", "msg_d1", "req_d1", input: 7, output: 1), "d4"));
        dir.WriteRaw(Subagents + "agent-d4.meta.json", "not json");
        return dir;
    }

    [Theory]
    [MemberData(nameof(Reads))]
    public void A_subagent_is_named_by_the_type_its_sidecar_gives_else_by_its_agent_id(string read)
    {
        using TempFolder dir = SubagentLogs();
        using var data = new TempFolder();

        Dictionary<string, string?> bySubagent = Read(read, dir.Path, data.Path).ToDictionary(e => e.ResponseKey == IdKey.Of("msg_main") ? "main" : e.Tokens.Input.ToString(System.Globalization.CultureInfo.InvariantCulture), e => e.Subagent);

        Assert.Equal(6, bySubagent.Count);
        Assert.Null(bySubagent["main"]);
        Assert.Equal("Explore", bySubagent["2000"]);
        Assert.Equal("Explore", bySubagent["3000"]);
        Assert.Equal("agent b2", bySubagent["400"]);
        Assert.Equal("general-purpose", bySubagent["50"]);
        Assert.Equal("agent d4", bySubagent["7"]);
    }

    /// <summary>
    /// One response streamed as three lines: a text block with the final usage (output 300), a call to the github
    /// server (output 100) and one to my_server (output 200). Whatever order the lines come in, and whether they sit
    /// in one file or two, the response counts once with 300 output and calls github and my_server.
    /// </summary>
    public static TheoryData<string, int[], bool> Orders()
    {
        var data = new TheoryData<string, int[], bool>();
        int[][] orders = [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]];
        foreach (string read in new[] { "plain", "cache", "ledger" })
        {
            foreach (int[] order in orders)
            {
                data.Add(read, order, false);
            }

            data.Add(read, [2, 1, 0], true);
            data.Add(read, [0, 1, 2], true);
        }

        return data;
    }

    private static string[] StreamedCopies() =>
    [
        ClaudeAssistant("2026-11-20T10:00:02.000Z", "msg_M", "req_M", input: 1_000, output: 300, content: "done"),
        WithTools(ClaudeAssistant("2026-11-20T10:00:00.000Z", "msg_M", "req_M", input: 1_000, output: 100), "mcp__github__create_issue"),
        WithTools(ClaudeAssistant("2026-11-20T10:00:01.000Z", "msg_M", "req_M", input: 1_000, output: 200), "mcp__my_server__do_thing"),
    ];

    [Theory]
    [MemberData(nameof(Orders))]
    public void A_streamed_response_calls_the_servers_of_all_its_copies_in_any_order(string read, int[] order, bool twoFiles)
    {
        string[] copies = StreamedCopies();
        using var dir = new TempFolder();
        using var data = new TempFolder();
        if (twoFiles)
        {
            dir.Write(Projects + "a.jsonl", copies[order[0]]);
            dir.Write(Projects + "b.jsonl", copies[order[1]], copies[order[2]]);
        }
        else
        {
            dir.Write(Projects + "s.jsonl", order.Select(i => copies[i]).ToArray());
        }

        UsageEntry counted = Assert.Single(Read(read, dir.Path, data.Path));
        Assert.Equal((1_000L, 300L), (counted.Tokens.Input, counted.Tokens.Output));
        Assert.Equal("github, my_server", counted.McpServers);
    }

    /// <summary>
    /// The ledger is written copy by copy, in three ingests of a growing transcript, the larger text copy first: the
    /// smaller copies that call servers still add them to the recorded row, and a later ingest of the whole file read
    /// again (after it was rewritten with the same lines) or of nothing (after it was deleted) keeps them.
    /// </summary>
    [Fact]
    public void The_ledger_keeps_the_servers_of_copies_recorded_in_earlier_ingests_and_after_the_log_is_gone()
    {
        string[] copies = StreamedCopies();
        using var dir = new TempFolder();
        using var data = new TempFolder();
        string file = dir.Write(Projects + "s.jsonl", copies[0]);
        string sub = dir.Write(Subagents + "agent-a1.jsonl", Subagent(ClaudeAssistant("2026-11-20T10:01:00.000Z", "msg_e1", "req_e1", input: 2_000, output: 200), "a1"));
        dir.WriteRaw(Subagents + "agent-a1.meta.json", "{\"agentType\":\"Explore\"}");
        using SqliteLedgerStore store = SqliteLedgerStore.Open(Path.Combine(data.Path, "ledger.db"));

        List<UsageEntry> Ingest()
        {
            LedgerIngest.Run(store, new ScanRequest { Paths = [dir.Path] }, new CollectingObserver(), CancellationToken.None);
            return store.ReadCounted(null, null, null, withIds: false);
        }

        Assert.Null(Ingest().Single(e => e.Subagent is null).McpServers);
        File.AppendAllText(file, copies[1] + "\n");
        Assert.Equal("github", Ingest().Single(e => e.Subagent is null).McpServers);
        File.AppendAllText(file, copies[2] + "\n");
        UsageEntry main = Ingest().Single(e => e.Subagent is null);
        Assert.Equal(("github, my_server", 300L), (main.McpServers, main.Tokens.Output));

        // Rewritten whole (its first bytes change), then gone: the row, its servers and the subagent stay.
        File.WriteAllText(file, copies[0] + "\n");
        Assert.Equal("github, my_server", Ingest().Single(e => e.Subagent is null).McpServers);
        File.Delete(file);
        File.Delete(sub);
        List<UsageEntry> kept = Ingest();
        Assert.Equal("github, my_server", kept.Single(e => e.Subagent is null).McpServers);
        Assert.Equal("Explore", kept.Single(e => e.Subagent is not null).Subagent);
        Assert.All(kept, e => Assert.True(e.IsLogDeleted));
    }

    [Theory]
    [MemberData(nameof(Reads))]
    public void Responses_group_by_subagent_and_mcp_server_with_none_for_the_rest(string read)
    {
        using TempFolder dir = AttributedLogs.Write();
        using var data = new TempFolder();
        List<CountedResponse> responses = UsageReport.Select(Read(read, dir.Path, data.Path), new UsageFilter(), new CostCalculator(PriceTable.BuiltIn, CostMode.Calculate));
        var utc = new ZonedCalendar(TimeZoneInfo.Utc);

        // (none): msg_main, msg_M and msg_G; Explore: msg_e1; agent b2: msg_b1.
        Dictionary<string, UsageSummary> bySubagent = UsageReport.Summarize(responses, [UsageGrouping.Subagent], utc).ToDictionary(s => s.Subagent!);
        Assert.Equal(["(none)", "agent b2", "Explore"], bySubagent.Keys.Order(StringComparer.OrdinalIgnoreCase));
        Assert.Equal((3, 31_000L, 1_400L, SonnetCost(31_000, 1_400)), Figures(bySubagent["(none)"]));
        Assert.Equal((1, 100_000L, 2_000L, SonnetCost(100_000, 2_000)), Figures(bySubagent["Explore"]));
        Assert.Equal((1, 4_000L, 400L, SonnetCost(4_000, 400)), Figures(bySubagent["agent b2"]));
        Assert.Equal(0.114m, bySubagent["(none)"].Cost); // $0.0045 + $0.0345 + $0.075

        // (none): msg_main and msg_b1; github: msg_G and msg_e1; github, my_server: msg_M (one row, not two).
        Dictionary<string, UsageSummary> byServer = UsageReport.Summarize(responses, [UsageGrouping.McpServer], utc).ToDictionary(s => s.McpServer!);
        Assert.Equal(["(none)", "github", "github, my_server"], byServer.Keys.Order(StringComparer.Ordinal));
        Assert.Equal((2, 5_000L, 500L, SonnetCost(5_000, 500)), Figures(byServer["(none)"]));
        Assert.Equal((2, 120_000L, 3_000L, SonnetCost(120_000, 3_000)), Figures(byServer["github"]));
        Assert.Equal((1, 10_000L, 300L, SonnetCost(10_000, 300)), Figures(byServer["github, my_server"]));
        Assert.Equal(0.405m, byServer["github"].Cost); // $0.075 + $0.33

        Assert.Equal("Explore · github", Assert.Single(UsageReport.Summarize(responses, [UsageGrouping.Subagent, UsageGrouping.McpServer], utc), s => s.Subagent == "Explore").Group);
        UsageRecord record = UsageReport.Record(responses.Single(r => r.Entry.Subagent == "Explore"), utc);
        Assert.Equal(("Explore", "github"), (record.Subagent, record.McpServer));
    }

    private static (int Requests, long Input, long Output, decimal? Cost) Figures(UsageSummary s) => (s.Requests, s.InputTokens, s.OutputTokens, s.Cost);

    private static List<UsageEntry> Read(string read, string logs, string data)
    {
        var observer = new CollectingObserver();
        switch (read)
        {
            case "plain":
                return UsageScanner.Scan(new ScanRequest { Paths = [logs] }, observer, CancellationToken.None).Responses;
            case "cache":
                // Written by the first read, served by the second.
                CollectingObserver.ScanAndFinish(new ScanRequest { Paths = [logs], Cache = new ScanCache(data) }, observer);
                var served = new CollectingObserver();
                ScanResult scan = CollectingObserver.ScanAndFinish(new ScanRequest { Paths = [logs], Cache = new ScanCache(data) }, served);
                Assert.Contains(served.VerboseMessages, m => m.Contains("unchanged", StringComparison.OrdinalIgnoreCase));
                return scan.Responses;
            default:
                using (SqliteLedgerStore store = SqliteLedgerStore.Open(Path.Combine(data, "ledger.db")))
                {
                    LedgerIngest.Run(store, new ScanRequest { Paths = [logs] }, observer, CancellationToken.None);
                    return store.ReadCounted(null, null, null, withIds: false);
                }
        }
    }
}

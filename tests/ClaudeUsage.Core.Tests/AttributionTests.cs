using System.Text.Json.Nodes;
using ClaudeUsage.Core;
using ClaudeUsage.Core.Aggregation;
using ClaudeUsage.Core.Caching;
using ClaudeUsage.Core.Ledger;
using ClaudeUsage.Core.Pricing;
using ClaudeUsage.Core.Scanning;
using ClaudeUsage.Core.Time;
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

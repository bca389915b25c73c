using System.Globalization;
using static ClaudeUsage.Tests.Transcript;

namespace ClaudeUsage.Tests;

/// <summary>
/// One folder holding the logs of every agent the module reads, laid out as each agent lays them out in its home
/// folder: Claude Code, pi (a live session and a fork replaying it), clawdbot (a live transcript, an archived copy of
/// it, an archive with no live file, a delivery mirror and an OpenAI model) and OpenClaw (a legacy JSONL transcript
/// and the SQLite database it was migrated into, with plain and zstd-compressed rows).
/// </summary>
/// <remarks>
/// Every response counted once, by hand. List prices per million tokens (input / output / 5-minute cache write /
/// cache read): Sonnet 4.5 3 / 15 / 3.75 / 0.30; Opus 4.5 5 / 25 / 6.25 / 0.50; Haiku 4.5 1 / 5 / 1.25 / 0.10.
/// <code>
/// response  where (copies)                          model                          in     out   write    read  recorded   list price
/// CC1       Claude Code, 2 streamed lines           claude-sonnet-4-5-20250929  1,000     200   2,000  10,000         —    0.0165
///             3,000 + 3,000 + 7,500 + 3,000 = 16,500 per million
/// PI1       pi live + pi fork                       claude-sonnet-4-5              12     340   5,200       0  0.024636  0.024636
///             36 + 5,100 + 19,500 = 24,636
/// PI2       pi live + pi fork (model from change)   claude-sonnet-4-5             100   1,000       0  20,000  0.025     0.0213
///             300 + 15,000 + 6,000 = 21,300 (pi recorded 0.025: a different price table at write time)
/// PI3       pi fork only                            claude-haiku-4-5              500     100       0       0  0.001     0.001
///             500 + 500 = 1,000
/// CB1       clawdbot live + .deleted archive        claude-opus-4-5             2,000   1,000       0       0  0.035     0.035
///             10,000 + 25,000 = 35,000
/// CB2       clawdbot live + .deleted archive        gpt-5 (openai)              1,000     500       0   4,000  0.00675   none
/// CB0       clawdbot .reset archive only            claude-opus-4-5               400      40       0       0  0.004     0.003
///             2,000 + 1,000 = 3,000 (recorded 0.004)
/// mirror    clawdbot delivery-mirror                delivery-mirror                 0       0       0       0  skipped
/// OC1       OpenClaw JSONL + database (plain row)   claude-sonnet-4-5             300     700   1,000  50,000  0.03015   0.03015
///             900 + 10,500 + 3,750 + 15,000 = 30,150
/// OC2       database, compressed row                gemini-2.5-pro (google)     8,000   2,000       0       0  0.03      none
/// OC3       database, compressed, no response id    claude-sonnet-4-5              50      60       0       0  0.00105   0.00105
///             150 + 900 = 1,050
/// OC4       database session 2, compressed, model   claude-opus-4-5             1,000     100       0       0  0.0075    0.0075
///             from its own compressed model_change: 5,000 + 2,500 = 7,500
/// </code>
/// Per source and model (Auto = list price, the recorded cost only for the models the table lacks; Calculate = list
/// price only; Recorded = the agents' own figures):
/// <code>
/// ClaudeCode claude-sonnet-4-5-20250929  CC1            in 1,000 out   200 write 2,000 read 10,000 total 13,200  Auto 0.0165    Calculate 0.0165    Recorded -
/// OpenClaw   claude-opus-4-5             CB1 CB0 OC4    in 3,400 out 1,140 write     0 read      0 total  4,540  Auto 0.0455    Calculate 0.0455    Recorded 0.0465
/// OpenClaw   claude-sonnet-4-5           OC1 OC3        in   350 out   760 write 1,000 read 50,000 total 52,110  Auto 0.0312    Calculate 0.0312    Recorded 0.0312
/// OpenClaw   gemini-2.5-pro              OC2            in 8,000 out 2,000 write     0 read      0 total 10,000  Auto 0.03      Calculate -         Recorded 0.03
/// OpenClaw   gpt-5                       CB2            in 1,000 out   500 write     0 read  4,000 total  5,500  Auto 0.00675   Calculate -         Recorded 0.00675
/// Pi         claude-haiku-4-5            PI3            in   500 out   100 write     0 read      0 total    600  Auto 0.001     Calculate 0.001     Recorded 0.001
/// Pi         claude-sonnet-4-5           PI1 PI2        in   112 out 1,340 write 5,200 read 20,000 total 26,652  Auto 0.045936  Calculate 0.045936  Recorded 0.049636
/// </code>
/// List price: 0.0455 = 0.035 + 0.003 + 0.0075; 0.045936 = 0.024636 + 0.0213. Recorded: 0.0465 = 0.035 + 0.004 + 0.0075;
/// 0.049636 = 0.024636 + 0.025. All sources: 11 responses, 112,602 tokens, Auto $0.176886, Calculate $0.140136
/// (0.176886 − 0.03 − 0.00675), Recorded $0.165086 (all but CC1: 0.0465 + 0.0312 + 0.03 + 0.00675 + 0.001 + 0.049636).
/// </remarks>
public static class MixedLogs
{
    public const string PiSessionId = "019aa0c2-5d1e-7b3a-9c4f-2e8d1a6b7c90";
    public const string PiForkId = "019aa0d0-0000-7000-8000-00000000f0f0";

    /// <summary>(Source, Model) → (requests, input, output, cache write, cache read, Auto cost, Calculate cost, recorded cost).</summary>
    public static readonly Dictionary<(string Source, string Model), (int Requests, long In, long Out, long Write, long Read, decimal Auto, decimal? Calculate, decimal? Recorded)> Expected = new()
    {
        [("ClaudeCode", "claude-sonnet-4-5-20250929")] = (1, 1_000, 200, 2_000, 10_000, 0.0165m, 0.0165m, null),
        [("OpenClaw", "claude-opus-4-5")] = (3, 3_400, 1_140, 0, 0, 0.0455m, 0.0455m, 0.0465m),
        [("OpenClaw", "claude-sonnet-4-5")] = (2, 350, 760, 1_000, 50_000, 0.0312m, 0.0312m, 0.0312m),
        [("OpenClaw", "gemini-2.5-pro")] = (1, 8_000, 2_000, 0, 0, 0.03m, null, 0.03m),
        [("OpenClaw", "gpt-5")] = (1, 1_000, 500, 0, 4_000, 0.00675m, null, 0.00675m),
        [("Pi", "claude-haiku-4-5")] = (1, 500, 100, 0, 0, 0.001m, 0.001m, 0.001m),
        [("Pi", "claude-sonnet-4-5")] = (2, 112, 1_340, 5_200, 20_000, 0.045936m, 0.045936m, 0.049636m),
    };

    public static long Ms(string iso) => DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();

    /// <summary>Where the fixture puts the OpenClaw database under its folder.</summary>
    public static string DatabasePath(string root) => System.IO.Path.Combine(root, ".openclaw", "agents", "ops", "agent", "openclaw-agent.sqlite");

    public static TempFolder Create()
    {
        var dir = new TempFolder();

        // Claude Code: one response streamed as two lines, output growing 50 → 200.
        dir.Write(".claude/projects/-home-user-work-demo/3f2a9c1e-7b4d-4e8a-9f21-0c6d5e4b3a21.jsonl",
            ClaudeUser("2026-11-20T09:00:00.000Z"),
            ClaudeAssistant("2026-11-20T09:00:05.000Z", "msg_CC1", "req_CC1", input: 1_000, output: 50, cacheWrite5m: 2_000, cacheRead: 10_000),
            ClaudeAssistant("2026-11-20T09:00:06.000Z", "msg_CC1", "req_CC1", input: 1_000, output: 200, cacheWrite5m: 2_000, cacheRead: 10_000));

        // pi: the live session, and a fork whose header names it as parent and which replays its two responses.
        string pi1 = PiAssistant("2026-11-20T10:00:09.500Z", Ms("2026-11-20T10:00:09.400Z"), input: 12, output: 340, cacheWrite: 5_200, costTotal: 0.024636m, responseId: "msg_01PIPI");
        string pi2 = PiAssistant("2026-11-20T10:05:00.000Z", Ms("2026-11-20T10:04:58.000Z"), model: null, input: 100, output: 1_000, cacheRead: 20_000, costTotal: 0.025m, entryId: "e1e1e1e1");
        string sessions = ".pi/agent/sessions/--home-user-work-demo--/";
        dir.Write(sessions + "2026-11-20T10-00-00-000Z_" + PiSessionId + ".jsonl",
            PiSession(PiSessionId, "2026-11-20T10:00:00.000Z"),
            PiModelChange("2026-11-20T10:00:00.010Z", "anthropic", "claude-sonnet-4-5"),
            pi1,
            pi2);
        dir.Write(sessions + "2026-11-20T10-00-00-000Z_" + PiSessionId + "/forks/2026-11-20T11-00-00-000Z_" + PiForkId + ".jsonl",
            PiSession(PiForkId, "2026-11-20T11:00:00.000Z", parentSession: PiSessionId),
            PiModelChange("2026-11-20T10:00:00.010Z", "anthropic", "claude-sonnet-4-5"),
            pi1,
            pi2,
            PiModelChange("2026-11-20T11:00:01.000Z", "anthropic", "claude-haiku-4-5"),
            PiAssistant("2026-11-20T11:00:05.000Z", Ms("2026-11-20T11:00:04.000Z"), model: "claude-haiku-4-5", input: 500, output: 100, costTotal: 0.001m, responseId: "msg_01PIFORK", entryId: "f0f0f0f0"));

        // clawdbot: the live transcript, an archived copy of it, and an archive whose live file is gone.
        string[] clawdbot =
        [
            PiSession("cb-session-1", "2026-11-20T12:00:00.000Z", cwd: "/home/user/clawd"),
            PiModelSnapshot("2026-11-20T12:00:00.100Z", "anthropic", "claude-opus-4-5"),
            PiAssistant("2026-11-20T12:00:10.000Z", Ms("2026-11-20T12:00:09.000Z"), model: "claude-opus-4-5", input: 2_000, output: 1_000, costTotal: 0.035m, responseId: "msg_01CB1"),
            PiDeliveryMirror("2026-11-20T12:00:11.000Z", Ms("2026-11-20T12:00:11.000Z")),
            PiAssistant("2026-11-20T12:10:00.000Z", Ms("2026-11-20T12:09:58.000Z"), model: "gpt-5", provider: "openai", input: 1_000, output: 500, cacheRead: 4_000, costTotal: 0.00675m, responseId: "resp_0CB2", entryId: "c2c2c2c2"),
        ];
        dir.Write(".clawdbot/agents/main/sessions/cb-session-1.jsonl", clawdbot);
        dir.Write(".clawdbot/agents/main/sessions/cb-session-1.jsonl.deleted.2026-11-21T08-00-00.000Z", clawdbot);
        dir.Write(".clawdbot/agents/main/sessions/cb-session-0.jsonl.reset.2026-11-19T20-00-00.000Z",
            PiSession("cb-session-0", "2026-11-19T19:00:00.000Z", cwd: "/home/user/clawd"),
            PiAssistant("2026-11-19T19:00:05.000Z", Ms("2026-11-19T19:00:04.000Z"), model: "claude-opus-4-5", input: 400, output: 40, costTotal: 0.004m, responseId: "msg_01CB0"));

        // OpenClaw: a legacy JSONL transcript, and the database it was migrated into.
        string ocHeader = PiSession("oc-session-1", "2026-11-21T07:00:00.000Z", cwd: "/home/user/ops");
        string oc1 = PiAssistant("2026-11-21T07:00:10.000Z", Ms("2026-11-21T07:00:09.000Z"), input: 300, output: 700, cacheRead: 50_000, cacheWrite: 1_000, costTotal: 0.03015m, responseId: "msg_01OC1");
        dir.Write(".openclaw/agents/ops/sessions/oc-session-1.jsonl", ocHeader, oc1);
        using (var db = new OpenClawDatabase(DatabasePath(dir.Path)))
        {
            db.Plain("oc-session-1", 1, ocHeader)
                .Plain("oc-session-1", 2, oc1)
                .Compressed("oc-session-1", 3, PiAssistant("2026-11-21T07:05:00.000Z", Ms("2026-11-21T07:04:59.000Z"), model: "gemini-2.5-pro", provider: "google", input: 8_000, output: 2_000, costTotal: 0.03m, responseId: "gem-OC2"))
                .Compressed("oc-session-1", 4, PiAssistant("2026-11-21T07:06:00.000Z", Ms("2026-11-21T07:05:59.000Z"), input: 50, output: 60, costTotal: 0.00105m, entryId: "c3c3c3c3"))
                .Plain("oc-session-2", 1, PiSession("oc-session-2", "2026-11-21T08:00:00.000Z", cwd: "/home/user/ops"))
                .Compressed("oc-session-2", 2, PiModelChange("2026-11-21T08:00:00.100Z", "anthropic", "claude-opus-4-5"))
                .Compressed("oc-session-2", 3, PiAssistant("2026-11-21T08:00:05.000Z", Ms("2026-11-21T08:00:04.000Z"), model: null, input: 1_000, output: 100, costTotal: 0.0075m, responseId: "msg_01OC4"));
        }

        return dir;
    }
}

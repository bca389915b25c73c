using System.Text.Json.Nodes;
using static ClaudeUsage.Tests.Transcript;

namespace ClaudeUsage.Tests;

/// <summary>
/// Claude Code logs whose responses were made by subagents and called MCP servers, and the line shapes for them:
/// tool calls in a line's content, subagent lines (<c>isSidechain</c>, <c>agentId</c>) and the sidecar beside a
/// subagent's transcript.
/// </summary>
public static class AttributedLogs
{
    public const string Project = ".claude/projects/-home-user-work-demo/";

    public const string Session = "11111111-1111-1111-1111-111111111111";

    public const string Subagents = Project + Session + "/subagents/";

    /// <summary>A Claude Code line whose content is tool calls of these names (in place of its text).</summary>
    public static string WithTools(string line, params string[] tools)
    {
        JsonObject o = Parse(line);
        var content = new JsonArray();
        foreach (string tool in tools)
        {
            // The input quotes a tool name: only the names of tool calls count.
            content.Add(new JsonObject { ["type"] = "tool_use", ["id"] = "toolu_" + content.Count, ["name"] = tool, ["input"] = new JsonObject { ["query"] = "mcp__not__a_call" } });
        }

        o["message"]!["content"] = content;
        return o.ToJsonString();
    }

    /// <summary>A subagent line: <c>isSidechain</c>, and the subagent's <c>agentId</c> when given.</summary>
    public static string Subagent(string line, string? agentId)
    {
        JsonObject o = Parse(line);
        o["isSidechain"] = true;
        if (agentId is not null)
        {
            o["agentId"] = agentId;
        }

        return o.ToJsonString();
    }

    /// <summary>The sidecar Claude Code writes beside a subagent's transcript when it starts the subagent.</summary>
    public static string Sidecar(string agentType) =>
        new JsonObject { ["agentType"] = agentType, ["description"] = "Look around" }.ToJsonString();

    /// <summary>
    /// One day (2026-11-20, UTC) on Sonnet 4.5 ($3 in, $15 out per million):
    /// <list type="bullet">
    /// <item>main thread: msg_main 1,000 in + 100 out, no tool; msg_M streamed as three lines (the last one, text,
    /// has the final 300 out; the two before call github and my_server) 10,000 in + 300 out; msg_G 20,000 in +
    /// 1,000 out, calls github twice;</item>
    /// <item>subagent a1, an Explore agent by its sidecar: msg_e1 100,000 in + 2,000 out, calls github;</item>
    /// <item>subagent b2, no sidecar: msg_b1 4,000 in + 400 out.</item>
    /// </list>
    /// </summary>
    public static TempFolder Write()
    {
        var dir = new TempFolder();
        dir.Write(Project + Session + ".jsonl",
            ClaudeAssistant("2026-11-20T10:00:00.000Z", "msg_main", "req_main", input: 1_000, output: 100, sessionId: Session),
            WithTools(ClaudeAssistant("2026-11-20T10:01:00.000Z", "msg_M", "req_M", input: 10_000, output: 20, sessionId: Session), "mcp__github__create_issue"),
            WithTools(ClaudeAssistant("2026-11-20T10:01:01.000Z", "msg_M", "req_M", input: 10_000, output: 40, sessionId: Session), "mcp__my_server__do_thing"),
            ClaudeAssistant("2026-11-20T10:01:02.000Z", "msg_M", "req_M", input: 10_000, output: 300, sessionId: Session, content: "done"),
            WithTools(ClaudeAssistant("2026-11-20T10:02:00.000Z", "msg_G", "req_G", input: 20_000, output: 1_000, sessionId: Session), "mcp__github__list_issues", "mcp__github__get_issue"));
        dir.Write(Subagents + "agent-a1.jsonl",
            Subagent(WithTools(ClaudeAssistant("2026-11-20T10:03:00.000Z", "msg_e1", "req_e1", input: 100_000, output: 2_000, sessionId: Session), "mcp__github__search_code"), "a1"));
        dir.WriteRaw(Subagents + "agent-a1.meta.json", Sidecar("Explore"));
        dir.Write(Subagents + "agent-b2.jsonl",
            Subagent(ClaudeAssistant("2026-11-20T10:04:00.000Z", "msg_b1", "req_b1", input: 4_000, output: 400, sessionId: Session), "b2"));
        return dir;
    }

    /// <summary>The cost of input and output tokens on Sonnet 4.5, from its list prices.</summary>
    public static decimal SonnetCost(long input, long output) => (input * 3m + output * 15m) / 1_000_000m;
}

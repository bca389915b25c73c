using ClaudeUsage.Core;
using ClaudeUsage.Core.Discovery;
using ClaudeUsage.Core.Scanning;
using static ClaudeUsage.Tests.MixedLogs;
using static ClaudeUsage.Tests.Transcript;

namespace ClaudeUsage.Tests;

/// <summary>Where each agent's logs are looked for by default, and what a file's place says about it.</summary>
public class SourceDiscoveryTests
{
    private static (List<LogFile> Files, List<string> Searched) Discover(string home, Dictionary<string, string> variables, params UsageSource[] sources)
    {
        (List<LogFile> files, List<string> searched, _) = UsageScanner.Discover(
            new ScanRequest
            {
                Environment = new UserEnvironment(home, name => variables.GetValueOrDefault(name)),
                Sources = sources.Length == 0 ? null : sources.ToHashSet(),
            },
            new CollectingObserver());
        return (files, searched);
    }

    private static string Line(string id) => PiAssistant("2026-11-20T10:00:00.000Z", Ms("2026-11-20T10:00:00.000Z"), input: 1, responseId: id);

    [Fact]
    public void The_default_folders_of_every_agent_are_searched()
    {
        using var home = new TempFolder();
        string h = home.Path;

        (_, List<string> searched) = Discover(h, []);

        Assert.Equal(
            [
                Path.Combine(h, ".config", "claude", "projects"),
                Path.Combine(h, ".claude", "projects"),
                Path.Combine(h, ".openclaw"),
                Path.Combine(h, ".clawdbot"),
                Path.Combine(h, ".pi", "agent", "sessions"),
                Path.Combine(h, ".omp", "agent", "sessions"),
            ],
            searched);
    }

    [Fact]
    public void Environment_variables_move_each_agent_folder()
    {
        using var home = new TempFolder();
        var variables = new Dictionary<string, string>
        {
            ["PI_CODING_AGENT_DIR"] = "~/pi-agent",
            ["OPENCLAW_STATE_DIR"] = "~/oc-state",
            ["CLAWDBOT_STATE_DIR"] = "~/cb-state",
            ["PI_CODING_AGENT_SESSION_DIR"] = "~/pi-sessions",
        };

        (_, List<string> searched) = Discover(home.Path, variables, UsageSource.OpenClaw, UsageSource.Pi);

        Assert.Equal(
            [
                Path.Combine(home.Path, "oc-state"), Path.Combine(home.Path, "cb-state"), Path.Combine(home.Path, "pi-agent", "sessions"),
                Path.Combine(home.Path, "pi-sessions"), Path.Combine(home.Path, ".omp", "agent", "sessions"),
            ],
            searched);
    }

    [Fact]
    public void Oh_my_pi_sessions_are_read_with_the_header_after_their_title_line()
    {
        using var home = new TempFolder();
        // Oh My Pi 18.2: ~/.omp/agent/sessions/-<cwd relative to home>/, a title line before the session header.
        home.WriteRaw(".omp/agent/sessions/-work-parser/2026-11-20T10-00-00-000Z_019aa0c2.jsonl",
            "{\"type\":\"title\",\"title\":\"Fix the parser\"}\n"
            + PiSession("019aa0c2-5d1e-7b3a-9c4f-2e8d1a6b7c90", "2026-11-20T10:00:00.000Z", cwd: Path.Combine(home.Path, "work", "parser")) + "\n"
            + PiAssistant("2026-11-20T10:00:09.500Z", Ms("2026-11-20T10:00:09.400Z"), input: 12, output: 340, responseId: "msg_1") + "\n");
        var request = new ScanRequest { Environment = new UserEnvironment(home.Path, _ => null), Sources = new HashSet<UsageSource> { UsageSource.Pi } };

        UsageEntry entry = Assert.Single(UsageScanner.Scan(request, new CollectingObserver(), CancellationToken.None).Responses);

        Assert.Equal(("019aa0c2-5d1e-7b3a-9c4f-2e8d1a6b7c90", Path.Combine(home.Path, "work", "parser"), 352L), (entry.SessionId, entry.ProjectPath, entry.Tokens.Total));
    }

    [Fact]
    public void Without_an_openclaw_folder_openclaw_falls_back_to_an_existing_clawdbot_folder()
    {
        using var home = new TempFolder();
        // clawdbot itself has been moved elsewhere, but OpenClaw still uses the legacy ~/.clawdbot it finds.
        string legacy = home.Write(".clawdbot/agents/main/sessions/a.jsonl", Line("msg_A"));
        string moved = home.Write("cb-state/agents/main/sessions/b.jsonl", Line("msg_B"));

        (List<LogFile> files, List<string> searched) = Discover(home.Path, new() { ["CLAWDBOT_STATE_DIR"] = Path.Combine(home.Path, "cb-state") }, UsageSource.OpenClaw);

        Assert.Equal([Path.Combine(home.Path, ".clawdbot"), Path.Combine(home.Path, "cb-state")], searched);
        Assert.Equal([legacy, moved], files.Select(f => f.Path).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void An_existing_openclaw_folder_is_used_and_clawdbot_is_still_read_once()
    {
        using var home = new TempFolder();
        home.Write(".openclaw/agents/ops/sessions/a.jsonl", Line("msg_A"));
        home.Write(".clawdbot/agents/main/sessions/b.jsonl", Line("msg_B"));

        (List<LogFile> files, List<string> searched) = Discover(home.Path, [], UsageSource.OpenClaw);

        Assert.Equal([Path.Combine(home.Path, ".openclaw"), Path.Combine(home.Path, ".clawdbot")], searched);
        Assert.Equal(2, files.Count);
    }

    [Fact]
    public void Every_openclaw_and_clawdbot_layout_is_found_and_named_by_its_place()
    {
        using var home = new TempFolder();
        home.Write(".clawdbot/agents/main/sessions/live.jsonl", Line("msg_A"));
        home.Write(".clawdbot/agents/main/sessions/old.jsonl.deleted.2026-11-21T08-00-00.000Z", Line("msg_B"));
        home.Write(".clawdbot/agents/main/sessions/reset.jsonl.reset.2026-11-21T08-00-00.000Z", Line("msg_C"));
        home.Write(".clawdbot/agents/main/sessions/bak.jsonl.bak.2026-11-21T08-00-00.000Z", Line("msg_D"));
        home.Write(".clawdbot/agents/main/sessions/sessions.json", "{}");
        home.Write(".clawdbot/sessions/legacy.jsonl", Line("msg_E"));
        new OpenClawDatabase(Path.Combine(home.Path, ".clawdbot", "agents", "ops", "agent", "openclaw-agent.sqlite")).Dispose();

        (List<LogFile> files, _) = Discover(home.Path, [], UsageSource.OpenClaw);
        Dictionary<string, LogFile> byName = files.ToDictionary(f => Path.GetFileName(f.Path));

        Assert.Equal(6, files.Count);
        Assert.All(files, f => Assert.Equal(UsageSource.OpenClaw, f.Source));
        Assert.Equal(("main", "live", 0), (byName["live.jsonl"].AgentId, byName["live.jsonl"].SessionIdFromPath, byName["live.jsonl"].CopyRank));
        Assert.Equal(("old", 2), (byName["old.jsonl.deleted.2026-11-21T08-00-00.000Z"].SessionIdFromPath, byName["old.jsonl.deleted.2026-11-21T08-00-00.000Z"].CopyRank));
        Assert.Equal(2, byName["reset.jsonl.reset.2026-11-21T08-00-00.000Z"].CopyRank);
        Assert.Equal(2, byName["bak.jsonl.bak.2026-11-21T08-00-00.000Z"].CopyRank);
        Assert.Equal(((string?)null, "legacy", 0), (byName["legacy.jsonl"].AgentId, byName["legacy.jsonl"].SessionIdFromPath, byName["legacy.jsonl"].CopyRank));
        LogFile database = byName["openclaw-agent.sqlite"];
        Assert.Equal((LogFileFormat.OpenClawDatabase, "ops"), (database.Format, database.AgentId));
    }

    [Fact]
    public void Pi_sessions_forks_and_subagent_artifacts_are_found_with_their_copy_rank()
    {
        using var home = new TempFolder();
        string s = ".pi/agent/sessions/--home-user-work-demo--/";
        home.Write(s + "2026-11-20T10-00-00-000Z_019a.jsonl", Line("msg_A"));
        home.Write(s + "2026-11-20T10-00-00-000Z_019a/forks/2026-11-20T11-00-00-000Z_019b.jsonl", Line("msg_A"));
        home.Write(s + "2026-11-20T10-00-00-000Z_019a/subagent-artifacts/run1_scout_0_transcript.jsonl", Line("msg_A"));
        home.Write(s + "2026-11-20T10-00-00-000Z_019a/run1/run-0/session.jsonl", Line("msg_A"));

        (List<LogFile> files, _) = Discover(home.Path, [], UsageSource.Pi);

        Assert.Equal(4, files.Count);
        Assert.All(files, f => Assert.Equal((UsageSource.Pi, "--home-user-work-demo--"), (f.Source!.Value, f.ProjectSlug)));
        LogFile live = Assert.Single(files, f => f.CopyRank == 0);
        Assert.Equal("019a", live.SessionIdFromPath);
        Assert.Equal(3, files.Count(f => f.CopyRank == 1));
    }
}

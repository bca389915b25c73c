using ClaudeUsage.Core.Discovery;

namespace ClaudeUsage.Tests;

public class DiscoveryTests
{
    private static UserEnvironment Env(Dictionary<string, string?> vars) => new("/home/u", name => vars.GetValueOrDefault(name));

    [Fact]
    public void Claude_code_reads_both_default_roots()
    {
        string[] roots = DefaultRoots.ClaudeCode(Env([])).Select(r => r.Path).ToArray();
        Assert.Equal(["/home/u/.config/claude/projects", "/home/u/.claude/projects"], roots);
    }

    [Fact]
    public void Xdg_config_home_moves_the_config_root()
    {
        string[] roots = DefaultRoots.ClaudeCode(Env(new() { ["XDG_CONFIG_HOME"] = "/cfg" })).Select(r => r.Path).ToArray();
        Assert.Equal(["/cfg/claude/projects", "/home/u/.claude/projects"], roots);
    }

    [Fact]
    public void Claude_config_dir_is_a_comma_separated_list_that_replaces_the_defaults()
    {
        string[] roots = DefaultRoots.ClaudeCode(Env(new() { ["CLAUDE_CONFIG_DIR"] = "~/work-claude, /srv/claude/projects" })).Select(r => r.Path).ToArray();
        Assert.Equal(["/home/u/work-claude/projects", "/srv/claude/projects"], roots);
    }

    [Fact]
    public void Pi_and_openclaw_roots_follow_their_variables()
    {
        // pi's own folder, then Oh My Pi's; pi 1.6's session folder when named (once, if it is the same).
        Assert.Equal(["/home/u/.pi/agent/sessions", "/home/u/.omp/agent/sessions"], DefaultRoots.Pi(Env([])).Select(r => r.Path));
        Assert.Equal(["/p/sessions", "/home/u/.omp/agent/sessions"], DefaultRoots.Pi(Env(new() { ["PI_CODING_AGENT_DIR"] = "/p" })).Select(r => r.Path));
        Assert.Equal(["/home/u/.pi/agent/sessions", "/s", "/home/u/.omp/agent/sessions"], DefaultRoots.Pi(Env(new() { ["PI_CODING_AGENT_SESSION_DIR"] = "/s" })).Select(r => r.Path));
        Assert.Equal(["/p/sessions", "/home/u/.omp/agent/sessions"], DefaultRoots.Pi(Env(new() { ["PI_CODING_AGENT_DIR"] = "/p", ["PI_CODING_AGENT_SESSION_DIR"] = "/p/sessions" })).Select(r => r.Path));
        Assert.Equal(["/home/u/.openclaw", "/home/u/.clawdbot"], DefaultRoots.OpenClaw(Env([])).Select(r => r.Path));
        Assert.Equal(["/o", "/c"], DefaultRoots.OpenClaw(Env(new() { ["OPENCLAW_STATE_DIR"] = "/o", ["CLAWDBOT_STATE_DIR"] = "/c" })).Select(r => r.Path));
    }

    [Theory]
    [InlineData("/r/projects/-home-u-demo/abc.jsonl", "abc", "-home-u-demo", 0)]
    [InlineData("/r/projects/-home-u-demo/abc/subagents/agent-1.jsonl", "abc", "-home-u-demo", 0)]
    [InlineData("/r/projects/-home-u-demo/abc/deeper/run/x.jsonl", "run", "-home-u-demo", 0)]
    public void Claude_code_paths_name_the_session_and_project(string path, string session, string slug, int rank)
    {
        LogFile file = LogFileDiscovery.Describe(path, 0, DateTime.UnixEpoch, UsageSource.ClaudeCode, explicitFile: false);
        Assert.Equal(session, file.SessionIdFromPath);
        Assert.Equal(slug, file.ProjectSlug);
        Assert.Equal(rank, file.CopyRank);
        Assert.Equal(UsageSource.ClaudeCode, file.Source);
    }

    [Theory]
    [InlineData("/h/.clawdbot/agents/main/sessions/s1.jsonl", "s1", "main", 0)]
    [InlineData("/h/.clawdbot/agents/main/sessions/s1.jsonl.deleted.2026-11-20T10-00-00.000Z", "s1", "main", 2)]
    [InlineData("/h/.openclaw/agents/ops/sessions/s2.jsonl.reset.2026-11-20T10-00-00.000Z", "s2", "ops", 2)]
    public void Openclaw_paths_name_the_agent_and_rank_archives_last(string path, string session, string agent, int rank)
    {
        LogFile file = LogFileDiscovery.Describe(path, 0, DateTime.UnixEpoch, rootSource: null, explicitFile: false);
        Assert.Equal(session, file.SessionIdFromPath);
        Assert.Equal(agent, file.AgentId);
        Assert.Equal(rank, file.CopyRank);
        Assert.Equal(UsageSource.OpenClaw, file.Source);
    }

    [Fact]
    public void Archived_transcripts_are_log_files_and_other_files_are_not()
    {
        Assert.True(LogFileDiscovery.IsLogFileName("s.jsonl"));
        Assert.True(LogFileDiscovery.IsLogFileName("s.jsonl.bak.2026-01-01"));
        Assert.True(LogFileDiscovery.IsLogFileName("openclaw-agent.sqlite"));
        Assert.False(LogFileDiscovery.IsLogFileName("sessions.json"));
        Assert.False(LogFileDiscovery.IsLogFileName("notes.txt"));
    }
}

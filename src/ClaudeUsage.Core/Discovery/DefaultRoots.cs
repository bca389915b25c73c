namespace ClaudeUsage.Core.Discovery;

/// <summary>Where each agent keeps its logs by default, and the environment variables that move them.</summary>
internal static class DefaultRoots
{
    /// <summary>
    /// Claude Code: <c>CLAUDE_CONFIG_DIR</c> (a comma-separated list) replaces the defaults
    /// <c>$XDG_CONFIG_HOME/claude</c> (or <c>~/.config/claude</c>) and <c>~/.claude</c>. Each root is its
    /// <c>projects</c> folder; a path that already ends in <c>projects</c> is taken as it is.
    /// </summary>
    public static IEnumerable<LogRoot> ClaudeCode(UserEnvironment env)
    {
        IEnumerable<string> configDirs;
        string? overridden = env.Get("CLAUDE_CONFIG_DIR");
        if (overridden is not null)
        {
            configDirs = overridden.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }
        else
        {
            string xdg = env.Get("XDG_CONFIG_HOME") ?? Path.Combine(env.HomeDirectory, ".config");
            configDirs = [Path.Combine(xdg, "claude"), Path.Combine(env.HomeDirectory, ".claude")];
        }

        foreach (string dir in configDirs)
        {
            string full = env.ExpandPath(dir);
            string projects = string.Equals(Path.GetFileName(Path.TrimEndingDirectorySeparator(full)), "projects", StringComparison.Ordinal)
                ? full
                : Path.Combine(full, "projects");
            yield return new LogRoot(UsageSource.ClaudeCode, projects);
        }
    }

    /// <summary>
    /// pi and its forks: <c>PI_CODING_AGENT_DIR</c> or <c>~/.pi/agent</c>, then its <c>sessions</c> folder; the
    /// folder pi 1.6 writes to when <c>PI_CODING_AGENT_SESSION_DIR</c> names one; and Oh My Pi's
    /// <c>~/.omp/agent/sessions</c>. Each once.
    /// </summary>
    public static IEnumerable<LogRoot> Pi(UserEnvironment env)
    {
        string agentDir = env.Get("PI_CODING_AGENT_DIR") is { } dir ? env.ExpandPath(dir) : Path.Combine(env.HomeDirectory, ".pi", "agent");
        string sessions = Path.Combine(agentDir, "sessions");
        yield return new LogRoot(UsageSource.Pi, sessions);
        if (env.Get("PI_CODING_AGENT_SESSION_DIR") is { } sessionDir && !PathsEqual(env.ExpandPath(sessionDir), sessions))
        {
            yield return new LogRoot(UsageSource.Pi, env.ExpandPath(sessionDir));
        }

        yield return new LogRoot(UsageSource.Pi, Path.Combine(env.HomeDirectory, ".omp", "agent", "sessions"));
    }

    /// <summary>
    /// OpenClaw and clawdbot state folders, each read once even when both name the same one:
    /// <list type="bullet">
    /// <item>OpenClaw: <c>OPENCLAW_STATE_DIR</c>; else <c>~/.openclaw</c>, or, as OpenClaw itself does, an existing
    /// legacy <c>~/.clawdbot</c> when there is no <c>~/.openclaw</c>.</item>
    /// <item>clawdbot: <c>CLAWDBOT_STATE_DIR</c> or <c>~/.clawdbot</c>.</item>
    /// </list>
    /// </summary>
    public static IEnumerable<LogRoot> OpenClaw(UserEnvironment env)
    {
        string openclaw = env.Get("OPENCLAW_STATE_DIR") is { } o ? env.ExpandPath(o) : DefaultOpenClawStateDir(env);
        string clawdbot = env.Get("CLAWDBOT_STATE_DIR") is { } c ? env.ExpandPath(c) : Path.Combine(env.HomeDirectory, ".clawdbot");
        yield return new LogRoot(UsageSource.OpenClaw, openclaw);
        if (!PathsEqual(openclaw, clawdbot))
        {
            yield return new LogRoot(UsageSource.OpenClaw, clawdbot);
        }
    }

    private static string DefaultOpenClawStateDir(UserEnvironment env)
    {
        string current = Path.Combine(env.HomeDirectory, ".openclaw");
        string legacy = Path.Combine(env.HomeDirectory, ".clawdbot");
        return !Directory.Exists(current) && Directory.Exists(legacy) ? legacy : current;
    }

    public static IEnumerable<LogRoot> For(UsageSource source, UserEnvironment env) => source switch
    {
        UsageSource.ClaudeCode => ClaudeCode(env),
        UsageSource.Pi => Pi(env),
        UsageSource.OpenClaw => OpenClaw(env),
        _ => [],
    };

    internal static bool PathsEqual(string a, string b) => string.Equals(
        Path.TrimEndingDirectorySeparator(a),
        Path.TrimEndingDirectorySeparator(b),
        OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
}

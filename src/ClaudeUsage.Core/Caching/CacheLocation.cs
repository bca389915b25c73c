using ClaudeUsage.Core.Discovery;

namespace ClaudeUsage.Core.Caching;

/// <summary>
/// The per-user folder the usage cache lives in: <c>CLAUDEUSAGE_CACHE_DIR</c> when set, else the platform's cache
/// folder (<c>%LOCALAPPDATA%</c> on Windows, <c>~/Library/Caches</c> on macOS, <c>$XDG_CACHE_HOME</c> or
/// <c>~/.cache</c> elsewhere) with a ClaudeUsage subfolder. Never next to the logs.
/// </summary>
internal static class CacheLocation
{
    public const string OverrideVariable = "CLAUDEUSAGE_CACHE_DIR";

    public static string Resolve(UserEnvironment env)
    {
        if (env.Get(OverrideVariable) is { } overridden)
        {
            return env.ExpandPath(overridden);
        }

        if (OperatingSystem.IsWindows())
        {
            string local = env.Get("LOCALAPPDATA") ?? Path.Combine(env.HomeDirectory, "AppData", "Local");
            return Path.Combine(local, "ClaudeUsage");
        }

        if (OperatingSystem.IsMacOS())
        {
            return Path.Combine(env.HomeDirectory, "Library", "Caches", "ClaudeUsage");
        }

        string xdg = env.Get("XDG_CACHE_HOME") is { } x && Path.IsPathRooted(x) ? x : Path.Combine(env.HomeDirectory, ".cache");
        return Path.Combine(xdg, "ClaudeUsage");
    }
}

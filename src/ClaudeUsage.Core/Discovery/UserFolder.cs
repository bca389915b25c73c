namespace ClaudeUsage.Core.Discovery;

/// <summary>The kinds of per-user folder the module writes to: disposable cache, or user data that must be kept.</summary>
internal enum UserFolderKind
{
    /// <summary><c>%LOCALAPPDATA%</c>, <c>~/Library/Caches</c>, <c>$XDG_CACHE_HOME</c> or <c>~/.cache</c>.</summary>
    Cache,

    /// <summary><c>%LOCALAPPDATA%</c>, <c>~/Library/Application Support</c>, <c>$XDG_DATA_HOME</c> or <c>~/.local/share</c>.</summary>
    Data,
}

/// <summary>
/// The module's folder of one kind for the user, as the environment says now: the override variable when set, else
/// the platform's folder of that kind with a ClaudeUsage subfolder. Never next to the logs.
/// </summary>
internal static class UserFolder
{
    public static string Resolve(UserEnvironment env, UserFolderKind kind, string overrideVariable)
    {
        if (env.Get(overrideVariable) is { } overridden)
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
            return Path.Combine(env.HomeDirectory, "Library", kind == UserFolderKind.Cache ? "Caches" : "Application Support", "ClaudeUsage");
        }

        (string variable, string fallback) = kind == UserFolderKind.Cache ? ("XDG_CACHE_HOME", ".cache") : ("XDG_DATA_HOME", Path.Combine(".local", "share"));
        string xdg = env.Get(variable) is { } x && Path.IsPathRooted(x) ? x : Path.Combine(env.HomeDirectory, fallback);
        return Path.Combine(xdg, "ClaudeUsage");
    }
}

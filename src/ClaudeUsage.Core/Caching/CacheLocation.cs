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

    public static string Resolve(UserEnvironment env) => UserFolder.Resolve(env, UserFolderKind.Cache, OverrideVariable);
}

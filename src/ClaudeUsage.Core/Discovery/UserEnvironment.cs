namespace ClaudeUsage.Core.Discovery;

/// <summary>
/// The home folder and environment variables that decide where logs live. Injected so tests can point every
/// default at a fixture folder.
/// </summary>
internal sealed class UserEnvironment
{
    private readonly Func<string, string?> _getVariable;

    public UserEnvironment(string homeDirectory, Func<string, string?> getVariable)
    {
        HomeDirectory = homeDirectory;
        _getVariable = getVariable;
    }

    /// <summary>The environment as it is now: read again for every command, so a changed <c>$env:HOME</c> or <c>$env:CLAUDE_CONFIG_DIR</c> counts at once.</summary>
    public static UserEnvironment Current => new(
        Environment.GetFolderPath(Environment.SpecialFolder.UserProfile),
        Environment.GetEnvironmentVariable);

    public string HomeDirectory { get; }

    public string? Get(string name)
    {
        string? value = _getVariable(name);
        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }

    /// <summary>Expands a leading <c>~</c> to the home folder and makes the path absolute.</summary>
    public string ExpandPath(string path)
    {
        path = path.Trim();
        if (path == "~")
        {
            return HomeDirectory;
        }

        if (path.StartsWith("~/", StringComparison.Ordinal) || path.StartsWith("~\\", StringComparison.Ordinal))
        {
            path = System.IO.Path.Combine(HomeDirectory, path[2..]);
        }

        return System.IO.Path.GetFullPath(path);
    }
}

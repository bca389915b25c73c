namespace ClaudeUsage.Core.Aggregation;

/// <summary>How a project is identified and named.</summary>
internal static class ProjectNames
{
    /// <summary>What tells projects apart: the working directory, else the folder the session was filed under.</summary>
    public static string Key(UsageEntry entry) => entry.ProjectPath ?? entry.ProjectSlug ?? entry.AgentId ?? "(unknown)";

    /// <summary>The name a person knows the project by: the last folder of its working directory.</summary>
    public static string Display(UsageEntry entry)
    {
        if (entry.ProjectPath is { } path)
        {
            string trimmed = path.TrimEnd('/', '\\');
            int cut = trimmed.LastIndexOfAny(['/', '\\']);
            string leaf = cut >= 0 ? trimmed[(cut + 1)..] : trimmed;
            return leaf.Length > 0 ? leaf : path;
        }

        return entry.ProjectSlug ?? entry.AgentId ?? "(unknown)";
    }
}

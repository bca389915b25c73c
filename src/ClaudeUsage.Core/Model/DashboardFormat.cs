namespace ClaudeUsage;

/// <summary>A file Export-ClaudeDashboard can write.</summary>
public enum DashboardFormat
{
    /// <summary><c>&lt;Name&gt;.json</c>: the versioned schema in docs/dashboard-schema.md.</summary>
    Json,

    /// <summary><c>&lt;Name&gt;.html</c>: one self-contained page.</summary>
    Html,

    /// <summary><c>&lt;Name&gt;.md</c>: Markdown for GitHub and editors.</summary>
    Markdown,
}

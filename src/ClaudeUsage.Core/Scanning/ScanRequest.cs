using ClaudeUsage.Core.Discovery;

namespace ClaudeUsage.Core.Scanning;

/// <summary>What to scan.</summary>
internal sealed class ScanRequest
{
    /// <summary>Files or folders to read instead of the default roots; null for the defaults.</summary>
    public IReadOnlyList<string>? Paths { get; init; }

    /// <summary>The sources to read; null for all of them.</summary>
    public IReadOnlySet<UsageSource>? Sources { get; init; }

    public UserEnvironment Environment { get; init; } = UserEnvironment.Current;

    public int MaxDegreeOfParallelism { get; init; } = System.Environment.ProcessorCount;
}

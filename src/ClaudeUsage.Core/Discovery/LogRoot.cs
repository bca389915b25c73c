namespace ClaudeUsage.Core.Discovery;

/// <summary>A folder the module looks in for one source's logs.</summary>
internal sealed record LogRoot(UsageSource Source, string Path);

namespace ClaudeUsage.Core;

/// <summary>A log file that holds counted responses of a session, and whether it is gone from the disk.</summary>
internal readonly record struct SessionFile(UsageSource Source, string SessionId, string Path, bool LogDeleted);

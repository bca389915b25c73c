using ClaudeUsage.Core.Discovery;

namespace ClaudeUsage.Core.Parsing;

/// <summary>Reads OpenClaw's per-agent SQLite transcript database.</summary>
internal static class OpenClawDatabaseReader
{
    public static FileScanResult Read(LogFile file) => new(file)
    {
        Error = new NotSupportedException($"Reading OpenClaw SQLite transcripts is not available in this build: '{file.Path}'."),
    };
}

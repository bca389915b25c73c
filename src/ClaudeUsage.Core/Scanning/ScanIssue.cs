namespace ClaudeUsage.Core.Scanning;

/// <summary>What kind of trouble a scan met.</summary>
internal enum ScanIssueKind
{
    UnreadableFile,
    UnreadableFolder,
    MalformedLines,
    UnpricedModel,
}

/// <summary>A problem worth telling the reader of a report: which file, folder or model, and what happened.</summary>
internal sealed record ScanIssue(ScanIssueKind Kind, string Message, string? Target);

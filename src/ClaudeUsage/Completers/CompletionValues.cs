using System.Collections;
using System.Management.Automation;
using ClaudeUsage.Core;
using ClaudeUsage.Core.Aggregation;
using ClaudeUsage.Core.Discovery;
using ClaudeUsage.Core.Scanning;
using ClaudeUsage.Internal;

namespace ClaudeUsage.Completers;

/// <summary>
/// The models, projects, sessions, skills, plugins, subagents and MCP servers in the logs, for tab completion. Read once and kept for a short while,
/// so pressing Tab repeatedly does not rescan.
/// </summary>
internal static class CompletionValues
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(2);
    private static readonly object Gate = new();
    private static (string Key, DateTime At, Values Data)? _cached;

    public sealed record Values(string[] Models, string[] Projects, string[] Sessions, string[] Skills, string[] Plugins, string[] Subagents, string[] McpServers);

    public static Values Get(IDictionary fakeBoundParameters)
    {
        string[]? paths = PathsFrom(fakeBoundParameters);
        string key = paths is null ? string.Empty : string.Join("\n", paths);
        lock (Gate)
        {
            if (_cached is { } c && c.Key == key && DateTime.UtcNow - c.At < Lifetime)
            {
                return c.Data;
            }
        }

        Values data = Read(paths);
        lock (Gate)
        {
            _cached = (key, DateTime.UtcNow, data);
        }

        return data;
    }

    private static Values Read(string[]? paths)
    {
        ScanResult scan;
        try
        {
            scan = UsageScanner.Scan(new ScanRequest { Paths = paths }, NullObserver.Instance, CancellationToken.None);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return new Values([], [], [], [], [], [], []);
        }

        static string[] Distinct(IEnumerable<string?> values) =>
            values.OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase).ToArray();

        // The names of what caused responses, then (none), which selects the responses without one.
        static string[] WithNone(IEnumerable<string?> values) => [.. Distinct(values), NameMatcher.None];

        return new Values(
            Distinct(scan.Responses.Select(r => r.Model)),
            Distinct(scan.Responses.Select(ProjectNames.Display)),
            // Most recent sessions first: the likeliest to be wanted.
            scan.Responses.OrderByDescending(r => r.Timestamp).Select(r => r.SessionId).Distinct(StringComparer.Ordinal).ToArray(),
            WithNone(scan.Responses.Select(r => r.Skill)),
            WithNone(scan.Responses.Select(r => r.Plugin)),
            WithNone(scan.Responses.Select(r => r.Subagent)),
            WithNone(scan.Responses.SelectMany(r => McpServerList.Split(r.McpServers))));
    }

    private static string[]? PathsFrom(IDictionary fakeBoundParameters)
    {
        object? value = fakeBoundParameters["LiteralPath"] ?? fakeBoundParameters["Path"];
        IEnumerable<string>? raw = value switch
        {
            string s => [s],
            IEnumerable e => e.Cast<object>().Select(o => o?.ToString()).OfType<string>(),
            _ => null,
        };

        string[]? existing = raw?.Select(p => System.IO.Path.GetFullPath(p)).Where(p => File.Exists(p) || Directory.Exists(p)).ToArray();
        return existing is { Length: > 0 } ? existing : null;
    }

    /// <summary>Completion results for the values that start with the word typed so far, quoted where needed.</summary>
    public static IEnumerable<CompletionResult> Complete(IEnumerable<string> values, string wordToComplete)
    {
        string word = (wordToComplete ?? string.Empty).Trim('\'', '"');
        var pattern = WildcardPattern.Get(word + "*", WildcardOptions.IgnoreCase);
        foreach (string value in values)
        {
            if (pattern.IsMatch(value))
            {
                string text = value.IndexOfAny([' ', '\'', '"', '$', '`', '(', ')', '{', '}', ';', ',', '&', '[', ']', '@', '#']) >= 0
                    ? "'" + value.Replace("'", "''") + "'"
                    : value;
                yield return new CompletionResult(text, value, CompletionResultType.ParameterValue, value);
            }
        }
    }

    private sealed class NullObserver : IScanObserver
    {
        public static readonly NullObserver Instance = new();

        public void Progress(ScanProgress progress)
        {
        }

        public void FileUnreadable(LogFile file, Exception error)
        {
        }

        public void FolderUnreadable(string folder, Exception error)
        {
        }

        public void MalformedLines(LogFile file, int count, long firstLine, string reason)
        {
        }

        public void Verbose(string message)
        {
        }
    }
}

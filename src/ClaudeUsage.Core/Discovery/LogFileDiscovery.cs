using System.IO.Enumeration;
using ClaudeUsage.Core.Parsing;
using ClaudeUsage.Core.Scanning;

namespace ClaudeUsage.Core.Discovery;

/// <summary>Finds transcript files under a folder and reads what their paths say about them.</summary>
internal static class LogFileDiscovery
{
    private static readonly string[] ArchiveMarkers = [".jsonl.deleted.", ".jsonl.reset.", ".jsonl.bak."];

    private static readonly EnumerationOptions Recursive = new()
    {
        RecurseSubdirectories = true,
        IgnoreInaccessible = true,
        // Symbolic links are not followed: a link back up the tree would loop, and a linked copy would be read twice.
        AttributesToSkip = FileAttributes.ReparsePoint,
        MatchType = MatchType.Simple,
    };

    /// <summary>The transcript files under a default root (none when the root does not exist).</summary>
    public static IEnumerable<LogFile> FromRoot(LogRoot root, IScanObserver observer) =>
        Directory.Exists(root.Path) ? Enumerate(root.Path, root.Source, observer) : [];

    /// <summary>
    /// The transcript files at a path the user named: a file as it is (whatever it is: reading it says what is
    /// wrong), a folder recursively.
    /// </summary>
    public static IEnumerable<LogFile> FromPath(string path, IScanObserver observer)
    {
        if (Directory.Exists(path))
        {
            return Enumerate(path, rootSource: null, observer);
        }

        var info = new FileInfo(path);
        return [Describe(info.FullName, info.Length, info.LastWriteTimeUtc, rootSource: null, explicitFile: true)!];
    }

    private static IEnumerable<LogFile> Enumerate(string folder, UsageSource? rootSource, IScanObserver observer)
    {
        var files = new FileSystemEnumerable<LogFile>(
            folder,
            (ref FileSystemEntry entry) => Describe(entry.ToFullPath(), entry.Length, entry.LastWriteTimeUtc.UtcDateTime, rootSource, explicitFile: false),
            Recursive)
        {
            ShouldIncludePredicate = (ref FileSystemEntry entry) => !entry.IsDirectory && IsLogFileName(entry.FileName),
        };

        foreach (LogFile file in files)
        {
            if (IsNotRegular(file))
            {
                observer.Verbose($"Skipped '{file.Path}': it is not a regular file (a pipe, socket or device), so it is not read.");
                continue;
            }

            yield return file;
        }
    }

    /// <summary>
    /// True for a FIFO, socket or device found in a log folder: it is never opened (opening a FIFO waits for a
    /// writer, opening a device may act on it). Only an empty entry is asked: none of them has a length.
    /// </summary>
    private static bool IsNotRegular(LogFile file) => file.Length == 0 && FileKinds.OfPath(file.Path) == FileKind.NotRegular;

    /// <summary>Transcripts (<c>*.jsonl</c> and their archived copies) and OpenClaw agent databases.</summary>
    internal static bool IsLogFileName(ReadOnlySpan<char> name) =>
        name.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase)
        || name.Equals("openclaw-agent.sqlite", StringComparison.OrdinalIgnoreCase)
        || IsArchiveName(name);

    internal static bool IsArchiveName(ReadOnlySpan<char> name)
    {
        foreach (string marker in ArchiveMarkers)
        {
            if (name.Contains(marker, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Reads session, project, agent and copy rank from a file's place in the tree.</summary>
    internal static LogFile Describe(string path, long length, DateTime lastWriteUtc, UsageSource? rootSource, bool explicitFile)
    {
        string[] parts = path.Split(['/', '\\'], StringSplitOptions.RemoveEmptyEntries);
        string fileName = parts[^1];
        bool isDatabase = fileName.EndsWith(".sqlite", StringComparison.OrdinalIgnoreCase)
            || (explicitFile && LooksLikeSqlite(path));
        string stem = TranscriptStem(fileName);

        string? slug = parts.Length >= 2 ? parts[^2] : null;
        string? session = stem;
        string? agent = null;
        int rank = IsArchiveName(fileName) ? 2 : 0;
        UsageSource? source = rootSource;

        int agents = LastIndexOf(parts, "agents");
        int projects = LastIndexOf(parts, "projects");
        int sessions = LastIndexOf(parts, "sessions");

        if (agents >= 0 && agents + 2 < parts.Length && (parts[agents + 2] is "sessions" or "agent"))
        {
            // OpenClaw / clawdbot: agents/<agentId>/sessions/<sessionId>.jsonl or agents/<agentId>/agent/openclaw-agent.sqlite
            agent = parts[agents + 1];
            slug = null;
            source ??= UsageSource.OpenClaw;
        }
        else if (projects >= 0 && projects + 2 < parts.Length && (rootSource is null or UsageSource.ClaudeCode))
        {
            // Claude Code: projects/<slug>/<session>.jsonl, projects/<slug>/<session>/subagents/agent-*.jsonl, or deeper.
            string[] rel = parts[(projects + 1)..];
            slug = rel[0];
            int subagents = Array.IndexOf(rel, "subagents");
            session = rel.Length == 2 ? stem : subagents >= 1 ? rel[subagents - 1] : rel[^2];
            source ??= UsageSource.ClaudeCode;
        }
        else if (sessions >= 0 && (rootSource is UsageSource.Pi || ContainsSegment(parts, ".pi")))
        {
            // pi: sessions/--<cwd>--/<timestamp>_<sessionId>.jsonl, with forks and subagent runs below a session folder.
            slug = sessions + 1 < parts.Length - 1 ? parts[sessions + 1] : null;
            int underscore = stem.IndexOf('_');
            session = underscore >= 0 ? stem[(underscore + 1)..] : stem;
            if (ContainsSegment(parts, "forks") || ContainsSegment(parts, "subagent-artifacts") || parts.Length - sessions > 3)
            {
                rank = Math.Max(rank, 1);
            }

            source ??= UsageSource.Pi;
        }
        else if (ContainsSegment(parts, ".openclaw") || ContainsSegment(parts, ".clawdbot"))
        {
            source ??= UsageSource.OpenClaw;
        }

        return new LogFile
        {
            Path = path,
            Format = isDatabase ? LogFileFormat.OpenClawDatabase : LogFileFormat.Jsonl,
            Source = source,
            SessionIdFromPath = session,
            ProjectSlug = slug,
            AgentId = agent,
            CopyRank = rank,
            Length = length,
            LastWriteTimeUtc = lastWriteUtc,
        };
    }

    /// <summary>The file name up to <c>.jsonl</c> (so archived copies keep their session id).</summary>
    internal static string TranscriptStem(string fileName)
    {
        int jsonl = fileName.IndexOf(".jsonl", StringComparison.OrdinalIgnoreCase);
        return jsonl > 0 ? fileName[..jsonl] : Path.GetFileNameWithoutExtension(fileName);
    }

    private static bool LooksLikeSqlite(string path)
    {
        try
        {
            using FileStream stream = TranscriptFileReader.OpenShared(path);
            return TranscriptFileReader.StartsWithSqliteHeader(stream);
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static int LastIndexOf(string[] parts, string segment)
    {
        for (int i = parts.Length - 2; i >= 0; i--)
        {
            if (string.Equals(parts[i], segment, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool ContainsSegment(string[] parts, string segment) => Array.IndexOf(parts, segment, 0, parts.Length - 1) >= 0;
}

using ClaudeUsage.Core.Parsing;
using ClaudeUsage.Core.Scanning;

namespace ClaudeUsage.Core.Discovery;

/// <summary>Finds transcript files under a folder and reads what their paths say about them.</summary>
internal static class LogFileDiscovery
{
    private static readonly string[] ArchiveMarkers = [".jsonl.deleted.", ".jsonl.reset.", ".jsonl.bak."];

    /// <summary>
    /// The transcript files under a default root (none when the root does not exist). A folder in it that cannot be
    /// listed is reported to <paramref name="observer"/>, and the rest of the tree is still searched.
    /// <paramref name="list"/> lists one folder (<see cref="FolderListing.SubfoldersAndLogs"/> unless a test says).
    /// </summary>
    public static IEnumerable<LogFile> FromRoot(LogRoot root, IScanObserver observer, FolderLister? list = null) =>
        Directory.Exists(root.Path) ? Enumerate(root.Path, root.Source, observer, list ?? FolderListing.SubfoldersAndLogs) : [];

    /// <summary>
    /// The transcript files at a path the user named: a file as it is (whatever it is: reading it says what is
    /// wrong), a folder recursively, as for <see cref="FromRoot"/>.
    /// </summary>
    public static IEnumerable<LogFile> FromPath(string path, IScanObserver observer, FolderLister? list = null)
    {
        if (Directory.Exists(path))
        {
            return Enumerate(path, rootSource: null, observer, list ?? FolderListing.SubfoldersAndLogs);
        }

        var info = new FileInfo(path);
        return [Describe(info.FullName, info.Length, info.LastWriteTimeUtc, rootSource: null, explicitFile: true)!];
    }

    /// <summary>
    /// Walks the tree below <paramref name="folder"/> a folder at a time, each folder's files before the folders
    /// below it (the order .NET's own recursive listing has).
    /// </summary>
    private static IEnumerable<LogFile> Enumerate(string folder, UsageSource? rootSource, IScanObserver observer, FolderLister list)
    {
        var pending = new Queue<string>();
        pending.Enqueue(folder);
        while (pending.TryDequeue(out string? current))
        {
            List<FolderEntry> entries;
            try
            {
                entries = list(current);
            }
            catch (DirectoryNotFoundException) when (!ReferenceEquals(current, folder))
            {
                continue; // removed since its parent was listed: nothing was missed
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                observer.FolderUnreadable(current, ex);
                continue;
            }

            foreach (FolderEntry entry in entries)
            {
                if (entry.IsFolder)
                {
                    pending.Enqueue(entry.Path);
                }
                else if (entry.Length == 0 && FileKinds.OfPath(entry.Path) == FileKind.NotRegular)
                {
                    // Never opened: a FIFO waits for a writer, a device may act on being opened. None of them has a
                    // length, so only an empty entry is asked what it is.
                    observer.Verbose($"Skipped '{entry.Path}': it is not a regular file (a pipe, socket or device), so it is not read.");
                }
                else
                {
                    yield return Describe(entry.Path, entry.Length, entry.LastWriteTimeUtc, rootSource, explicitFile: false);
                }
            }
        }
    }

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

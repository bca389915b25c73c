using System.Runtime.CompilerServices;
namespace ClaudeUsage.Core.Accounting;

/// <summary>
/// Counts each API response once across every file and root. Claude Code writes one line per content block,
/// each repeating the usage with a growing output count, and replays parent lines in sidechain transcripts;
/// pi-format logs repeat entries in forks, archives and database copies.
/// </summary>
/// <remarks>
/// Rules, independent of the order files are read in:
/// <list type="number">
/// <item>Copies with the same response id and request id are one response; the copy with the most tokens is
/// kept (then: fast mode set, live file over fork over archive, not a sidechain, earliest, path, line), with the
/// MCP servers of all the copies.</item>
/// <item>Copies with the same response id but different request ids are separate requests, unless one of them
/// is a sidechain line: then the sidechain copies are replays and only the parent's copies count.</item>
/// <item>Lines with no response id are each counted.</item>
/// </list>
/// </remarks>
internal sealed class ResponseDeduplicator
{
    // The first request seen of each response id, in the order first seen; the table maps the id key to its index.
    private readonly KeyTable _index;
    private readonly List<UsageEntry> _first;

    // Other requests under a response id already seen (rare), by the index of the first.
    private readonly Dictionary<int, List<UsageEntry>> _more = [];
    private readonly List<UsageEntry> _unkeyed = [];

    /// <param name="capacity">About how many responses to expect.</param>
    public ResponseDeduplicator(int capacity = 0)
    {
        _index = new KeyTable(capacity);
        _first = new List<UsageEntry>(capacity);
    }

    // Compiled optimised at first call: a scheduled run ends before tiered compilation would get there.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(UsageEntry entry)
    {
        if (!entry.IsKeyed)
        {
            _unkeyed.Add(entry);
            return;
        }

        ref int at = ref _index.GetValueRefOrAddDefault(entry.ResponseKey, out bool exists);
        if (!exists)
        {
            at = _first.Count;
            _first.Add(entry);
            return;
        }

        int index = at;
        UsageEntry first = _first[index];

        if (SameRequest(first, entry))
        {
            _first[index] = BetterOf(first, entry);
            return;
        }

        if (!_more.TryGetValue(index, out List<UsageEntry>? others))
        {
            others = [];
            _more.Add(index, others);
        }

        for (int i = 0; i < others.Count; i++)
        {
            if (SameRequest(others[i], entry))
            {
                others[i] = BetterOf(others[i], entry);
                return;
            }
        }

        others.Add(entry);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void AddRange(List<UsageEntry> entries)
    {
        foreach (UsageEntry entry in entries)
        {
            Add(entry);
        }
    }

    /// <summary>The counted responses.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public List<UsageEntry> Resolve()
    {
        var counted = new List<UsageEntry>(_first.Count + _unkeyed.Count);
        for (int index = 0; index < _first.Count; index++)
        {
            UsageEntry first = _first[index];
            if (_more.Count == 0 || !_more.TryGetValue(index, out List<UsageEntry>? others))
            {
                counted.Add(first);
                continue;
            }

            var requests = new List<UsageEntry>(others.Count + 1) { first };
            requests.AddRange(others);
            if (requests.Exists(e => e.IsSidechain))
            {
                List<UsageEntry> parents = requests.FindAll(e => !e.IsSidechain);
                if (parents.Count > 0)
                {
                    counted.AddRange(parents);
                }
                else
                {
                    // Only replays of one another: count the best one.
                    UsageEntry best = requests[0];
                    foreach (UsageEntry e in requests)
                    {
                        if (IsBetterCopy(e, best))
                        {
                            best = e;
                        }
                    }

                    counted.Add(best);
                }
            }
            else
            {
                counted.AddRange(requests);
            }
        }

        counted.AddRange(_unkeyed);
        return counted;
    }

    private static bool SameRequest(UsageEntry a, UsageEntry b) => a.RequestKey == b.RequestKey;

    /// <summary>
    /// Of two copies of one request, the one to keep (<see cref="IsBetterCopy"/>), carrying the MCP servers of both:
    /// each streamed line of a response holds part of its content, and the line with a tool call may be the smaller
    /// copy, so the servers are the union of every copy's, in whatever order the copies come.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static UsageEntry BetterOf(UsageEntry current, UsageEntry candidate)
    {
        UsageEntry kept = IsBetterCopy(candidate, current) ? candidate : current;
        return current.McpServers is null && candidate.McpServers is null
            ? kept
            : kept.WithMcpServers(McpServerList.Union(current.McpServers, candidate.McpServers));
    }

    /// <summary>True when <paramref name="candidate"/> should replace <paramref name="current"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static bool IsBetterCopy(UsageEntry candidate, UsageEntry current)
    {
        int c = candidate.Tokens.Total.CompareTo(current.Tokens.Total);
        if (c != 0) return c > 0;
        c = candidate.Tokens.WebSearchRequests.CompareTo(current.Tokens.WebSearchRequests);
        if (c != 0) return c > 0;
        if (candidate.IsFast != current.IsFast) return candidate.IsFast;
        if (candidate.CopyRank != current.CopyRank) return candidate.CopyRank < current.CopyRank;
        if (candidate.IsSidechain != current.IsSidechain) return !candidate.IsSidechain;
        c = candidate.Timestamp.CompareTo(current.Timestamp);
        if (c != 0) return c < 0;
        c = string.CompareOrdinal(candidate.FilePath, current.FilePath);
        if (c != 0) return c < 0;
        return candidate.LineNumber < current.LineNumber;
    }
}

using System.Runtime.CompilerServices;
namespace ClaudeUsage.Core.Accounting;

/// <summary>
/// Collapses one file's entries before the global merge: of the lines that repeat one response (same response id
/// and request id, e.g. Claude Code's one line per content block), only the copy <see cref="ResponseDeduplicator"/>
/// would keep can ever be counted, so only it is kept. The global result is the same; far fewer entries are held.
/// </summary>
internal static class BestCopyPerFile
{
    // Compiled optimised at first call: a scheduled run ends before tiered compilation would get there.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static List<UsageEntry> Collapse(List<UsageEntry> entries)
    {
        if (entries.Count < 2)
        {
            return entries;
        }

        // Where the first request of each response id was kept; other requests under an id already seen (rare) go
        // to the second map.
        var first = new KeyTable(entries.Count / 2);
        Dictionary<(UInt128, UInt128), int>? others = null;
        var kept = new List<UsageEntry>(entries.Count / 2);
        foreach (UsageEntry entry in entries)
        {
            if (!entry.IsKeyed)
            {
                kept.Add(entry); // nothing identifies it: always counted
                continue;
            }

            ref int slot = ref first.GetValueRefOrAddDefault(entry.ResponseKey, out bool exists);
            int at = slot;
            if (!exists)
            {
                slot = kept.Count;
                kept.Add(entry);
                continue;
            }

            if (kept[at].RequestKey != entry.RequestKey)
            {
                others ??= [];
                if (!others.TryGetValue((entry.ResponseKey, entry.RequestKey), out at))
                {
                    others.Add((entry.ResponseKey, entry.RequestKey), kept.Count);
                    kept.Add(entry);
                    continue;
                }
            }

            kept[at] = ResponseDeduplicator.BetterOf(kept[at], entry);
        }

        return kept;
    }
}

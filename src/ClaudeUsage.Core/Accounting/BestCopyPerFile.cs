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

        var best = new Dictionary<(UInt128, UInt128), int>(entries.Count);
        var kept = new List<UsageEntry>(entries.Count / 2);
        foreach (UsageEntry entry in entries)
        {
            if (!entry.IsKeyed)
            {
                kept.Add(entry); // nothing identifies it: always counted
                continue;
            }

            if (best.TryGetValue((entry.ResponseKey, entry.RequestKey), out int at))
            {
                if (ResponseDeduplicator.IsBetterCopy(entry, kept[at]))
                {
                    kept[at] = entry;
                }
            }
            else
            {
                best.Add((entry.ResponseKey, entry.RequestKey), kept.Count);
                kept.Add(entry);
            }
        }

        return kept;
    }
}

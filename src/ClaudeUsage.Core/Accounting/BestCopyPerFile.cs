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

        var best = new Dictionary<(string, string?), int>(entries.Count);
        var kept = new List<UsageEntry>(entries.Count / 2);
        foreach (UsageEntry entry in entries)
        {
            if (entry.ResponseId is not { } id)
            {
                kept.Add(entry); // nothing identifies it: always counted
                continue;
            }

            if (best.TryGetValue((id, entry.RequestId), out int at))
            {
                if (ResponseDeduplicator.IsBetterCopy(entry, kept[at]))
                {
                    kept[at] = entry;
                }
            }
            else
            {
                best.Add((id, entry.RequestId), kept.Count);
                kept.Add(entry);
            }
        }

        return kept;
    }
}

namespace ClaudeUsage.Core.Ledger;

/// <summary>
/// The whole-quarter sums the ledger last gave in this process, by what was asked and the sums' generation, so a
/// report repeated in one session does not add them up again. A change of the sums, by this process or another,
/// gives them a new generation (<see cref="QuarterSums.Generation"/>), so a remembered answer is never out of date.
/// </summary>
internal static class SumsMemo
{
    /// <summary>Answers kept: a few, for a session that alternates between reports.</summary>
    private const int Capacity = 4;

    private static readonly object Gate = new();

    private static readonly LinkedList<(Key Key, UsageEntry[] Sums)> Kept = new();

    /// <summary>What an answer depends on: the ledger file, the sums' generation, the quarters, sources, thresholds and buckets.</summary>
    internal readonly record struct Key(string Ledger, string Generation, long FromQuarter, long UntilQuarter, string Sources, string Thresholds, string Buckets);

    /// <summary>A new list of the remembered sums (the caller may add to it), or null.</summary>
    public static List<UsageEntry>? Find(Key key)
    {
        lock (Gate)
        {
            for (LinkedListNode<(Key Key, UsageEntry[] Sums)>? node = Kept.First; node is not null; node = node.Next)
            {
                if (node.Value.Key == key)
                {
                    Kept.Remove(node);
                    Kept.AddFirst(node);
                    return [.. node.Value.Sums];
                }
            }
        }

        return null;
    }

    public static void Keep(Key key, List<UsageEntry> sums)
    {
        lock (Gate)
        {
            Kept.AddFirst((key, [.. sums]));
            while (Kept.Count > Capacity)
            {
                Kept.RemoveLast();
            }
        }
    }
}

namespace ClaudeUsage.Core.Scanning;

/// <summary>
/// Keeps what the process allocates between two collections of the young generation under <see cref="BudgetBytes"/>.
/// The GC sizes the young generation by the processor's last-level cache: on a machine with a large one (260 MiB) it
/// lets tens of megabytes more be touched before collecting, so a long read, which allocates much and keeps little,
/// and a session of reports, each allocating a little, would leave all of it resident. Where the GC collects that
/// often by itself, <see cref="Bound"/> never collects.
/// </summary>
internal static class YoungGeneration
{
    /// <summary>What is allocated, at most, before the young generation is collected.</summary>
    public const long BudgetBytes = 32L << 20;

    private static readonly object Gate = new();
    private static long _allocatedAtLast = GC.GetTotalAllocatedBytes();
    private static int _collectionsAtLast = GC.CollectionCount(0);

    /// <summary>Collects the young generation if <see cref="BudgetBytes"/> have been allocated since it was last collected.</summary>
    public static void Bound()
    {
        lock (Gate)
        {
            long allocated = GC.GetTotalAllocatedBytes();
            int collections = GC.CollectionCount(0);
            if (collections == _collectionsAtLast && allocated - _allocatedAtLast >= BudgetBytes)
            {
                GC.Collect(0, GCCollectionMode.Forced, blocking: true);
                collections = GC.CollectionCount(0);
            }

            if (collections != _collectionsAtLast)
            {
                (_allocatedAtLast, _collectionsAtLast) = (allocated, collections);
            }
        }
    }
}

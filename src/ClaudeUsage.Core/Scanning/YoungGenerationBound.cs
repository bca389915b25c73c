namespace ClaudeUsage.Core.Scanning;

/// <summary>
/// Collects the young generation when the process has allocated <c>budgetBytes</c> since the last collection of it.
/// The GC sizes the young generation by the processor's last-level cache: on a machine with a large one (260 MiB) it
/// lets tens of megabytes more be touched before collecting, and a long read, which allocates much and keeps little,
/// would end with all of it resident. Where the GC collects sooner by itself, this never runs.
/// </summary>
internal sealed class YoungGenerationBound(long budgetBytes)
{
    private long _allocatedAtLast = GC.GetTotalAllocatedBytes();
    private int _collectionsAtLast = GC.CollectionCount(0);

    /// <summary>Collects the young generation if the budget has been allocated since it was last collected.</summary>
    public void Check()
    {
        long allocated = GC.GetTotalAllocatedBytes();
        int collections = GC.CollectionCount(0);
        if (collections == _collectionsAtLast && allocated - _allocatedAtLast >= budgetBytes)
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

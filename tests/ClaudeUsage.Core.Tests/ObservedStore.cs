using ClaudeUsage.Core;
using ClaudeUsage.Core.Ledger;

namespace ClaudeUsage.Tests;

/// <summary>
/// A SQLite ledger that counts its writes, runs <paramref name="afterWrite"/> once each has committed (to stop
/// the ingest, as Ctrl+C would) and <paramref name="beforePublish"/> when the ingest's writes are done, and asks
/// for <paramref name="copiesPerTransaction"/> when given.
/// </summary>
internal sealed class ObservedStore(SqliteLedgerStore inner, Action? afterWrite = null, int? copiesPerTransaction = null, Action? beforePublish = null) : ILedgerStore
{
    public int Writes { get; private set; }

    public string Description => inner.Description;

    public LedgerMachine Machine => inner.Machine;

    public Dictionary<string, LedgerFile> LoadFiles() => inner.LoadFiles();

    public int CopiesPerTransaction => copiesPerTransaction ?? inner.CopiesPerTransaction;

    public LedgerWriteCounts Write(IReadOnlyList<LedgerFileWrite> files, IReadOnlyCollection<long> goneFileIds)
    {
        LedgerWriteCounts counts = inner.Write(files, goneFileIds);
        Writes++;
        afterWrite?.Invoke();
        return counts;
    }

    public bool Publish()
    {
        beforePublish?.Invoke();
        return inner.Publish();
    }

    public void RefreshSums() => inner.RefreshSums();

    public void BeginReadSnapshot() => inner.BeginReadSnapshot();

    public string? Generation() => inner.Generation();

    public List<UsageEntry> ReadCounted(DateTimeOffset? from, DateTimeOffset? until, IReadOnlySet<UsageSource>? sources, bool withIds) =>
        inner.ReadCounted(from, until, sources, withIds);

    public List<UsageEntry>? ReadCountedGroups(DateTimeOffset? from, DateTimeOffset? until, IReadOnlySet<UsageSource>? sources, IReadOnlyList<long> thresholds, SumBuckets? buckets = null) =>
        inner.ReadCountedGroups(from, until, sources, thresholds, buckets);

    public List<UsageEntry> ReadCountedOfActiveFiles(DateTimeOffset activeFrom, DateTimeOffset? until, IReadOnlySet<UsageSource>? sources, bool withIds) =>
        inner.ReadCountedOfActiveFiles(activeFrom, until, sources, withIds);

    public List<SessionFile> SessionFiles(DateTimeOffset? from, DateTimeOffset? until, IReadOnlySet<UsageSource>? sources) => inner.SessionFiles(from, until, sources);

    public DateTimeOffset? FirstCounted(IReadOnlySet<UsageSource>? sources) => inner.FirstCounted(sources);

    public DateTimeOffset? LastAfterGap(DateTimeOffset at, TimeSpan gap, TimeSpan lookBack, IReadOnlySet<UsageSource>? sources) =>
        inner.LastAfterGap(at, gap, lookBack, sources);

    public LedgerStatistics Statistics() => inner.Statistics();

    public void Dispose()
    {
    }
}

namespace ClaudeUsage.Core.Ledger;

/// <summary>A ledger that does not exist yet, for -WhatIf: it knows no files and is never written.</summary>
internal sealed class EmptyLedgerStore(string description) : ILedgerStore
{
    public string Description { get; } = description;

    public LedgerMachine Machine { get; } = new(string.Empty, Environment.MachineName);

    public Dictionary<string, LedgerFile> LoadFiles() => [];

    public int CopiesPerTransaction => SqliteLedgerStore.FewestCopiesPerTransaction;

    public LedgerWriteCounts Write(IReadOnlyList<LedgerFileWrite> files, IReadOnlyCollection<long> goneFileIds) =>
        throw new InvalidOperationException("A ledger that does not exist is not written.");

    public bool Publish() => true;

    public void RefreshSums()
    {
    }

    public void BeginReadSnapshot()
    {
    }

    public string? Generation() => null;

    public List<UsageEntry> ReadCounted(DateTimeOffset? from, DateTimeOffset? until, IReadOnlySet<UsageSource>? sources, bool withIds) => [];

    public List<UsageEntry>? ReadCountedGroups(DateTimeOffset? from, DateTimeOffset? until, IReadOnlySet<UsageSource>? sources, IReadOnlyList<long> thresholds, SumBuckets? buckets = null) => [];

    public List<UsageEntry> ReadCountedOfActiveFiles(DateTimeOffset activeFrom, DateTimeOffset? until, IReadOnlySet<UsageSource>? sources, bool withIds) => [];

    public List<SessionFile> SessionFiles(DateTimeOffset? from, DateTimeOffset? until, IReadOnlySet<UsageSource>? sources) => [];

    public DateTimeOffset? FirstCounted(IReadOnlySet<UsageSource>? sources) => null;

    public DateTimeOffset? LastAfterGap(DateTimeOffset at, TimeSpan gap, TimeSpan lookBack, IReadOnlySet<UsageSource>? sources) => null;

    public LedgerStatistics Statistics() => new(0, 0, 0, 0, 0, LedgerSchema.CurrentVersion);

    public void Dispose()
    {
    }
}

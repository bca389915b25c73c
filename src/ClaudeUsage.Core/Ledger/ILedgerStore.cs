using ClaudeUsage.Core.Caching;

namespace ClaudeUsage.Core.Ledger;

/// <summary>
/// Where counted responses are kept for good: one row per response identity (response id + request id, or a
/// sampling step of one), the best copy ever seen, and the read position of every log file. Rows are only ever
/// added or replaced by a better copy, never removed because a log changed or went away. One small interface, so a
/// PostgreSQL store can take the place of the SQLite one.
/// </summary>
internal interface ILedgerStore : IDisposable
{
    /// <summary>What the store is, for messages: a file path, never a connection string or a secret.</summary>
    string Description { get; }

    /// <summary>The machine this store writes rows for.</summary>
    LedgerMachine Machine { get; }

    /// <summary>This machine's log files as last read, by path.</summary>
    Dictionary<string, LedgerFile> LoadFiles();

    /// <summary>
    /// About how many response copies one <see cref="Write"/> should take while more are still being read: few enough
    /// that another process never waits long for the store, enough that a large ingest is not mostly commits.
    /// </summary>
    int CopiesPerTransaction { get; }

    /// <summary>
    /// In one transaction: each file's new state and the entries read from it (upserted, a better copy replacing a
    /// worse one), files marked gone, and which rows count re-decided where one response has several requests.
    /// </summary>
    LedgerWriteCounts Write(IReadOnlyList<LedgerFileWrite> files, IReadOnlyCollection<long> goneFileIds);

    /// <summary>
    /// Called once an ingest's writes are done. A store that took a new ledger's first rows aside (where no other
    /// process sees them, written the cheapest way) makes them the ledger now, summed; the others have nothing to do.
    /// False when another process made the ledger meanwhile: it is never replaced, this ingest's rows are not in it,
    /// and the caller ingests again into the one there now.
    /// </summary>
    bool Publish();

    /// <summary>
    /// Brings the per-quarter sums up to date with the rows (after writes, or rows another program wrote), in one
    /// transaction; quarters whose sums cannot be kept exactly stay out of them.
    /// </summary>
    void RefreshSums();

    /// <summary>
    /// From now until the store is disposed, every read sees the ledger as it is at this moment, whatever other
    /// processes write meanwhile: a report's sums and the responses it reads one by one afterwards (a spike, the hour a
    /// limit was reached in) are of one state. Nothing is written after it; stale sums are then read from the rows.
    /// </summary>
    void BeginReadSnapshot();

    /// <summary>
    /// A value that is different after any change of the counted responses' sums, by this process or another, and
    /// for any other store (a ledger deleted and made again); null when the store cannot tell.
    /// </summary>
    string? Generation();

    /// <summary>The counted responses at or after <paramref name="from"/> and before <paramref name="until"/> (UTC; null for open).</summary>
    List<UsageEntry> ReadCounted(DateTimeOffset? from, DateTimeOffset? until, IReadOnlySet<UsageSource>? sources, bool withIds);

    /// <summary>
    /// The counted responses in the range summed in the database by quarter hour (UTC; every time zone's offset is a
    /// multiple of 15 minutes, so a quarter never spans two local hours or days) and by every key a summary groups or
    /// prices by. <paramref name="thresholds"/> are the price table's long-context thresholds, ascending. Null when
    /// the rows cannot be summed exactly (a recorded cost too large), for the caller to read them one by one. With
    /// <paramref name="buckets"/>, whole quarters are added up further, per bucket it defines (a local day or hour,
    /// cut at price changes).
    /// </summary>
    List<UsageEntry>? ReadCountedGroups(DateTimeOffset? from, DateTimeOffset? until, IReadOnlySet<UsageSource>? sources, IReadOnlyList<long> thresholds, SumBuckets? buckets = null);

    /// <summary>
    /// Every counted response before <paramref name="until"/> of the log files that have one at or after
    /// <paramref name="activeFrom"/>: whole conversations, from their beginning, of those active in a range.
    /// </summary>
    List<UsageEntry> ReadCountedOfActiveFiles(DateTimeOffset activeFrom, DateTimeOffset? until, IReadOnlySet<UsageSource>? sources, bool withIds);

    /// <summary>
    /// The log file of each counted response at or after <paramref name="from"/> and before <paramref name="until"/>,
    /// once per session and file: what a session report of responses summed in the store needs besides the sums.
    /// </summary>
    List<SessionFile> SessionFiles(DateTimeOffset? from, DateTimeOffset? until, IReadOnlySet<UsageSource>? sources);

    /// <summary>When the first counted response of these sources was written (UTC); null when there is none.</summary>
    DateTimeOffset? FirstCounted(IReadOnlySet<UsageSource>? sources);

    /// <summary>
    /// When the last counted response at or before <paramref name="at"/>, and less than <paramref name="lookBack"/>
    /// before it, came that followed more than <paramref name="gap"/> without one; null when there is none.
    /// </summary>
    DateTimeOffset? LastAfterGap(DateTimeOffset at, TimeSpan gap, TimeSpan lookBack, IReadOnlySet<UsageSource>? sources);

    /// <summary>How much the store holds.</summary>
    LedgerStatistics Statistics();
}

/// <summary>The machine rows are recorded on: a stable id kept beside the ledger, and its host name.</summary>
internal sealed record LedgerMachine(string Id, string HostName);

/// <summary>
/// A log file as the ledger last read it; <see cref="CachedFile.Entries"/> is always empty here. <paramref name="LastReadUtc"/>
/// is when the read that left this state began.
/// </summary>
internal sealed record LedgerFile(long FileId, CachedFile State, bool Present, DateTime LastReadUtc);

/// <summary>One file's read: its state to remember, the entries to upsert, and when the read began (null for now).</summary>
internal sealed record LedgerFileWrite(CachedFile State, IReadOnlyList<UsageEntry> Entries, DateTime? ReadStartedUtc = null);

/// <summary>What a write did: rows inserted, rows replaced by a better copy, copies that changed nothing.</summary>
internal readonly record struct LedgerWriteCounts(int Added, int Replaced, int Unchanged)
{
    public static LedgerWriteCounts operator +(LedgerWriteCounts a, LedgerWriteCounts b) =>
        new(a.Added + b.Added, a.Replaced + b.Replaced, a.Unchanged + b.Unchanged);
}

/// <summary>The store's size: rows, counted rows, files (and how many are gone), machines, schema version.</summary>
internal sealed record LedgerStatistics(long Rows, long CountedRows, long Files, long GoneFiles, long Machines, int SchemaVersion);

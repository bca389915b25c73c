using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace ClaudeUsage.Core.Ledger;

/// <summary>
/// Adds the quarter sums of a range up per bucket (<see cref="SumBuckets"/>), key and tier as they are read in
/// quarter order, through SQLite's own interface: a bucket's quarters are next to each other, so each bucket is added
/// up in a small table and given out before the next, in the order of bucket, key and tier. SQLite's <c>GROUP BY</c>
/// sorted every quarter sum of the range first.
/// </summary>
internal static class BucketSums
{
    private const string Select = $"""
        SELECT quarter, key_id, prompt_tier, {LedgerResponseRow.GroupSumNames}
        FROM response_sums
        WHERE quarter >= $f AND quarter < $u
        ORDER BY quarter;
        """;

    /// <summary>
    /// The sums of the quarters from <paramref name="from"/> to before <paramref name="until"/>, in buckets that start
    /// at the first quarter with a sum, each tier counted as <paramref name="tierOf"/> maps the ledger's; those of
    /// other sources left out. Null when a sum overflows 64 bits or a recorded cost could not be summed.
    /// </summary>
    public static List<UsageEntry>? Read(SqliteConnection connection, long from, long until, SumBuckets buckets, LedgerKeys.Map keys, int[] tierOf, IReadOnlySet<UsageSource>? sources)
    {
        sqlite3 db = NativeSqlite.Handle(connection);
        using (sqlite3_stmt statement = NativeSqlite.Prepare(db, Select))
        {
            NativeSqlite.Bind(db, statement, "$f", from);
            NativeSqlite.Bind(db, statement, "$u", until);
            var entries = new List<UsageEntry>();
            var bucket = new Dictionary<(long Key, int Tier), GroupSumValues>();
            long bucketEnd = long.MinValue; // no bucket before the first row
            int rc;
            try
            {
                while ((rc = SqliteCalls.Step(statement)) == raw.SQLITE_ROW)
                {
                    long Int(int column) => SqliteCalls.ColumnInt64(statement, column);
                    long quarter = Int(0);
                    if (quarter >= bucketEnd)
                    {
                        if (!Flush(bucket, entries, keys))
                        {
                            return null;
                        }

                        // The first bucket starts at the first row's quarter, each next one where the one before ended.
                        bucketEnd = bucketEnd == long.MinValue ? Math.Min(buckets.EndOf(quarter), until) : bucketEnd;
                        while (quarter >= bucketEnd)
                        {
                            bucketEnd = Math.Min(buckets.EndOf(bucketEnd), until);
                        }
                    }

                    SumKey key = keys[Int(1)];
                    if (sources is not null && !sources.Contains(key.Source))
                    {
                        continue;
                    }

                    long stored = Int(2);
                    int tier = stored >= 1 && stored <= tierOf.Length ? tierOf[stored - 1] : 0;
                    var sums = new GroupSumValues
                    {
                        Rows = Int(3), Requests = Int(4), First = Int(5), Last = Int(6), Input = Int(7), Output = Int(8),
                        CacheWrite5m = Int(9), CacheWrite1h = Int(10), CacheRead = Int(11), WebSearch = Int(12), WebFetch = Int(13),
                        CodeExecution = Int(14), RecordedCosts = Int(15), RecordedPico = SqliteCalls.ColumnType(statement, 16) == raw.SQLITE_NULL ? 0 : Int(16),
                        RecordedZeroCosts = Int(17), UnsummedCosts = Int(18),
                    };
                    ref GroupSumValues kept = ref CollectionsMarshal.GetValueRefOrAddDefault(bucket, (Int(1), tier), out _);
                    kept.Add(sums);
                }
            }
            catch (OverflowException)
            {
                return null; // sums beyond 64 bits: the caller reads the quarters one by one
            }

            NativeSqlite.Check(rc, db);
            return Flush(bucket, entries, keys) ? entries : null;
        }
    }

    /// <summary>Gives out a bucket's sums in the order of key and tier, and empties it.</summary>
    private static bool Flush(Dictionary<(long Key, int Tier), GroupSumValues> bucket, List<UsageEntry> entries, LedgerKeys.Map keys)
    {
        if (bucket.Count == 0)
        {
            return true;
        }

        (long Key, int Tier)[] order = [.. bucket.Keys];
        Array.Sort(order);
        foreach ((long key, int tier) in order)
        {
            if (!LedgerResponseRow.AddGroup(entries, keys[key], tier, bucket[(key, tier)]))
            {
                return false;
            }
        }

        bucket.Clear();
        return true;
    }
}

using System.Globalization;
using ClaudeUsage.Core.Pricing;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace ClaudeUsage.Core.Ledger;

/// <summary>
/// The <c>response_sums</c> table: the counted responses summed per quarter hour and per every key a summary groups
/// or prices by, so a report over a year reads thousands of sums instead of a million rows. The table is derived:
/// triggers on <c>responses</c> mark the quarters a change touches as stale (whoever writes the rows, this module or
/// the sqlite3 shell), and <see cref="Refresh"/> sums the stale quarters again from the rows. A quarter whose sums do
/// not fit 64 bits stays stale, and a report over it reads the rows, so the sums are exact or not used.
/// </summary>
internal static class QuarterSums
{
    private static readonly string Quarter = LedgerResponseRow.QuarterHourTicks.ToString(CultureInfo.InvariantCulture);

    /// <summary>The long-context thresholds the sums are cut by: the built-in price table's.</summary>
    public static IReadOnlyList<long> Thresholds => PriceTable.BuiltIn.LongContextThresholds;

    private const string ThresholdsKey = "sums_thresholds";

    /// <summary>A random value written anew by every change of the sums, so a reader can tell sums it has seen.</summary>
    private const string GenerationKey = "sums_generation";

    /// <summary>Schema 1 → 2: the sums table, the stale quarters, and the triggers that mark them.</summary>
    public static string Migration => $"""
        CREATE TABLE response_keys (
            key_id INTEGER NOT NULL PRIMARY KEY,
            source INTEGER NOT NULL,
            session_id TEXT NOT NULL,
            agent_id TEXT NOT NULL,
            project_path TEXT NOT NULL,
            project_slug TEXT NOT NULL,
            model TEXT NOT NULL,
            provider TEXT NOT NULL,
            speed TEXT NOT NULL,
            inference_geo TEXT NOT NULL,
            nulls INTEGER NOT NULL,
            UNIQUE (source, session_id, agent_id, project_path, project_slug, model, provider, speed, inference_geo, nulls)
        );

        CREATE TABLE response_sums (
            quarter BIGINT NOT NULL,
            key_id BIGINT NOT NULL REFERENCES response_keys (key_id),
            prompt_tier INTEGER NOT NULL,
            responses BIGINT NOT NULL,
            requests BIGINT NOT NULL,
            first_utc_ticks BIGINT NOT NULL,
            last_utc_ticks BIGINT NOT NULL,
            input_tokens BIGINT NOT NULL,
            output_tokens BIGINT NOT NULL,
            cache_write_5m_tokens BIGINT NOT NULL,
            cache_write_1h_tokens BIGINT NOT NULL,
            cache_read_tokens BIGINT NOT NULL,
            web_search_requests BIGINT NOT NULL,
            web_fetch_requests BIGINT NOT NULL,
            code_execution_requests BIGINT NOT NULL,
            recorded_costs BIGINT NOT NULL,
            recorded_cost_pico BIGINT,
            recorded_zero_costs BIGINT NOT NULL,
            unsummed_costs BIGINT NOT NULL
        );

        CREATE INDEX response_sums_by_quarter ON response_sums (quarter);

        CREATE TABLE response_sums_stale (
            quarter BIGINT NOT NULL PRIMARY KEY
        );

        {StaleTriggers}
        """;

    /// <summary>The triggers that mark the quarters a change of <c>responses</c> touches as stale.</summary>
    public static string StaleTriggers => $"""
        CREATE TRIGGER responses_inserted_sums_stale AFTER INSERT ON responses BEGIN
            INSERT INTO response_sums_stale (quarter) VALUES (new.at_utc_ticks / {Quarter}) ON CONFLICT DO NOTHING;
        END;

        CREATE TRIGGER responses_updated_sums_stale AFTER UPDATE ON responses BEGIN
            INSERT INTO response_sums_stale (quarter) VALUES (old.at_utc_ticks / {Quarter}), (new.at_utc_ticks / {Quarter}) ON CONFLICT DO NOTHING;
        END;

        CREATE TRIGGER responses_deleted_sums_stale AFTER DELETE ON responses BEGIN
            INSERT INTO response_sums_stale (quarter) VALUES (old.at_utc_ticks / {Quarter}) ON CONFLICT DO NOTHING;
        END;
        """;

    /// <summary>
    /// Makes every quarter stale when the sums were cut by other thresholds than <see cref="Thresholds"/> (a new
    /// ledger, or a module whose price table has new ones), so the next refresh sums everything again.
    /// </summary>
    public static void EnsureThresholds(SqliteConnection connection)
    {
        string wanted = Format(Thresholds);
        if (ReadThresholds(connection, null) == wanted)
        {
            return;
        }

        using SqliteTransaction transaction = connection.BeginTransaction();
        if (ReadThresholds(connection, transaction) == wanted)
        {
            return; // another process did it meanwhile
        }

        Execute(connection, transaction, $"""
            DELETE FROM response_sums;
            {MarkAllStale}
            """);
        using SqliteCommand info = SqliteLedgerStore.Command(connection, "INSERT INTO ledger_info (key, value) VALUES ($k, $v) ON CONFLICT (key) DO UPDATE SET value = excluded.value;", transaction);
        info.Parameters.AddWithValue("$k", ThresholdsKey);
        info.Parameters.AddWithValue("$v", wanted);
        info.ExecuteNonQuery();
        NewGeneration(connection, transaction);
        transaction.Commit();
    }

    /// <summary>Marks every quarter that has rows stale, as the triggers would have while the rows were written.</summary>
    public static string MarkAllStale => $"""
        INSERT INTO response_sums_stale (quarter) SELECT DISTINCT at_utc_ticks / {Quarter} FROM responses WHERE true ON CONFLICT DO NOTHING;
        """;

    /// <summary>True when some quarter's sums are out of date.</summary>
    public static bool AnyStale(SqliteConnection connection)
    {
        using SqliteCommand command = SqliteLedgerStore.Command(connection, "SELECT EXISTS (SELECT 1 FROM response_sums_stale);");
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture) != 0;
    }

    /// <summary>
    /// Sums the stale quarters again from the rows, in the caller's transaction. A quarter whose sums overflow 64
    /// bits (counts no real log has) stays stale; the others are done.
    /// </summary>
    public static void Refresh(SqliteConnection connection, SqliteTransaction transaction)
    {
        // With no sums yet (a first ingest, new thresholds) the stale quarters are all there are: one pass over the
        // table in row order takes a fifth less than a walk of the time index, which looks each row up where it lies.
        bool none;
        using (SqliteCommand any = SqliteLedgerStore.Command(connection, "SELECT NOT EXISTS (SELECT 1 FROM response_sums);", transaction))
        {
            none = Convert.ToInt64(any.ExecuteScalar(), CultureInfo.InvariantCulture) != 0;
        }

        SumOrOneByOne(connection, transaction, $"""
            DELETE FROM response_sums WHERE quarter IN (SELECT quarter FROM response_sums_stale);
            {InsertStale(none)}
            DELETE FROM response_sums_stale;
            """, onOverflow: "");
    }

    /// <summary>
    /// Sums every counted row of a new ledger filled aside (<see cref="AsideFill"/>), whose triggers marked no quarter
    /// stale while it was written: one pass over the table, with no stale quarters to mark and look up first (a
    /// fifth of the sums' time on 400,000 rows). When a sum overflows 64 bits every quarter is marked stale and summed
    /// on its own, so the few that overflow stay stale, as <see cref="Refresh"/> leaves them.
    /// </summary>
    public static void SumAll(SqliteConnection connection, SqliteTransaction transaction) =>
        SumOrOneByOne(connection, transaction, $"""
            DELETE FROM response_sums;
            DELETE FROM response_sums_stale;
            {Insert("responses r NOT INDEXED", "true")}
            """, onOverflow: MarkAllStale);

    /// <summary>
    /// Runs <paramref name="sums"/> in a savepoint; when a sum overflows 64 bits, rolls it back, runs
    /// <paramref name="onOverflow"/> and sums each stale quarter on its own (<see cref="RefreshOneByOne"/>).
    /// </summary>
    private static void SumOrOneByOne(SqliteConnection connection, SqliteTransaction transaction, string sums, string onOverflow)
    {
        try
        {
            Execute(connection, transaction, "SAVEPOINT sums_all;");
            Execute(connection, transaction, $"""
                {sums}
                RELEASE sums_all;
                """);
            NewGeneration(connection, transaction);
        }
        catch (SqliteException ex) when (IsOverflow(ex))
        {
            Execute(connection, transaction, $"""
                ROLLBACK TO sums_all;
                RELEASE sums_all;
                {onOverflow}
                """);
            RefreshOneByOne(connection, transaction);
        }
    }

    /// <summary>Each stale quarter on its own, so the few that overflow stay stale and the rest are summed.</summary>
    private static void RefreshOneByOne(SqliteConnection connection, SqliteTransaction transaction)
    {
        var quarters = new List<long>();
        using (SqliteCommand select = SqliteLedgerStore.Command(connection, "SELECT quarter FROM response_sums_stale;", transaction))
        using (SqliteDataReader r = select.ExecuteReader())
        {
            while (r.Read())
            {
                quarters.Add(r.GetInt64(0));
            }
        }

        foreach (long quarter in quarters)
        {
            string q = quarter.ToString(CultureInfo.InvariantCulture);
            try
            {
                Execute(connection, transaction, "SAVEPOINT sums_one;");
                Execute(connection, transaction, $"""
                    DELETE FROM response_sums WHERE quarter = {q};
                    {InsertOne(quarter)}
                    DELETE FROM response_sums_stale WHERE quarter = {q};
                    RELEASE sums_one;
                    """);
            }
            catch (SqliteException ex) when (IsOverflow(ex))
            {
                Execute(connection, transaction, "ROLLBACK TO sums_one; RELEASE sums_one;");
            }
        }

        NewGeneration(connection, transaction);
    }

    /// <summary>
    /// The sums' generation: a value that changes with every change of the sums and their keys, in the transaction
    /// that makes it, and is never the same for two ledgers; null before this module first changed them.
    /// </summary>
    public static string? Generation(SqliteConnection connection) => ReadInfo(connection, null, GenerationKey);

    /// <summary>Gives the sums a generation when they have none (a ledger whose sums this module has not changed yet).</summary>
    public static void EnsureGeneration(SqliteConnection connection)
    {
        if (Generation(connection) is null)
        {
            using SqliteTransaction transaction = connection.BeginTransaction();
            if (ReadInfo(connection, transaction, GenerationKey) is null)
            {
                NewGeneration(connection, transaction);
                transaction.Commit();
            }
        }
    }

    private static void NewGeneration(SqliteConnection connection, SqliteTransaction transaction)
    {
        using SqliteCommand info = SqliteLedgerStore.Command(connection, "INSERT INTO ledger_info (key, value) VALUES ($k, $v) ON CONFLICT (key) DO UPDATE SET value = excluded.value;", transaction);
        info.Parameters.AddWithValue("$k", GenerationKey);
        info.Parameters.AddWithValue("$v", Guid.NewGuid().ToString("N"));
        info.ExecuteNonQuery();
    }

    internal static bool IsOverflow(SqliteException ex) => ex.Message.Contains("integer overflow", StringComparison.OrdinalIgnoreCase);

    /// <summary>Sums the counted rows of the stale quarters into the table.</summary>
    /// <remarks>
    /// One range of the time index, from the first stale quarter to the last, filtered to the stale ones: a join of
    /// the stale quarters with the rows is planned by SQLite as a scan of every row per quarter. With
    /// <paramref name="wholeTable"/>, the table is read in row order instead.
    /// </remarks>
    private static string InsertStale(bool wholeTable) => Insert(wholeTable ? "responses r NOT INDEXED" : "responses r", $"""
        r.at_utc_ticks >= (SELECT MIN(quarter) FROM response_sums_stale) * {Quarter}
        AND r.at_utc_ticks < (SELECT MAX(quarter) + 1 FROM response_sums_stale) * {Quarter}
        AND r.at_utc_ticks / {Quarter} IN (SELECT quarter FROM response_sums_stale)
        """);

    private static string InsertOne(long quarter) => Insert("responses r", FormattableString.Invariant(
        $"r.at_utc_ticks >= {quarter * LedgerResponseRow.QuarterHourTicks} AND r.at_utc_ticks < {(quarter + 1) * LedgerResponseRow.QuarterHourTicks}"));

    /// <summary>
    /// The counted rows of <paramref name="from"/> (<c>responses</c> as <c>r</c>) that <paramref name="where"/> selects,
    /// summed per quarter hour, key and tier into <c>response_sums</c>.
    /// </summary>
    private static string Insert(string from, string where) => $"""
        INSERT INTO response_sums (quarter, key_id, prompt_tier, {LedgerResponseRow.GroupSumNames})
        SELECT r.at_utc_ticks / {Quarter} AS quarter, r.key_id, {LedgerResponseRow.Tier(Thresholds)} AS tier,
               {LedgerResponseRow.GroupSums}
        FROM {from}
        WHERE r.counted = 1 AND {where}
        GROUP BY quarter, r.key_id, tier;
        """;

    /// <summary>
    /// The sums of the whole quarters in the range, each an entry carrying its sums; null when a recorded cost in
    /// them was too large to sum exactly. Tiers are counted against <paramref name="thresholds"/>.
    /// </summary>
    public static List<UsageEntry>? Read(SqliteConnection connection, long fromQuarter, long untilQuarter, IReadOnlySet<UsageSource>? sources, IReadOnlyList<long> thresholds, LedgerKeys.Map keys)
    {
        using SqliteCommand command = SqliteLedgerStore.Command(connection, Select(thresholds));
        command.Parameters.AddWithValue("$from_quarter", fromQuarter);
        command.Parameters.AddWithValue("$until_quarter", untilQuarter);
        using SqliteDataReader r = command.ExecuteReader();
        return ReadSums(r, keys, sources);
    }

    /// <summary>
    /// Sums read as (quarter or bucket, key id, tier, <see cref="LedgerResponseRow.GroupSums"/>), each an entry with its
    /// key's strings, those of other sources left out; null when a recorded cost could not be summed.
    /// </summary>
    internal static List<UsageEntry>? ReadSums(SqliteDataReader r, LedgerKeys.Map keys, IReadOnlySet<UsageSource>? sources)
    {
        var entries = new List<UsageEntry>();
        while (r.Read())
        {
            SumKey key = keys[r.GetInt64(1)];
            if (sources is not null && !sources.Contains(key.Source))
            {
                continue;
            }

            if (!LedgerResponseRow.AddGroup(entries, key, r, tierColumn: 2, sumsColumn: 3))
            {
                return null;
            }
        }

        return entries;
    }

    /// <summary>
    /// The sums of the whole quarters in the range added up per bucket (<see cref="SumBuckets"/>) and key as they are
    /// read (<see cref="BucketSums"/>), so a report takes one sum per key and day (or hour) instead of one per key and
    /// quarter. Null when a bucket's sums overflow 64 bits (the caller reads the quarters) or a recorded cost cannot
    /// be summed.
    /// </summary>
    public static List<UsageEntry>? ReadBuckets(SqliteConnection connection, long fromQuarter, long untilQuarter, IReadOnlySet<UsageSource>? sources, IReadOnlyList<long> thresholds, SumBuckets buckets, LedgerKeys.Map keys) =>
        BucketSums.Read(connection, fromQuarter, untilQuarter, buckets, keys, TierMap(thresholds), sources);

    /// <summary>
    /// The sums of the whole quarters from <c>$from_quarter</c> up to (not including) <c>$until_quarter</c>, each
    /// sum's tier counted against <paramref name="thresholds"/> (a subset of <see cref="Thresholds"/>).
    /// </summary>
    private static string Select(IReadOnlyList<long> thresholds)
    {
        return $"""
            SELECT quarter, key_id, {TierOf("prompt_tier", thresholds)}, {LedgerResponseRow.GroupSumNames}
            FROM response_sums
            WHERE quarter >= $from_quarter AND quarter < $until_quarter;
            """;
    }

    /// <summary>
    /// A sum's tier counted against the report's <paramref name="thresholds"/>: a sum over k of the ledger's thresholds
    /// has prompts above its k-th and at most its (k+1)-th, so it exceeds exactly the report's thresholds that are at
    /// most the k-th.
    /// </summary>
    private static string TierOf(string column, IReadOnlyList<long> thresholds) =>
        $"CASE {column}" + string.Concat(Thresholds.Select((t, i) => FormattableString.Invariant($" WHEN {i + 1} THEN {thresholds.Count(x => x <= t)}"))) + " ELSE 0 END";

    /// <summary><see cref="TierOf"/> as a table: the report's tier of a sum over k of the ledger's thresholds is at k - 1.</summary>
    private static int[] TierMap(IReadOnlyList<long> thresholds) => [.. Thresholds.Select(t => thresholds.Count(x => x <= t))];

    /// <summary>True when some quarter from <paramref name="fromQuarter"/> to before <paramref name="untilQuarter"/> is stale.</summary>
    public static bool AnyStaleIn(SqliteConnection connection, long fromQuarter, long untilQuarter)
    {
        using SqliteCommand command = SqliteLedgerStore.Command(connection, "SELECT EXISTS (SELECT 1 FROM response_sums_stale WHERE quarter >= $f AND quarter < $u);");
        command.Parameters.AddWithValue("$f", fromQuarter);
        command.Parameters.AddWithValue("$u", untilQuarter);
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture) != 0;
    }

    /// <summary>True when every threshold a report cuts by is one the sums were cut by.</summary>
    public static bool CanCut(IReadOnlyList<long> thresholds) => thresholds.All(t => Thresholds.Contains(t));

    private static string? ReadThresholds(SqliteConnection connection, SqliteTransaction? transaction) => ReadInfo(connection, transaction, ThresholdsKey);

    private static string? ReadInfo(SqliteConnection connection, SqliteTransaction? transaction, string key)
    {
        using SqliteCommand command = SqliteLedgerStore.Command(connection, "SELECT value FROM ledger_info WHERE key = $k;", transaction);
        command.Parameters.AddWithValue("$k", key);
        return command.ExecuteScalar() as string;
    }

    private static string Format(IReadOnlyList<long> thresholds) => string.Join(",", thresholds.Select(t => t.ToString(CultureInfo.InvariantCulture)));

    private static void Execute(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        using SqliteCommand command = SqliteLedgerStore.Command(connection, sql, transaction);
        command.ExecuteNonQuery();
    }
}

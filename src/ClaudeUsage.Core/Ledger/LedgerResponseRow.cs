using System.Globalization;
using Microsoft.Data.Sqlite;

namespace ClaudeUsage.Core.Ledger;

/// <summary>The keys a sum of responses shares: every one a summary groups or prices by, besides time and tier.</summary>
internal sealed record SumKey(UsageSource Source, string SessionId, string? AgentId, string? ProjectPath, string? ProjectSlug, string? Model, string? Provider, bool IsFast, string? InferenceGeo);

/// <summary>Maps a usage entry to a <c>responses</c> row and back.</summary>
internal static class LedgerResponseRow
{
    /// <summary>
    /// A recorded cost in whole pico-dollars, for exact sums in SQL (the text column keeps the value as logged);
    /// null for no cost, or one too large to sum safely (such rows are never aggregated in the database).
    /// </summary>
    internal static long? Pico(decimal? cost) =>
        cost is { } c && Math.Abs(c) <= MaxAggregatedCost ? (long)decimal.Round(c * 1_000_000_000_000m) : null;

    /// <summary>The largest recorded cost summed in the database, in USD: a million rows of it still fit a 64-bit sum.</summary>
    internal const decimal MaxAggregatedCost = 9_000m;

    /// <summary>The condition that keeps rows of <paramref name="sources"/> (none for all), for a table aliased <paramref name="alias"/>.</summary>
    private static string BySource(IReadOnlySet<UsageSource>? sources, string alias = "r") => sources is null ? string.Empty
        : $" AND {alias}.key_id IN (SELECT key_id FROM response_keys WHERE source IN ({string.Join(", ", sources.Select(s => ((int)s).ToString(CultureInfo.InvariantCulture)))}))";

    /// <summary>The counted rows in a time range, with their file's path and whether it is still there.</summary>
    public static string SelectCounted(IReadOnlySet<UsageSource>? sources, bool ofActiveFiles = false)
    {
        return $"""
            SELECT r.response_key_hi, r.response_key_lo, r.request_key_hi, r.request_key_lo, r.message_id, r.request_id, r.step, r.step_number,
                   r.at_utc_ticks, r.key_id, r.input_tokens, r.output_tokens, r.cache_write_5m_tokens, r.cache_write_1h_tokens,
                   r.cache_read_tokens, r.web_search_requests, r.web_fetch_requests, r.code_execution_requests, r.service_tier,
                   r.is_sidechain, r.copy_rank, r.recorded_cost, f.path, r.line_number, f.present, r.skill, r.plugin,
                   r.subagent, r.mcp_servers
            FROM responses r JOIN log_files f ON f.file_id = r.file_id
            WHERE r.counted = 1 AND r.at_utc_ticks < $until{BySource(sources)}
              AND {(ofActiveFiles
                  ? "r.file_id IN (SELECT a.file_id FROM responses a WHERE a.counted = 1 AND a.at_utc_ticks >= $from AND a.at_utc_ticks < $until)"
                  : "r.at_utc_ticks >= $from")};
            """;
    }

    /// <summary>
    /// Each session's log files of the counted rows in a time range, once each, and whether they are still there.
    /// The rows' (key, file) pairs are made distinct first, from the time index alone (it carries both), so the files
    /// and keys are looked up once a pair rather than once a row: a year of a million rows has a few thousand pairs.
    /// </summary>
    public static string SelectSessionFiles(IReadOnlySet<UsageSource>? sources)
    {
        return $"""
            SELECT DISTINCT k.source, k.session_id, f.path, f.present
            FROM (SELECT DISTINCT r.key_id, r.file_id FROM responses r
                  WHERE r.counted = 1 AND r.at_utc_ticks >= $from AND r.at_utc_ticks < $until{BySource(sources)}) u
            JOIN log_files f ON f.file_id = u.file_id JOIN response_keys k ON k.key_id = u.key_id;
            """;
    }

    /// <summary>The time of the first counted row of the sources, by the time index.</summary>
    public static string SelectFirstCounted(IReadOnlySet<UsageSource>? sources)
    {
        return $"SELECT MIN(r.at_utc_ticks) FROM responses r WHERE r.counted = 1{BySource(sources)};";
    }

    /// <summary>
    /// The time of the last counted row at or before <c>$at</c> and after <c>$since</c> that comes more than
    /// <c>$gap</c> ticks after the row before it: walked back through the time index, each candidate looked behind
    /// with one probe of it, so a recent gap is found at once.
    /// </summary>
    public static string SelectLastAfterGap(IReadOnlySet<UsageSource>? sources)
    {
        return $"""
            SELECT r.at_utc_ticks FROM responses r
            WHERE r.counted = 1 AND r.at_utc_ticks <= $at AND r.at_utc_ticks > $since{BySource(sources, "r")}
              AND NOT EXISTS (SELECT 1 FROM responses p
                              WHERE p.counted = 1 AND p.at_utc_ticks < r.at_utc_ticks AND p.at_utc_ticks >= r.at_utc_ticks - $gap{BySource(sources, "p")})
            ORDER BY r.at_utc_ticks DESC LIMIT 1;
            """;
    }

    /// <summary>Ticks in a quarter hour: the finest step of any time zone's offset, so of any local hour or day boundary.</summary>
    public const long QuarterHourTicks = 15 * TimeSpan.TicksPerMinute;

    /// <summary>The counted rows in a time range, summed per quarter hour and per every key a summary groups or prices by.</summary>
    public static string SelectCountedGroups(IReadOnlySet<UsageSource>? sources, IReadOnlyList<long> thresholds)
    {
        string quarter = QuarterHourTicks.ToString(CultureInfo.InvariantCulture);
        return $"""
            SELECT r.at_utc_ticks / {quarter} AS quarter, r.key_id, {Tier(thresholds)} AS tier,
                   {GroupSums}
            FROM responses r
            WHERE r.counted = 1 AND r.at_utc_ticks >= $from AND r.at_utc_ticks < $until{BySource(sources)}
            GROUP BY quarter, r.key_id, tier;
            """;
    }

    /// <summary>
    /// The sums of a group of rows, in the order <see cref="AddGroup(List{UsageEntry}, SumKey, SqliteDataReader, int, int)"/> reads them. Counts of conditions are
    /// <c>CASE</c> sums, not sums of booleans, which PostgreSQL does not add.
    /// </summary>
    internal const string GroupSums = """
        COUNT(*) AS responses, SUM(CASE WHEN r.step = 0 THEN 1 ELSE 0 END) AS requests,
        MIN(r.at_utc_ticks) AS first_utc_ticks, MAX(r.at_utc_ticks) AS last_utc_ticks,
        SUM(r.input_tokens) AS input_tokens, SUM(r.output_tokens) AS output_tokens,
        SUM(r.cache_write_5m_tokens) AS cache_write_5m_tokens, SUM(r.cache_write_1h_tokens) AS cache_write_1h_tokens,
        SUM(r.cache_read_tokens) AS cache_read_tokens, SUM(r.web_search_requests) AS web_search_requests,
        SUM(r.web_fetch_requests) AS web_fetch_requests, SUM(r.code_execution_requests) AS code_execution_requests,
        COUNT(r.recorded_cost) AS recorded_costs, SUM(r.recorded_cost_pico) AS recorded_cost_pico,
        SUM(CASE WHEN r.recorded_cost_pico = 0 AND r.total_tokens > 0 THEN 1 ELSE 0 END) AS recorded_zero_costs,
        SUM(CASE WHEN r.recorded_cost IS NOT NULL AND r.recorded_cost_pico IS NULL THEN 1 ELSE 0 END) AS unsummed_costs
        """;

    /// <summary>The names <see cref="GroupSums"/> gives its sums, which are also the sums' columns in <c>response_sums</c>.</summary>
    internal const string GroupSumNames = """
        responses, requests, first_utc_ticks, last_utc_ticks, input_tokens, output_tokens, cache_write_5m_tokens,
        cache_write_1h_tokens, cache_read_tokens, web_search_requests, web_fetch_requests, code_execution_requests,
        recorded_costs, recorded_cost_pico, recorded_zero_costs, unsummed_costs
        """;

    /// <summary>How many of <paramref name="thresholds"/> a row's prompt (input, cache writes and reads) exceeds.</summary>
    internal static string Tier(IReadOnlyList<long> thresholds)
    {
        const string Prompt = "(r.input_tokens + r.cache_write_5m_tokens + r.cache_write_1h_tokens + r.cache_read_tokens)";
        return thresholds.Count == 0 ? "0"
            : string.Join(" + ", thresholds.Select(t => FormattableString.Invariant($"CASE WHEN {Prompt} > {t} THEN 1 ELSE 0 END")));
    }

    /// <summary>
    /// Adds the group whose <see cref="GroupSums"/> start at <paramref name="sumsColumn"/>; false when its recorded
    /// costs could not be summed exactly.
    /// </summary>
    internal static bool AddGroup(List<UsageEntry> entries, SumKey key, SqliteDataReader r, int tierColumn, int sumsColumn)
    {
        int s = sumsColumn;
        var sums = new GroupSumValues
        {
            Rows = r.GetInt64(s), Requests = r.GetInt64(s + 1), First = r.GetInt64(s + 2), Last = r.GetInt64(s + 3),
            Input = r.GetInt64(s + 4), Output = r.GetInt64(s + 5), CacheWrite5m = r.GetInt64(s + 6), CacheWrite1h = r.GetInt64(s + 7),
            CacheRead = r.GetInt64(s + 8), WebSearch = r.GetInt64(s + 9), WebFetch = r.GetInt64(s + 10), CodeExecution = r.GetInt64(s + 11),
            RecordedCosts = r.GetInt64(s + 12), RecordedPico = r.IsDBNull(s + 13) ? 0 : r.GetInt64(s + 13),
            RecordedZeroCosts = r.IsDBNull(s + 14) ? 0 : r.GetInt64(s + 14), UnsummedCosts = r.GetInt64(s + 15),
        };
        return AddGroup(entries, key, r.GetInt32(tierColumn), sums);
    }

    /// <summary>Adds the group of <paramref name="sums"/>; false when its recorded costs could not be summed exactly.</summary>
    internal static bool AddGroup(List<UsageEntry> entries, SumKey key, int tier, in GroupSumValues sums)
    {
        if (sums.UnsummedCosts > 0)
        {
            return false;
        }

        int recordedRows = checked((int)sums.RecordedCosts);
        entries.Add(new UsageEntry
        {
            Source = key.Source,
            SessionId = key.SessionId,
            AgentId = key.AgentId,
            ProjectPath = key.ProjectPath,
            ProjectSlug = key.ProjectSlug,
            Model = key.Model,
            Provider = key.Provider,
            IsFast = key.IsFast,
            InferenceGeo = key.InferenceGeo,
            Timestamp = new DateTimeOffset(sums.First, TimeSpan.Zero),
            Tokens = new TokenCounts(sums.Input, sums.Output, sums.CacheWrite5m, sums.CacheWrite1h, sums.CacheRead, sums.WebSearch, sums.WebFetch, sums.CodeExecution),
            FilePath = string.Empty,
            Group = new ResponseGroup
            {
                Tier = tier,
                Rows = checked((int)sums.Rows),
                Requests = checked((int)sums.Requests),
                Last = new DateTimeOffset(sums.Last, TimeSpan.Zero),
                RecordedRows = recordedRows,
                RecordedCost = recordedRows == 0 ? null : Normalize(sums.RecordedPico / 1_000_000_000_000m),
                RecordedZeroRows = checked((int)sums.RecordedZeroCosts),
            },
        });
        return true;
    }

    /// <summary>The value without trailing zeros (pico-dollar sums come back with twelve decimals).</summary>
    private static decimal Normalize(decimal value) => value / 1.000000000000000000000000000000000m;

    public static long Hi(UInt128 key) => unchecked((long)(ulong)(key >> 64));

    public static long Lo(UInt128 key) => unchecked((long)(ulong)key);

    public static UInt128 Key(long hi, long lo) => new(unchecked((ulong)hi), unchecked((ulong)lo));
}

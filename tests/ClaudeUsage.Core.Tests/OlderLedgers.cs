using ClaudeUsage.Core.Ledger;
using Microsoft.Data.Sqlite;

namespace ClaudeUsage.Tests;

/// <summary>
/// Ledgers as earlier module versions left them: the tables of an earlier schema, made by its own migrations, holding
/// what a ledger of the current schema holds, so a migration can be checked against the current module's own writing.
/// </summary>
internal static class OlderLedgers
{
    /// <summary>A row's columns in schema 1, its keys written out from <c>response_keys</c> (alias <c>k</c>).</summary>
    private const string Schema1Columns = """
        response_key_hi, response_key_lo, request_key_hi, request_key_lo, message_id, request_id, step, step_number,
        at_utc_ticks, source, session_id, agent_id, project_path, project_slug, model, provider, input_tokens,
        output_tokens, cache_write_5m_tokens, cache_write_1h_tokens, cache_read_tokens, total_tokens, web_search_requests,
        web_fetch_requests, code_execution_requests, speed, service_tier, inference_geo, is_sidechain, copy_rank,
        recorded_cost, recorded_cost_pico, machine_id, file_id, line_number, first_file_id, first_line_number,
        first_seen_utc_ticks, counted
        """;

    private const string Schema1Values = """
        r.response_key_hi, r.response_key_lo, r.request_key_hi, r.request_key_lo, r.message_id, r.request_id, r.step, r.step_number,
        r.at_utc_ticks, k.source, k.session_id, CASE WHEN k.nulls & 1 = 0 THEN k.agent_id END,
        CASE WHEN k.nulls & 2 = 0 THEN k.project_path END, CASE WHEN k.nulls & 4 = 0 THEN k.project_slug END,
        CASE WHEN k.nulls & 8 = 0 THEN k.model END, CASE WHEN k.nulls & 16 = 0 THEN k.provider END, r.input_tokens,
        r.output_tokens, r.cache_write_5m_tokens, r.cache_write_1h_tokens, r.cache_read_tokens, r.total_tokens, r.web_search_requests,
        r.web_fetch_requests, r.code_execution_requests, k.speed, r.service_tier, CASE WHEN k.nulls & 32 = 0 THEN k.inference_geo END,
        r.is_sidechain, r.copy_rank, r.recorded_cost, r.recorded_cost_pico, r.machine_id, r.file_id, r.line_number, r.first_file_id,
        r.first_line_number, r.first_seen_utc_ticks, r.counted
        """;

    /// <summary>
    /// Writes <paramref name="to"/> as a ledger of schema <paramref name="version"/> (1, 2 or 3) with the rows of the
    /// current ledger <paramref name="from"/>. A ledger of schema 2 or later gets its keys and sums too, unless
    /// <paramref name="sumsRefreshed"/> is false: then none, and every quarter stale (sums never refreshed). Schema 3
    /// has the current columns (schema 4 changed an index only).
    /// </summary>
    public static void Write(string from, string to, int version, bool sumsRefreshed = true)
    {
        using var connection = new SqliteConnection($"Data Source={to};Pooling=False");
        connection.Open();
        string own = version >= 2 ? ", skill, plugin, subagent, mcp_servers" : "";
        string ownValues = version >= 2 ? ", r.skill, r.plugin, r.subagent, r.mcp_servers" : "";
        // From schema 3 the rows refer to their keys, which come first; before it, the keys come with the sums.
        string keys = "INSERT INTO response_keys SELECT * FROM cur.response_keys;";
        string rows = version >= 3
            ? keys + " INSERT INTO responses SELECT * FROM cur.responses;"
            : $"INSERT INTO responses ({Schema1Columns}{own}) SELECT {Schema1Values}{ownValues} FROM cur.responses r JOIN cur.response_keys k ON k.key_id = r.key_id;";
        string sums = version < 2 ? "" : sumsRefreshed
            ? (version == 2 ? keys : "") + """
              INSERT INTO response_sums SELECT * FROM cur.response_sums;
              DELETE FROM response_sums_stale;
              INSERT INTO response_sums_stale SELECT * FROM cur.response_sums_stale;
              INSERT INTO ledger_info SELECT * FROM cur.ledger_info WHERE key IN ('sums_thresholds', 'sums_generation');
              """
            : $"DELETE FROM response_sums_stale; INSERT INTO response_sums_stale SELECT DISTINCT at_utc_ticks / {LedgerResponseRow.QuarterHourTicks} FROM responses WHERE true;";
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = $"""
            {string.Concat(LedgerSchema.Migrations.Take(version))}
            PRAGMA user_version = {version};
            ATTACH DATABASE '{from.Replace("'", "''")}' AS cur;
            INSERT INTO machines SELECT * FROM cur.machines;
            INSERT INTO log_files SELECT * FROM cur.log_files;
            {rows}
            {sums}
            INSERT INTO ledger_info (key, value) VALUES ('schema_version', '{version}');
            """;
        command.ExecuteNonQuery();
    }
}

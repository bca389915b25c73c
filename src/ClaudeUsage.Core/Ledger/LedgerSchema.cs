namespace ClaudeUsage.Core.Ledger;

/// <summary>
/// The ledger's tables, as forward migrations: migration <c>n</c> takes a ledger from schema version <c>n</c> to
/// <c>n + 1</c>, and a ledger is never taken back. The SQL keeps to what SQLite and PostgreSQL share (BIGINT keys,
/// TEXT, row-value comparisons, <c>ON CONFLICT … DO UPDATE … WHERE</c>), so a second store can run the same
/// statements. Documented column by column in docs/ledger-schema.md.
/// </summary>
internal static class LedgerSchema
{
    /// <summary>The schema version this module writes and reads; a ledger with a higher one is refused.</summary>
    public static int CurrentVersion => Migrations.Length;

    public static readonly string[] Migrations =
    [
        // 0 → 1: the first schema.
        """
        CREATE TABLE ledger_info (
            key TEXT NOT NULL PRIMARY KEY,
            value TEXT NOT NULL
        );

        CREATE TABLE machines (
            machine_id TEXT NOT NULL PRIMARY KEY,
            host_name TEXT NOT NULL,
            first_seen_utc_ticks BIGINT NOT NULL
        );

        CREATE TABLE log_files (
            file_id INTEGER NOT NULL PRIMARY KEY,
            machine_id TEXT NOT NULL REFERENCES machines (machine_id),
            path TEXT NOT NULL,
            format INTEGER NOT NULL,
            source INTEGER,
            session_id_from_path TEXT,
            project_slug TEXT,
            agent_id TEXT,
            copy_rank INTEGER NOT NULL,
            length BIGINT NOT NULL,
            last_write_utc_ticks BIGINT NOT NULL,
            wal_length BIGINT NOT NULL,
            wal_last_write_utc_ticks BIGINT NOT NULL,
            may_change_unseen INTEGER NOT NULL,
            malformed_lines INTEGER NOT NULL,
            first_malformed_line BIGINT NOT NULL,
            first_malformed_reason TEXT,
            resume_end_offset BIGINT,
            resume_next_line BIGINT,
            state_session_id TEXT,
            state_cwd TEXT,
            state_parent_session TEXT,
            state_model TEXT,
            state_provider TEXT,
            state_looks_like_openclaw INTEGER NOT NULL,
            head_offset BIGINT,
            head_length INTEGER,
            head_hash BIGINT,
            seam_offset BIGINT,
            seam_length INTEGER,
            seam_hash BIGINT,
            present INTEGER NOT NULL,
            first_read_utc_ticks BIGINT NOT NULL,
            last_read_utc_ticks BIGINT NOT NULL,
            UNIQUE (machine_id, path)
        );

        CREATE TABLE responses (
            response_key_hi BIGINT NOT NULL,
            response_key_lo BIGINT NOT NULL,
            request_key_hi BIGINT NOT NULL,
            request_key_lo BIGINT NOT NULL,
            message_id TEXT,
            request_id TEXT,
            step INTEGER NOT NULL,
            step_number INTEGER NOT NULL,
            at_utc_ticks BIGINT NOT NULL,
            source INTEGER NOT NULL,
            session_id TEXT NOT NULL,
            agent_id TEXT,
            project_path TEXT,
            project_slug TEXT,
            model TEXT,
            provider TEXT,
            input_tokens BIGINT NOT NULL,
            output_tokens BIGINT NOT NULL,
            cache_write_5m_tokens BIGINT NOT NULL,
            cache_write_1h_tokens BIGINT NOT NULL,
            cache_read_tokens BIGINT NOT NULL,
            total_tokens BIGINT NOT NULL,
            web_search_requests BIGINT NOT NULL,
            web_fetch_requests BIGINT NOT NULL,
            code_execution_requests BIGINT NOT NULL,
            speed TEXT NOT NULL,
            service_tier TEXT,
            inference_geo TEXT,
            is_sidechain INTEGER NOT NULL,
            copy_rank INTEGER NOT NULL,
            recorded_cost TEXT,
            recorded_cost_pico BIGINT,
            machine_id TEXT NOT NULL REFERENCES machines (machine_id),
            file_id BIGINT NOT NULL REFERENCES log_files (file_id),
            line_number BIGINT NOT NULL,
            first_file_id BIGINT NOT NULL REFERENCES log_files (file_id),
            first_line_number BIGINT NOT NULL,
            first_seen_utc_ticks BIGINT NOT NULL,
            counted INTEGER NOT NULL,
            PRIMARY KEY (response_key_hi, response_key_lo, request_key_hi, request_key_lo)
        );

        CREATE INDEX responses_counted_by_time ON responses (at_utc_ticks) WHERE counted = 1;
        CREATE INDEX responses_by_file ON responses (file_id);
        """,

        // 1 → 2: the skill, plugin, subagent and MCP servers a response was caused by; counted responses summed per
        // quarter hour, kept current by triggers (QuarterSums).
        """
        ALTER TABLE responses ADD COLUMN skill TEXT;
        ALTER TABLE responses ADD COLUMN plugin TEXT;
        ALTER TABLE responses ADD COLUMN subagent TEXT;
        ALTER TABLE responses ADD COLUMN mcp_servers TEXT;
        """ + QuarterSums.Migration,

        // 2 → 3: a response refers to its keys (response_keys) by key_id instead of carrying their nine texts, which
        // were most of a row; the sums are those of the same keys, so they stay as they are.
        $"""
        INSERT INTO response_keys (source, session_id, agent_id, project_path, project_slug, model, provider, speed, inference_geo, nulls)
        SELECT DISTINCT r.source, r.session_id, {KeyTexts}, {KeyNulls} FROM responses r WHERE true
        ON CONFLICT DO NOTHING;

        CREATE TABLE responses_3 (
            response_key_hi BIGINT NOT NULL,
            response_key_lo BIGINT NOT NULL,
            request_key_hi BIGINT NOT NULL,
            request_key_lo BIGINT NOT NULL,
            message_id TEXT,
            request_id TEXT,
            step INTEGER NOT NULL,
            step_number INTEGER NOT NULL,
            at_utc_ticks BIGINT NOT NULL,
            key_id BIGINT NOT NULL REFERENCES response_keys (key_id),
            input_tokens BIGINT NOT NULL,
            output_tokens BIGINT NOT NULL,
            cache_write_5m_tokens BIGINT NOT NULL,
            cache_write_1h_tokens BIGINT NOT NULL,
            cache_read_tokens BIGINT NOT NULL,
            total_tokens BIGINT NOT NULL,
            web_search_requests BIGINT NOT NULL,
            web_fetch_requests BIGINT NOT NULL,
            code_execution_requests BIGINT NOT NULL,
            service_tier TEXT,
            is_sidechain INTEGER NOT NULL,
            copy_rank INTEGER NOT NULL,
            recorded_cost TEXT,
            recorded_cost_pico BIGINT,
            machine_id TEXT NOT NULL REFERENCES machines (machine_id),
            file_id BIGINT NOT NULL REFERENCES log_files (file_id),
            line_number BIGINT NOT NULL,
            first_file_id BIGINT NOT NULL REFERENCES log_files (file_id),
            first_line_number BIGINT NOT NULL,
            first_seen_utc_ticks BIGINT NOT NULL,
            counted INTEGER NOT NULL,
            skill TEXT,
            plugin TEXT,
            subagent TEXT,
            mcp_servers TEXT,
            PRIMARY KEY (response_key_hi, response_key_lo, request_key_hi, request_key_lo)
        );

        INSERT INTO responses_3
        SELECT r.response_key_hi, r.response_key_lo, r.request_key_hi, r.request_key_lo, r.message_id, r.request_id, r.step,
               r.step_number, r.at_utc_ticks, k.key_id, r.input_tokens, r.output_tokens, r.cache_write_5m_tokens,
               r.cache_write_1h_tokens, r.cache_read_tokens, r.total_tokens, r.web_search_requests, r.web_fetch_requests,
               r.code_execution_requests, r.service_tier, r.is_sidechain, r.copy_rank, r.recorded_cost, r.recorded_cost_pico,
               r.machine_id, r.file_id, r.line_number, r.first_file_id, r.first_line_number, r.first_seen_utc_ticks, r.counted,
               r.skill, r.plugin, r.subagent, r.mcp_servers
        FROM responses r
        JOIN response_keys k ON (k.source, k.session_id, k.agent_id, k.project_path, k.project_slug, k.model, k.provider, k.speed, k.inference_geo, k.nulls)
            = (r.source, r.session_id, {KeyTexts}, {KeyNulls});

        DROP TABLE responses;
        ALTER TABLE responses_3 RENAME TO responses;
        CREATE INDEX responses_counted_by_time ON responses (at_utc_ticks) WHERE counted = 1;
        CREATE INDEX responses_by_file ON responses (file_id);
        {QuarterSums.StaleTriggers}
        """,

        // 3 → 4: the time index carries each row's key and file, so the files of a range's sessions are read from the
        // index alone (a year of a million rows: from the index's pages, not the table's).
        """
        DROP INDEX responses_counted_by_time;
        CREATE INDEX responses_counted_by_time ON responses (at_utc_ticks, key_id, file_id) WHERE counted = 1;
        """,
    ];

    /// <summary>
    /// A schema-2 row's keys after its source and session, as <c>response_keys</c> holds them: a null as an empty
    /// string, with a bit in <see cref="KeyNulls"/> saying it was null (a unique key treats nulls as all different).
    /// </summary>
    private const string KeyTexts = """
        COALESCE(r.agent_id, ''), COALESCE(r.project_path, ''), COALESCE(r.project_slug, ''), COALESCE(r.model, ''),
            COALESCE(r.provider, ''), r.speed, COALESCE(r.inference_geo, '')
        """;

    private const string KeyNulls = """
        CASE WHEN r.agent_id IS NULL THEN 1 ELSE 0 END + CASE WHEN r.project_path IS NULL THEN 2 ELSE 0 END
            + CASE WHEN r.project_slug IS NULL THEN 4 ELSE 0 END + CASE WHEN r.model IS NULL THEN 8 ELSE 0 END
            + CASE WHEN r.provider IS NULL THEN 16 ELSE 0 END + CASE WHEN r.inference_geo IS NULL THEN 32 ELSE 0 END
        """;

    /// <summary>
    /// The copies of responses one transaction writes, staged here before <see cref="UpsertStaged"/> takes them into
    /// <c>responses</c> in one statement: a temporary table (this connection's only), with no key or index, so adding a
    /// copy is an append. <c>seq</c> is the order the copies were read in. Its columns are made from those of
    /// <c>responses</c>, so the two cannot drift apart.
    /// </summary>
    public const string CreateStaged = $"""
        CREATE TEMP TABLE IF NOT EXISTS staged AS SELECT 0 AS seq, {CopyColumns} FROM responses WHERE 0;
        """;

    /// <summary>The columns of a copy, in <c>staged</c> and in <c>responses</c> alike.</summary>
    private const string CopyColumns = """
        response_key_hi, response_key_lo, request_key_hi, request_key_lo, message_id, request_id, step, step_number,
            at_utc_ticks, key_id, input_tokens, output_tokens, cache_write_5m_tokens, cache_write_1h_tokens, cache_read_tokens,
            total_tokens, web_search_requests, web_fetch_requests, code_execution_requests, service_tier, is_sidechain,
            copy_rank, recorded_cost, recorded_cost_pico, machine_id, file_id, line_number, skill, plugin, subagent, mcp_servers
        """;

    /// <summary>Stages one copy (<see cref="StagedCopies"/> binds its parameters).</summary>
    public const string Stage = $"""
        INSERT INTO staged (seq, {CopyColumns})
        VALUES (
            $seq, $rk_hi, $rk_lo, $qk_hi, $qk_lo, $message_id, $request_id, $step, $step_number,
            $at, $key_id, $input, $output, $write_5m, $write_1h, $read,
            $total, $web_search, $web_fetch, $code_execution, $service_tier, $is_sidechain,
            $copy_rank, $recorded_cost, $recorded_cost_pico, $machine_id, $file_id, $line_number, $skill, $plugin, $subagent, $mcp_servers);
        """;

    /// <summary>
    /// The idempotent upsert of the staged copies, in one statement: a new identity is inserted; a known one is
    /// replaced only by a better copy (more tokens, then more web searches, fast mode, a live file over a fork or
    /// archive, not a sidechain, earlier, then the smaller path and line), the same order the in-memory count keeps.
    /// The copies are taken in key order (an append-like walk of the primary key) and, for one identity, in the order
    /// they were read, so several copies of one identity in one transaction end as they would one statement each: the
    /// best is kept, and of equal ones the first. Its count of changed rows is the rows inserted plus those replaced;
    /// rows are only ever inserted with the next row id, so the largest row id says how many were inserted.
    /// A better copy without MCP servers keeps those recorded: the servers of a response are those of all its copies,
    /// which <see cref="SqliteLedgerStore"/> records with <see cref="SetMcpServers"/> after this statement.
    /// </summary>
    /// <remarks>
    /// PostgreSQL refuses an upsert that meets one row twice in a statement: a store there stages one copy per
    /// identity (the first of the best), which ends the same.
    /// </remarks>
    public const string UpsertStaged = $"""
        INSERT INTO responses ({CopyColumns}, first_file_id, first_line_number, first_seen_utc_ticks, counted)
        SELECT {CopyColumns}, file_id, line_number, $now, 1
        FROM staged
        WHERE true
        ORDER BY response_key_hi, response_key_lo, request_key_hi, request_key_lo, seq
        ON CONFLICT (response_key_hi, response_key_lo, request_key_hi, request_key_lo) DO UPDATE SET
            message_id = COALESCE(excluded.message_id, responses.message_id),
            request_id = COALESCE(excluded.request_id, responses.request_id),
            at_utc_ticks = excluded.at_utc_ticks, key_id = excluded.key_id,
            input_tokens = excluded.input_tokens, output_tokens = excluded.output_tokens,
            cache_write_5m_tokens = excluded.cache_write_5m_tokens, cache_write_1h_tokens = excluded.cache_write_1h_tokens,
            cache_read_tokens = excluded.cache_read_tokens, total_tokens = excluded.total_tokens,
            web_search_requests = excluded.web_search_requests, web_fetch_requests = excluded.web_fetch_requests,
            code_execution_requests = excluded.code_execution_requests, service_tier = excluded.service_tier,
            is_sidechain = excluded.is_sidechain, copy_rank = excluded.copy_rank, recorded_cost = excluded.recorded_cost,
            recorded_cost_pico = excluded.recorded_cost_pico, skill = excluded.skill, plugin = excluded.plugin,
            subagent = excluded.subagent, mcp_servers = COALESCE(excluded.mcp_servers, responses.mcp_servers),
            machine_id = excluded.machine_id, file_id = excluded.file_id, line_number = excluded.line_number
        WHERE (excluded.total_tokens, excluded.web_search_requests, {ExcludedFast}, -excluded.copy_rank, -excluded.is_sidechain, -excluded.at_utc_ticks)
                > (responses.total_tokens, responses.web_search_requests, {KeptFast}, -responses.copy_rank, -responses.is_sidechain, -responses.at_utc_ticks)
           OR ((excluded.total_tokens, excluded.web_search_requests, {ExcludedFast}, excluded.copy_rank, excluded.is_sidechain, excluded.at_utc_ticks)
                = (responses.total_tokens, responses.web_search_requests, {KeptFast}, responses.copy_rank, responses.is_sidechain, responses.at_utc_ticks)
               AND ((SELECT path FROM log_files WHERE file_id = excluded.file_id), excluded.line_number)
                 < ((SELECT path FROM log_files WHERE file_id = responses.file_id), responses.line_number));
        """;

    /// <summary>The largest row id of <c>responses</c> (0 when empty): a new row takes the next one.</summary>
    public const string LastResponseRowId = "SELECT COALESCE(MAX(rowid), 0) FROM responses;";

    /// <summary>Whether the copy offered, and the one kept, were in fast mode: their keys say.</summary>
    private const string ExcludedFast = "((SELECT speed FROM response_keys WHERE key_id = excluded.key_id) = 'fast')";

    private const string KeptFast = "((SELECT speed FROM response_keys WHERE key_id = responses.key_id) = 'fast')";

    /// <summary>
    /// Gives the pi-format responses of file <c>$f</c> (<c>$pi</c>) the same keys with OpenClaw (<c>$oc</c>) as their
    /// source: each such key's OpenClaw twin is added first where there is none.
    /// </summary>
    public const string MarkOpenClaw = """
        INSERT INTO response_keys (source, session_id, agent_id, project_path, project_slug, model, provider, speed, inference_geo, nulls)
        SELECT DISTINCT $oc, k.session_id, k.agent_id, k.project_path, k.project_slug, k.model, k.provider, k.speed, k.inference_geo, k.nulls
        FROM responses r JOIN response_keys k ON k.key_id = r.key_id
        WHERE r.file_id = $f AND k.source = $pi
        ON CONFLICT DO NOTHING;

        UPDATE responses SET key_id = (
            SELECT o.key_id FROM response_keys k JOIN response_keys o
                ON (o.source, o.session_id, o.agent_id, o.project_path, o.project_slug, o.model, o.provider, o.speed, o.inference_geo, o.nulls)
                 = ($oc, k.session_id, k.agent_id, k.project_path, k.project_slug, k.model, k.provider, k.speed, k.inference_geo, k.nulls)
            WHERE k.key_id = responses.key_id)
        WHERE file_id = $f AND key_id IN (SELECT key_id FROM response_keys WHERE source = $pi);
        """;

    /// <summary>The MCP servers recorded for one response identity.</summary>
    public const string SelectMcpServers = """
        SELECT mcp_servers FROM responses
        WHERE response_key_hi = $rk_hi AND response_key_lo = $rk_lo AND request_key_hi = $qk_hi AND request_key_lo = $qk_lo
        """;

    /// <summary>Records the MCP servers of all the copies of a response on its row, whichever copy the row keeps.</summary>
    public const string SetMcpServers = """
        UPDATE responses SET mcp_servers = $mcp_servers
        WHERE response_key_hi = $rk_hi AND response_key_lo = $rk_lo AND request_key_hi = $qk_hi AND request_key_lo = $qk_lo
          AND mcp_servers IS NOT $mcp_servers
        """;
}

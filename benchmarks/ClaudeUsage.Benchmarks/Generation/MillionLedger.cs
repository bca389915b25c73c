using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ClaudeUsage.Benchmarks.Generation;

/// <summary>What a generated ledger holds: its rows' span and the sums of its counted rows.</summary>
internal sealed record LedgerManifest
{
    public required long Responses { get; init; }

    public required int Sessions { get; init; }

    public required DateTimeOffset FirstUtc { get; init; }

    public required DateTimeOffset LastUtc { get; init; }

    public required TokenTotals Tokens { get; init; }

    public long Bytes { get; init; }

    public double GenerateSeconds { get; init; }

    public static string PathIn(string folder) => Path.Combine(folder, "ledger-manifest.json");

    public static LedgerManifest? Load(string folder) =>
        File.Exists(PathIn(folder)) ? JsonSerializer.Deserialize<LedgerManifest>(File.ReadAllText(PathIn(folder))) : null;

    public void Save(string folder) => File.WriteAllText(PathIn(folder), JsonSerializer.Serialize(this, new JsonSerializerOptions { WriteIndented = true }));
}

/// <summary>
/// A usage ledger of a heavy user's year without the logs behind it: <paramref name="responses"/> counted responses
/// over the 365 days before now, in sessions of 500 responses across 40 projects and six models, one log file row
/// per session (gone from disk except for the last 30 days' sessions, as Claude Code deletes old transcripts).
/// The module creates the file (schema, machine id) through <c>Update-ClaudeUsageLedger -LedgerPath</c>; the rows
/// are then written by the <c>sqlite3</c> shell in one transaction, in the columns the module writes (see
/// docs/ledger-schema.md), so a ledger of a million rows takes seconds instead of an ingest of 9 GB of logs. The
/// ground truth is the sums of the counted rows as SQLite computes them.
/// </summary>
internal static class MillionLedger
{
    public const int PerSession = 500;

    public static string DefaultFolder(long responses, int seed) =>
        Path.Combine(Path.GetTempPath(), "claudeusage-bench", $"ledger-{responses}-seed{seed}");

    public static string LedgerFile(string folder) => Path.Combine(folder, "ledger", "ledger.db");

    /// <summary>HOME for the runs: its agents' folders exist and are empty.</summary>
    public static string EmptyHome(string folder) => Path.Combine(folder, "home");

    /// <summary>
    /// Fills the ledger the module created at <see cref="LedgerFile"/>. <paramref name="nowUtc"/> fixes the year the rows
    /// fall in: the first row is 364 days before it, the last an hour before it.
    /// </summary>
    public static LedgerManifest Fill(string folder, long responses, DateTimeOffset nowUtc)
    {
        string sqlite = File.Exists("/usr/bin/sqlite3") ? "/usr/bin/sqlite3" : "sqlite3";
        string db = LedgerFile(folder);
        string machine = Query(sqlite, db, "SELECT machine_id FROM machines LIMIT 1;").Trim();
        if (machine.Length == 0)
        {
            throw new InvalidOperationException($"{db} has no machine row: the module did not create it.");
        }

        var watch = Stopwatch.StartNew();
        int sessions = (int)((responses + PerSession - 1) / PerSession);
        DateTimeOffset first = nowUtc.AddDays(-364), last = nowUtc.AddHours(-1);
        long start = first.UtcTicks, span = last.UtcTicks - first.UtcTicks;
        long recent = nowUtc.AddDays(-30).UtcTicks;
        string archived = Path.Combine(folder, "archived-home", ".claude", "projects");
        var sql = new StringBuilder();
        string I(long v) => v.ToString(CultureInfo.InvariantCulture);

        // A session's id and its project, from its number k; its responses i are k * 500 ... k * 500 + 499.
        const string SessionId = "printf('%08x-%04x-4%03x-8%03x-%012x', (k * 2654435761) % 4294967296, k % 65536, k % 4096, (k * 7) % 4096, k * 1000003)";
        const string Project = "printf('%02d', (k * 7) % 40)";
        sql.AppendLine("PRAGMA cache_size = -262144;");
        sql.AppendLine("BEGIN;");
        sql.AppendLine($"""
            WITH RECURSIVE s(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM s WHERE k + 1 < {sessions})
            INSERT INTO log_files (file_id, machine_id, path, format, source, session_id_from_path, project_slug, agent_id, copy_rank, length,
                last_write_utc_ticks, wal_length, wal_last_write_utc_ticks, may_change_unseen, malformed_lines, first_malformed_line,
                first_malformed_reason, resume_end_offset, resume_next_line, state_session_id, state_cwd, state_parent_session, state_model,
                state_provider, state_looks_like_openclaw, head_offset, head_length, head_hash, seam_offset, seam_length, seam_hash, present,
                first_read_utc_ticks, last_read_utc_ticks)
            SELECT k + 1, '{machine}', '{archived}/-home-user-work-project' || {Project} || '/' || {SessionId} || '.jsonl', 0, 0, {SessionId},
                '-home-user-work-project' || {Project}, NULL, 0, 900000, {I(start)} + ((k + 1) * {PerSession} * {I(span / responses)}), -1, 0, 0, 0, 0,
                NULL, 900000, {PerSession * 4 + 1}, NULL, NULL, NULL, NULL, NULL, 0, 0, 4096, random(), 895904, 4096, random(),
                CASE WHEN {I(start)} + ((k + 1) * {PerSession} * {I(span / responses)}) >= {I(recent)} THEN 1 ELSE 0 END,
                {I(start)} + ((k + 1) * {PerSession} * {I(span / responses)}), {I(start)} + ((k + 1) * {PerSession} * {I(span / responses)})
            FROM s;
            """);

        // Six models in two eras, a few percent of pi sessions; token counts spread like the generated corpora's. The
        // rows are made with their keys' texts, each combination of keys is added to response_keys once, and the
        // rows refer to theirs by id.
        sql.AppendLine($"""
            CREATE TEMP TABLE generated AS
            WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < {I(responses)}),
            r AS (SELECT i, i / {PerSession} AS k, {I(start)} + i * {I(span / responses)} + ((i * 7919) % 600) * 10000000 AS at,
                         (i * 31 + (i / {PerSession}) * 17) % 100 AS m, i % 10 < 4 AS five FROM n)
            SELECT i, k, at, five, CASE WHEN k % 25 = 24 THEN 2 ELSE 0 END AS source, {SessionId} AS session_id,
                '/home/user/work/project' || {Project} AS project_path, '-home-user-work-project' || {Project} AS project_slug,
                CASE WHEN at < {I(start + span / 3)}
                     THEN CASE WHEN m < 65 THEN 'claude-sonnet-4-20250514' WHEN m < 85 THEN 'claude-opus-4-1-20250805' ELSE 'claude-3-5-haiku-20241022' END
                     ELSE CASE WHEN m < 60 THEN 'claude-sonnet-4-5-20250929' WHEN m < 82 THEN 'claude-opus-4-5-20251101' ELSE 'claude-haiku-4-5-20251001' END END AS model
            FROM r;

            INSERT INTO response_keys (source, session_id, agent_id, project_path, project_slug, model, provider, speed, inference_geo, nulls)
            SELECT DISTINCT source, session_id, '', project_path, project_slug, model, 'anthropic', 'standard', '', 1 + 32 FROM generated WHERE true;

            INSERT INTO responses (response_key_hi, response_key_lo, request_key_hi, request_key_lo, message_id, request_id, step, step_number,
                at_utc_ticks, key_id, input_tokens, output_tokens, cache_write_5m_tokens, cache_write_1h_tokens, cache_read_tokens, total_tokens,
                web_search_requests, web_fetch_requests, code_execution_requests, service_tier,
                is_sidechain, copy_rank, recorded_cost, machine_id, file_id, line_number, first_file_id, first_line_number,
                first_seen_utc_ticks, counted)
            SELECT random(), i, random(), i,
                'msg_01' || substr(hex(randomblob(11)), 1, 22), 'req_011C' || substr(hex(randomblob(11)), 1, 21), 0, 0,
                at, (SELECT key_id FROM response_keys y WHERE (y.source, y.session_id, y.agent_id, y.project_path, y.project_slug, y.model, y.provider, y.speed, y.inference_geo, y.nulls)
                    = (g.source, g.session_id, '', g.project_path, g.project_slug, g.model, 'anthropic', 'standard', '', 1 + 32)),
                1 + i % 9, 20 + (i * 7919) % 2500,
                CASE WHEN five THEN 200 + (i * 104729) % 15000 ELSE 0 END, CASE WHEN five THEN 0 ELSE 200 + (i * 104729) % 15000 END,
                12000 + (i * 15485863) % 160000,
                1 + i % 9 + 20 + (i * 7919) % 2500 + 200 + (i * 104729) % 15000 + 12000 + (i * 15485863) % 160000,
                0, 0, 0, 'standard', 0, 0, NULL, '{machine}', k + 1, 2 * (i % {PerSession}) + 2, k + 1, 2 * (i % {PerSession}) + 2,
                at + 100000000, 1
            FROM generated g;
            """);
        sql.AppendLine("COMMIT;");
        sql.AppendLine("PRAGMA wal_checkpoint(TRUNCATE);");
        Query(sqlite, db, sql.ToString());
        double seconds = watch.Elapsed.TotalSeconds;

        string[] sums = Query(sqlite, db, "SELECT COUNT(*), SUM(input_tokens), SUM(output_tokens), SUM(cache_write_5m_tokens + cache_write_1h_tokens), SUM(cache_read_tokens), MIN(at_utc_ticks), MAX(at_utc_ticks) FROM responses WHERE counted = 1;")
            .Trim().Split('|');
        long L(int i) => long.Parse(sums[i], CultureInfo.InvariantCulture);
        var manifest = new LedgerManifest
        {
            Responses = L(0),
            Sessions = sessions,
            FirstUtc = new DateTimeOffset(L(5), TimeSpan.Zero),
            LastUtc = new DateTimeOffset(L(6), TimeSpan.Zero),
            Tokens = new TokenTotals { Responses = L(0), Input = L(1), Output = L(2), CacheWrite = L(3), CacheRead = L(4) },
            Bytes = new FileInfo(db).Length,
            GenerateSeconds = seconds,
        };
        manifest.Save(folder);
        return manifest;
    }

    private static string Query(string sqlite, string db, string sql)
    {
        var psi = new ProcessStartInfo(sqlite)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add("-batch");
        psi.ArgumentList.Add("-bail");
        psi.ArgumentList.Add(db);
        using Process p = Process.Start(psi) ?? throw new InvalidOperationException("Cannot start sqlite3.");
        Task<string> output = p.StandardOutput.ReadToEndAsync();
        Task<string> error = p.StandardError.ReadToEndAsync();
        p.StandardInput.Write(sql);
        p.StandardInput.Close();
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"sqlite3 failed (exit {p.ExitCode}): {error.Result}");
        }

        return output.Result;
    }
}

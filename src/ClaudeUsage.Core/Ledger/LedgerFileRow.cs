using ClaudeUsage.Core.Caching;
using ClaudeUsage.Core.Discovery;
using ClaudeUsage.Core.Parsing;
using Microsoft.Data.Sqlite;

namespace ClaudeUsage.Core.Ledger;

/// <summary>Maps a log file's read state (where reading stopped, what the lines before said) to a <c>log_files</c> row and back.</summary>
internal static class LedgerFileRow
{
    /// <summary>Inserts or updates the file's row (present again, read now) and returns its id.</summary>
    public static long Upsert(SqliteConnection connection, SqliteTransaction transaction, string machineId, CachedFile state, long now)
    {
        using SqliteCommand command = SqliteLedgerStore.Command(connection, """
            INSERT INTO log_files (
                machine_id, path, format, source, session_id_from_path, project_slug, agent_id, copy_rank, length, last_write_utc_ticks,
                wal_length, wal_last_write_utc_ticks, may_change_unseen, malformed_lines, first_malformed_line, first_malformed_reason,
                resume_end_offset, resume_next_line, state_session_id, state_cwd, state_parent_session, state_model, state_provider,
                state_looks_like_openclaw, head_offset, head_length, head_hash, seam_offset, seam_length, seam_hash, present,
                first_read_utc_ticks, last_read_utc_ticks)
            VALUES (
                $machine, $path, $format, $source, $session, $slug, $agent, $rank, $length, $mtime,
                $wal_length, $wal_mtime, $unseen, $malformed, $first_malformed, $reason,
                $end, $next, $s_session, $s_cwd, $s_parent, $s_model, $s_provider,
                $s_openclaw, $h_offset, $h_length, $h_hash, $m_offset, $m_length, $m_hash, 1,
                $now, $now)
            ON CONFLICT (machine_id, path) DO UPDATE SET
                format = excluded.format, source = excluded.source, session_id_from_path = excluded.session_id_from_path,
                project_slug = excluded.project_slug, agent_id = excluded.agent_id, copy_rank = excluded.copy_rank,
                length = excluded.length, last_write_utc_ticks = excluded.last_write_utc_ticks, wal_length = excluded.wal_length,
                wal_last_write_utc_ticks = excluded.wal_last_write_utc_ticks, may_change_unseen = excluded.may_change_unseen,
                malformed_lines = excluded.malformed_lines, first_malformed_line = excluded.first_malformed_line,
                first_malformed_reason = excluded.first_malformed_reason, resume_end_offset = excluded.resume_end_offset,
                resume_next_line = excluded.resume_next_line, state_session_id = excluded.state_session_id,
                state_cwd = excluded.state_cwd, state_parent_session = excluded.state_parent_session,
                state_model = excluded.state_model, state_provider = excluded.state_provider,
                state_looks_like_openclaw = excluded.state_looks_like_openclaw, head_offset = excluded.head_offset,
                head_length = excluded.head_length, head_hash = excluded.head_hash, seam_offset = excluded.seam_offset,
                seam_length = excluded.seam_length, seam_hash = excluded.seam_hash, present = 1,
                last_read_utc_ticks = excluded.last_read_utc_ticks
            RETURNING file_id;
            """, transaction);
        LogFile f = state.File;
        ResumePoint? resume = state.Resume;
        object Db(object? value) => value ?? DBNull.Value;
        var p = command.Parameters;
        p.AddWithValue("$machine", machineId);
        p.AddWithValue("$path", f.Path);
        p.AddWithValue("$format", (int)f.Format);
        p.AddWithValue("$source", Db(f.Source is { } s ? (int)s : null));
        p.AddWithValue("$session", Db(f.SessionIdFromPath));
        p.AddWithValue("$slug", Db(f.ProjectSlug));
        p.AddWithValue("$agent", Db(f.AgentId));
        p.AddWithValue("$rank", f.CopyRank);
        p.AddWithValue("$length", f.Length);
        p.AddWithValue("$mtime", f.LastWriteTimeUtc.Ticks);
        p.AddWithValue("$wal_length", state.WalLength);
        p.AddWithValue("$wal_mtime", state.WalLastWriteTimeUtc.Ticks);
        p.AddWithValue("$unseen", state.MayChangeUnseen ? 1 : 0);
        p.AddWithValue("$malformed", state.MalformedLines);
        p.AddWithValue("$first_malformed", state.FirstMalformedLine);
        p.AddWithValue("$reason", Db(state.FirstMalformedReason));
        p.AddWithValue("$end", Db(resume?.EndOffset));
        p.AddWithValue("$next", Db(resume?.NextLineNumber));
        p.AddWithValue("$s_session", Db(resume?.State.HeaderSessionId));
        p.AddWithValue("$s_cwd", Db(resume?.State.HeaderCwd));
        p.AddWithValue("$s_parent", Db(resume?.State.ParentSession));
        p.AddWithValue("$s_model", Db(resume?.State.CurrentModel));
        p.AddWithValue("$s_provider", Db(resume?.State.CurrentProvider));
        p.AddWithValue("$s_openclaw", resume?.State.LooksLikeOpenClaw == true ? 1 : 0);
        p.AddWithValue("$h_offset", Db(resume?.Head.Offset));
        p.AddWithValue("$h_length", Db(resume?.Head.Length));
        p.AddWithValue("$h_hash", Db(resume is { } h ? unchecked((long)h.Head.Hash) : null));
        p.AddWithValue("$m_offset", Db(resume?.Seam.Offset));
        p.AddWithValue("$m_length", Db(resume?.Seam.Length));
        p.AddWithValue("$m_hash", Db(resume is { } m ? unchecked((long)m.Seam.Hash) : null));
        p.AddWithValue("$now", now);
        return (long)command.ExecuteScalar()!;
    }

    public static LedgerFile Read(SqliteDataReader r)
    {
        string? S(string column) => r.IsDBNull(r.GetOrdinal(column)) ? null : r.GetString(r.GetOrdinal(column));
        long L(string column) => r.GetInt64(r.GetOrdinal(column));
        bool Null(string column) => r.IsDBNull(r.GetOrdinal(column));
        var file = new LogFile
        {
            Path = S("path")!,
            Format = (LogFileFormat)L("format"),
            Source = Null("source") ? null : (UsageSource)L("source"),
            SessionIdFromPath = S("session_id_from_path"),
            ProjectSlug = S("project_slug"),
            AgentId = S("agent_id"),
            CopyRank = (int)L("copy_rank"),
            Length = L("length"),
            LastWriteTimeUtc = new DateTime(L("last_write_utc_ticks"), DateTimeKind.Utc),
        };
        ResumePoint? resume = Null("resume_end_offset") ? null : new ResumePoint(
            L("resume_end_offset"),
            L("resume_next_line"),
            new TranscriptState
            {
                HeaderSessionId = S("state_session_id"),
                HeaderCwd = S("state_cwd"),
                ParentSession = S("state_parent_session"),
                CurrentModel = S("state_model"),
                CurrentProvider = S("state_provider"),
                LooksLikeOpenClaw = L("state_looks_like_openclaw") != 0,
            },
            new ByteFingerprint(L("head_offset"), (int)L("head_length"), unchecked((ulong)L("head_hash"))),
            new ByteFingerprint(L("seam_offset"), (int)L("seam_length"), unchecked((ulong)L("seam_hash"))));
        var state = new CachedFile
        {
            File = file,
            Resume = resume,
            WalLength = L("wal_length"),
            WalLastWriteTimeUtc = new DateTime(L("wal_last_write_utc_ticks"), DateTimeKind.Utc),
            MayChangeUnseen = L("may_change_unseen") != 0,
            MalformedLines = (int)L("malformed_lines"),
            FirstMalformedLine = L("first_malformed_line"),
            FirstMalformedReason = S("first_malformed_reason"),
            Entries = [],
            TailEntries = [],
        };
        return new LedgerFile(L("file_id"), state, L("present") != 0);
    }
}

using ClaudeUsage.Core.Caching;
using ClaudeUsage.Core.Discovery;
using ClaudeUsage.Core.Parsing;
using Microsoft.Data.Sqlite;

namespace ClaudeUsage.Core.Ledger;

/// <summary>Maps a log file's read state (where reading stopped, what the lines before said) to a <c>log_files</c> row and back.</summary>
internal static class LedgerFileRow
{
    /// <summary>
    /// Inserts or updates the file's row (present again, read now) and returns its id; see <see cref="Writer"/>.
    /// </summary>
    private const string UpsertSql = """
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
        """;

    /// <summary>
    /// The file rows of one transaction: one prepared statement, its parameters made once and set per file.
    /// </summary>
    internal sealed class Writer : IDisposable
    {
        private readonly SqliteCommand _command;
        private readonly SqliteParameter _machine, _path, _format, _source, _session, _slug, _agent, _rank, _length, _mtime,
            _walLength, _walMtime, _unseen, _malformed, _firstMalformed, _reason, _end, _next, _sSession, _sCwd, _sParent,
            _sModel, _sProvider, _sOpenClaw, _hOffset, _hLength, _hHash, _mOffset, _mLength, _mHash, _now;

        public Writer(SqliteConnection connection, SqliteTransaction transaction)
        {
            _command = SqliteLedgerStore.Command(connection, UpsertSql, transaction);
            SqliteParameter P(string name) => _command.Parameters.Add(name, SqliteType.Integer);
            SqliteParameter T(string name) => _command.Parameters.Add(name, SqliteType.Text);
            (_machine, _path, _format, _source, _session, _slug, _agent) = (T("$machine"), T("$path"), P("$format"), P("$source"), T("$session"), T("$slug"), T("$agent"));
            (_rank, _length, _mtime, _walLength, _walMtime, _unseen) = (P("$rank"), P("$length"), P("$mtime"), P("$wal_length"), P("$wal_mtime"), P("$unseen"));
            (_malformed, _firstMalformed, _reason, _end, _next) = (P("$malformed"), P("$first_malformed"), T("$reason"), P("$end"), P("$next"));
            (_sSession, _sCwd, _sParent, _sModel, _sProvider, _sOpenClaw) = (T("$s_session"), T("$s_cwd"), T("$s_parent"), T("$s_model"), T("$s_provider"), P("$s_openclaw"));
            (_hOffset, _hLength, _hHash, _mOffset, _mLength, _mHash) = (P("$h_offset"), P("$h_length"), P("$h_hash"), P("$m_offset"), P("$m_length"), P("$m_hash"));
            _now = P("$now");
        }

        /// <summary>Inserts or updates the file's row (present again, read at <paramref name="readTicks"/>) and returns its id.</summary>
        public long Upsert(string machineId, CachedFile state, long readTicks)
        {
            LogFile f = state.File;
            ResumePoint? resume = state.Resume;
            static object Db(object? value) => value ?? DBNull.Value;
            (_machine.Value, _path.Value, _format.Value) = (machineId, f.Path, (int)f.Format);
            _source.Value = Db(f.Source is { } s ? (int)s : null);
            (_session.Value, _slug.Value, _agent.Value) = (Db(f.SessionIdFromPath), Db(f.ProjectSlug), Db(f.AgentId));
            (_rank.Value, _length.Value, _mtime.Value) = (f.CopyRank, f.Length, f.LastWriteTimeUtc.Ticks);
            (_walLength.Value, _walMtime.Value, _unseen.Value) = (state.WalLength, state.WalLastWriteTimeUtc.Ticks, state.MayChangeUnseen ? 1 : 0);
            (_malformed.Value, _firstMalformed.Value, _reason.Value) = (state.MalformedLines, state.FirstMalformedLine, Db(state.FirstMalformedReason));
            (_end.Value, _next.Value) = (Db(resume?.EndOffset), Db(resume?.NextLineNumber));
            (_sSession.Value, _sCwd.Value, _sParent.Value) = (Db(resume?.State.HeaderSessionId), Db(resume?.State.HeaderCwd), Db(resume?.State.ParentSession));
            (_sModel.Value, _sProvider.Value) = (Db(resume?.State.CurrentModel), Db(resume?.State.CurrentProvider));
            _sOpenClaw.Value = resume?.State.LooksLikeOpenClaw == true ? 1 : 0;
            (_hOffset.Value, _hLength.Value) = (Db(resume?.Head.Offset), Db(resume?.Head.Length));
            _hHash.Value = Db(resume is { } h ? unchecked((long)h.Head.Hash) : null);
            (_mOffset.Value, _mLength.Value) = (Db(resume?.Seam.Offset), Db(resume?.Seam.Length));
            _mHash.Value = Db(resume is { } m ? unchecked((long)m.Seam.Hash) : null);
            _now.Value = readTicks;
            return (long)_command.ExecuteScalar()!;
        }

        public void Dispose() => _command.Dispose();
    }

    /// <summary>A machine's file rows, in the column order <see cref="Read"/> reads them in.</summary>
    public const string SelectSql = """
        SELECT file_id, path, format, source, session_id_from_path, project_slug, agent_id, copy_rank, length,
            last_write_utc_ticks, resume_end_offset, resume_next_line, state_session_id, state_cwd, state_parent_session,
            state_model, state_provider, state_looks_like_openclaw, head_offset, head_length, head_hash, seam_offset,
            seam_length, seam_hash, wal_length, wal_last_write_utc_ticks, may_change_unseen, malformed_lines,
            first_malformed_line, first_malformed_reason, present, last_read_utc_ticks
        FROM log_files WHERE machine_id = $m
        """;

    /// <summary>The file of the current row of <see cref="SelectSql"/>.</summary>
    public static LedgerFile Read(NativeRow r)
    {
        var file = new LogFile
        {
            Path = r.UniqueTextOrNull(1)!,
            Format = (LogFileFormat)r.Int(2),
            Source = r.IsNull(3) ? null : (UsageSource)r.Int(3),
            SessionIdFromPath = r.UniqueTextOrNull(4),
            ProjectSlug = r.TextOrNull(5),
            AgentId = r.TextOrNull(6),
            CopyRank = (int)r.Int(7),
            Length = r.Int(8),
            LastWriteTimeUtc = new DateTime(r.Int(9), DateTimeKind.Utc),
        };
        ResumePoint? resume = r.IsNull(10) ? null : new ResumePoint(
            r.Int(10),
            r.Int(11),
            new TranscriptState
            {
                HeaderSessionId = r.TextOrNull(12),
                HeaderCwd = r.TextOrNull(13),
                ParentSession = r.TextOrNull(14),
                CurrentModel = r.TextOrNull(15),
                CurrentProvider = r.TextOrNull(16),
                LooksLikeOpenClaw = r.Int(17) != 0,
            },
            new ByteFingerprint(r.Int(18), (int)r.Int(19), unchecked((ulong)r.Int(20))),
            new ByteFingerprint(r.Int(21), (int)r.Int(22), unchecked((ulong)r.Int(23))));
        var state = new CachedFile
        {
            File = file,
            Resume = resume,
            WalLength = r.Int(24),
            WalLastWriteTimeUtc = new DateTime(r.Int(25), DateTimeKind.Utc),
            MayChangeUnseen = r.Int(26) != 0,
            MalformedLines = (int)r.Int(27),
            FirstMalformedLine = r.Int(28),
            FirstMalformedReason = r.TextOrNull(29),
            Entries = [],
            TailEntries = [],
        };
        return new LedgerFile(r.Int(0), state, r.Int(30) != 0, new DateTime(r.Int(31), DateTimeKind.Utc));
    }
}

using ClaudeUsage.Core.Caching;
using ClaudeUsage.Core.Discovery;
using ClaudeUsage.Core.Parsing;
using Microsoft.Data.Sqlite;
using SQLitePCL;

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
    /// The file rows of one transaction: one statement prepared once, its parameters set by position through SQLite's
    /// own interface (a first ingest writes a row for every log file); the caller's transaction takes the rows.
    /// </summary>
    internal sealed class Writer : IDisposable
    {
        private readonly sqlite3 _db;
        private readonly sqlite3_stmt _statement;
        private readonly int _machine, _path, _format, _source, _session, _slug, _agent, _rank, _length, _mtime,
            _walLength, _walMtime, _unseen, _malformed, _firstMalformed, _reason, _end, _next, _sSession, _sCwd, _sParent,
            _sModel, _sProvider, _sOpenClaw, _hOffset, _hLength, _hHash, _mOffset, _mLength, _mHash, _now;

        public Writer(SqliteConnection connection)
        {
            _db = NativeSqlite.Handle(connection);
            _statement = NativeSqlite.Prepare(_db, UpsertSql);
            int I(string name) => NativeSqlite.ParameterIndex(_statement, name);
            (_machine, _path, _format, _source, _session, _slug, _agent) = (I("$machine"), I("$path"), I("$format"), I("$source"), I("$session"), I("$slug"), I("$agent"));
            (_rank, _length, _mtime, _walLength, _walMtime, _unseen) = (I("$rank"), I("$length"), I("$mtime"), I("$wal_length"), I("$wal_mtime"), I("$unseen"));
            (_malformed, _firstMalformed, _reason, _end, _next) = (I("$malformed"), I("$first_malformed"), I("$reason"), I("$end"), I("$next"));
            (_sSession, _sCwd, _sParent, _sModel, _sProvider, _sOpenClaw) = (I("$s_session"), I("$s_cwd"), I("$s_parent"), I("$s_model"), I("$s_provider"), I("$s_openclaw"));
            (_hOffset, _hLength, _hHash, _mOffset, _mLength, _mHash) = (I("$h_offset"), I("$h_length"), I("$h_hash"), I("$m_offset"), I("$m_length"), I("$m_hash"));
            _now = I("$now");
        }

        /// <summary>Inserts or updates the file's row (present again, read at <paramref name="readTicks"/>) and returns its id.</summary>
        public long Upsert(string machineId, CachedFile state, long readTicks)
        {
            LogFile f = state.File;
            ResumePoint? resume = state.Resume;
            Text(_machine, machineId);
            Text(_path, f.Path);
            Int(_format, (int)f.Format);
            Int(_source, f.Source is { } s ? (int)s : null);
            Text(_session, f.SessionIdFromPath);
            Text(_slug, f.ProjectSlug);
            Text(_agent, f.AgentId);
            Int(_rank, f.CopyRank);
            Int(_length, f.Length);
            Int(_mtime, f.LastWriteTimeUtc.Ticks);
            Int(_walLength, state.WalLength);
            Int(_walMtime, state.WalLastWriteTimeUtc.Ticks);
            Int(_unseen, state.MayChangeUnseen ? 1 : 0);
            Int(_malformed, state.MalformedLines);
            Int(_firstMalformed, state.FirstMalformedLine);
            Text(_reason, state.FirstMalformedReason);
            Int(_end, resume?.EndOffset);
            Int(_next, resume?.NextLineNumber);
            Text(_sSession, resume?.State.HeaderSessionId);
            Text(_sCwd, resume?.State.HeaderCwd);
            Text(_sParent, resume?.State.ParentSession);
            Text(_sModel, resume?.State.CurrentModel);
            Text(_sProvider, resume?.State.CurrentProvider);
            Int(_sOpenClaw, resume?.State.LooksLikeOpenClaw == true ? 1 : 0);
            Int(_hOffset, resume?.Head.Offset);
            Int(_hLength, resume?.Head.Length);
            Int(_hHash, resume is { } h ? unchecked((long)h.Head.Hash) : null);
            Int(_mOffset, resume?.Seam.Offset);
            Int(_mLength, resume?.Seam.Length);
            Int(_mHash, resume is { } m ? unchecked((long)m.Seam.Hash) : null);
            Int(_now, readTicks);
            return NativeSqlite.StepForNumber(_db, _statement) ?? throw new InvalidOperationException("The ledger returned no id for a file row.");
        }

        private void Int(int index, long? value) => NativeSqlite.Bind(_db, _statement, index, value);

        private void Text(int index, string? value) => NativeSqlite.Bind(_db, _statement, index, value);

        public void Dispose() => _statement.Dispose();
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

using System.Globalization;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace ClaudeUsage.Core.Ledger;

/// <summary>
/// Adds copies of responses to the <c>staged</c> table (<see cref="LedgerSchema.Stage"/>), for one upsert of them
/// all. The statement is prepared once and its parameters are set by position through SQLite's own interface: a
/// first ingest stages every response of years of logs, and setting the parameters by name would be most of its cost.
/// </summary>
internal sealed class StagedCopies : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;
    private readonly int _seq, _rkHi, _rkLo, _qkHi, _qkLo, _messageId, _requestId, _step, _stepNumber, _at, _keyId, _input, _output, _write5m,
        _write1h, _read, _total, _webSearch, _webFetch, _codeExecution, _serviceTier, _sidechain, _copyRank, _recordedCost, _recordedPico,
        _machineId, _fileId, _lineNumber, _skill, _plugin, _subagent, _mcpServers;

    /// <summary>Prepares the statement on <paramref name="connection"/>; the caller's transaction takes the copies.</summary>
    public StagedCopies(SqliteConnection connection)
    {
        _db = NativeSqlite.Handle(connection);
        _statement = NativeSqlite.Prepare(_db, LedgerSchema.Stage);
        int I(string name) => NativeSqlite.ParameterIndex(_statement, name);
        (_seq, _rkHi, _rkLo, _qkHi, _qkLo) = (I("$seq"), I("$rk_hi"), I("$rk_lo"), I("$qk_hi"), I("$qk_lo"));
        (_messageId, _requestId, _step, _stepNumber, _at) = (I("$message_id"), I("$request_id"), I("$step"), I("$step_number"), I("$at"));
        (_keyId, _input, _output, _write5m, _write1h) = (I("$key_id"), I("$input"), I("$output"), I("$write_5m"), I("$write_1h"));
        (_read, _total, _webSearch, _webFetch, _codeExecution) = (I("$read"), I("$total"), I("$web_search"), I("$web_fetch"), I("$code_execution"));
        (_serviceTier, _sidechain, _copyRank) = (I("$service_tier"), I("$is_sidechain"), I("$copy_rank"));
        (_recordedCost, _recordedPico, _machineId, _fileId, _lineNumber) = (I("$recorded_cost"), I("$recorded_cost_pico"), I("$machine_id"), I("$file_id"), I("$line_number"));
        (_skill, _plugin, _subagent, _mcpServers) = (I("$skill"), I("$plugin"), I("$subagent"), I("$mcp_servers"));
    }

    /// <summary>
    /// Stages one copy; <paramref name="keyId"/> is its keys' row in <c>response_keys</c>, <paramref name="seq"/> its
    /// place in the order the copies were read.
    /// </summary>
    public void Add(UsageEntry e, UInt128 responseKey, UInt128 requestKey, long keyId, string machineId, long fileId, long seq)
    {
        Int(_seq, seq);
        Int(_rkHi, LedgerResponseRow.Hi(responseKey));
        Int(_rkLo, LedgerResponseRow.Lo(responseKey));
        Int(_qkHi, LedgerResponseRow.Hi(requestKey));
        Int(_qkLo, LedgerResponseRow.Lo(requestKey));
        Text(_messageId, e.ResponseId);
        Text(_requestId, e.RequestId);
        Int(_step, (int)e.Step);
        Int(_stepNumber, e.StepNumber);
        Int(_at, e.Timestamp.UtcTicks);
        Int(_keyId, keyId);
        TokenCounts t = e.Tokens;
        Int(_input, t.Input);
        Int(_output, t.Output);
        Int(_write5m, t.CacheWrite5m);
        Int(_write1h, t.CacheWrite1h);
        Int(_read, t.CacheRead);
        Int(_total, t.Total);
        Int(_webSearch, t.WebSearchRequests);
        Int(_webFetch, t.WebFetchRequests);
        Int(_codeExecution, t.CodeExecutionRequests);
        Text(_serviceTier, e.ServiceTier);
        Int(_sidechain, e.IsSidechain ? 1 : 0);
        Int(_copyRank, e.CopyRank);
        Text(_recordedCost, e.RecordedCost?.ToString(CultureInfo.InvariantCulture));
        NativeSqlite.Bind(_db, _statement, _recordedPico, LedgerResponseRow.Pico(e.RecordedCost));

        Text(_machineId, machineId);
        Int(_fileId, fileId);
        Int(_lineNumber, e.LineNumber);
        Text(_skill, e.Skill);
        Text(_plugin, e.Plugin);
        Text(_subagent, e.Subagent);
        Text(_mcpServers, e.McpServers);

        int rc = SqliteCalls.Step(_statement);
        SqliteCalls.Reset(_statement);
        Check(rc);
    }

    private void Int(int index, long value) => NativeSqlite.Bind(_db, _statement, index, value);

    private void Text(int index, string? value) => NativeSqlite.Bind(_db, _statement, index, value);

    private void Check(int rc) => NativeSqlite.Check(rc, _db);

    public void Dispose() => _statement.Dispose();
}

using System.Text;

namespace ClaudeUsage.Benchmarks.Generation;

/// <summary>What one Claude Code session file (and its subagent transcripts) should look like.</summary>
internal sealed record ClaudeCodeSessionPlan(
    int Seed,
    string ProjectsDir,
    string ProjectSlug,
    string Cwd,
    DateTimeOffset Start,
    long TargetBytes,
    long[] SubagentBytes,
    bool SnapshotHeavy);

/// <summary>
/// Writes Claude Code transcripts the way Claude Code does: one line per content block of a response, each
/// repeating the usage with a growing output_tokens; tool results as user lines that carry the result twice
/// (message content and toolUseResult); file-history snapshots, summaries, API-error placeholders; subagent
/// transcripts under &lt;session&gt;/subagents, some of which replay a parent response.
/// </summary>
internal sealed class ClaudeCodeSessionWriter
{
    private static readonly string[] Tools = ["Bash", "Read", "Edit", "Write", "Grep", "Glob", "Task", "TodoWrite"];

    private readonly ClaudeCodeSessionPlan _plan;
    private readonly TextPool _text;
    private readonly Random _rng;
    private readonly StringBuilder _sb = new(1 << 16);
    private readonly string _sessionId;
    private DateTimeOffset _now;
    private long _context;
    private string _lastUuid;
    private string? _firstResponseLine;

    public ClaudeCodeSessionWriter(ClaudeCodeSessionPlan plan, TextPool text, string? sessionId = null)
    {
        _plan = plan;
        _text = text;
        _rng = new Random(plan.Seed);
        _sessionId = sessionId ?? Ids.Uuid(_rng);
        _now = plan.Start;
        _lastUuid = Ids.Uuid(_rng);
    }

    public string SessionFile => Path.Combine(_plan.ProjectsDir, _plan.ProjectSlug, _sessionId + ".jsonl");

    /// <summary>Writes the session and its subagents; returns the tokens of the responses they hold.</summary>
    public (TokenTotals Tokens, long Bytes, int Files) Write()
    {
        var totals = new TokenTotals();
        long bytes;
        using (var file = new JsonlFile(SessionFile))
        {
            WriteConversation(file, totals, _plan.TargetBytes, agentId: null);
            bytes = file.Bytes;
        }

        for (int i = 0; i < _plan.SubagentBytes.Length; i++)
        {
            string agentId = Ids.Hex(_rng, 8);
            string path = Path.Combine(_plan.ProjectsDir, _plan.ProjectSlug, _sessionId, "subagents", $"agent-{agentId}.jsonl");
            using var file = new JsonlFile(path);
            if (_firstResponseLine is not null && _rng.Next(4) == 0)
            {
                // A replay of the parent's first response under another request id: counted once, as the parent's.
                string replay = _firstResponseLine
                    .Replace("\"isSidechain\":false", "\"isSidechain\":true", StringComparison.Ordinal)
                    .Replace("\"requestId\":\"req_", "\"requestId\":\"req_replay", StringComparison.Ordinal);
                _sb.Clear().Append(replay);
                file.Line(_sb);
            }

            WriteConversation(file, totals, _plan.SubagentBytes[i], agentId);
            bytes += file.Bytes;
        }

        return (totals, bytes, 1 + _plan.SubagentBytes.Length);
    }

    /// <summary>Appends whole new turns to an existing session file (the benchmark's "1% new lines").</summary>
    public static (TokenTotals Tokens, long Bytes) Append(string path, int seed, long bytes, TextPool text, DateTimeOffset at)
    {
        var plan = new ClaudeCodeSessionPlan(seed, Path.GetDirectoryName(Path.GetDirectoryName(path)!)!, Path.GetFileName(Path.GetDirectoryName(path)!), "/home/user/work/appended", at, bytes, [], false);
        var writer = new ClaudeCodeSessionWriter(plan, text, Path.GetFileNameWithoutExtension(path));
        var totals = new TokenTotals();
        using var file = new JsonlFile(path, append: true);
        writer.WriteConversation(file, totals, bytes, agentId: null);
        return (totals, file.Bytes);
    }

    private void WriteConversation(JsonlFile file, TokenTotals totals, long targetBytes, string? agentId)
    {
        long start = file.Bytes;
        _context = 12_000 + _rng.Next(20_000);
        while (file.Bytes - start < targetBytes)
        {
            Tick(20, 600);
            UserPrompt(file, agentId);
            if (_plan.SnapshotHeavy && agentId is null)
            {
                Snapshot(file);
            }

            int steps = 1 + _rng.Next(6); // an agentic turn: response, tool results, next response...
            for (int s = 0; s < steps && file.Bytes - start < targetBytes; s++)
            {
                List<string> toolIds = Response(file, totals, agentId);
                foreach (string toolId in toolIds)
                {
                    ToolResult(file, toolId, agentId);
                }
            }

            int extra = _rng.Next(40);
            if (extra == 0)
            {
                Summary(file);
            }
            else if (extra == 1)
            {
                ApiErrorPlaceholder(file, agentId);
            }
        }
    }

    private void Tick(int minSeconds, int maxSeconds) => _now = _now.AddMilliseconds(_rng.Next(minSeconds * 1000, maxSeconds * 1000));

    private string Model()
    {
        int r = _rng.Next(100);
        if (_now < new DateTimeOffset(2025, 10, 1, 0, 0, 0, TimeSpan.Zero))
        {
            return r < 65 ? "claude-sonnet-4-20250514" : r < 85 ? "claude-opus-4-1-20250805" : "claude-3-5-haiku-20241022";
        }

        return r < 60 ? "claude-sonnet-4-5-20250929" : r < 82 ? "claude-opus-4-5-20251101" : "claude-haiku-4-5-20251001";
    }

    private void Envelope(string? agentId, string? parent)
    {
        _sb.Append("{\"parentUuid\":");
        if (parent is null)
        {
            _sb.Append("null");
        }
        else
        {
            _sb.Append('"').Append(parent).Append('"');
        }

        _sb.Append(",\"isSidechain\":").Append(agentId is null ? "false" : "true")
            .Append(",\"userType\":\"external\",\"cwd\":\"").Append(_plan.Cwd)
            .Append("\",\"sessionId\":\"").Append(_sessionId)
            .Append("\",\"version\":\"2.0.76\",\"gitBranch\":\"main\"");
        if (agentId is not null)
        {
            _sb.Append(",\"agentId\":\"").Append(agentId).Append('"');
        }
    }

    private void Close(string type)
    {
        string uuid = Ids.Uuid(_rng);
        _sb.Append(",\"type\":\"").Append(type).Append("\",\"uuid\":\"").Append(uuid)
            .Append("\",\"timestamp\":\"").Append(Ids.Iso(_now)).Append("\"}");
        _lastUuid = uuid;
    }

    private void UserPrompt(JsonlFile file, string? agentId)
    {
        _sb.Clear();
        Envelope(agentId, _lastUuid);
        _sb.Append(",\"message\":{\"role\":\"user\",\"content\":\"");
        _text.Append(_sb, _rng, 80 + (int)Math.Min(6000, Ids.LogNormal(_rng, 300, 1.0)));
        _sb.Append("\"}");
        Close("user");
        file.Line(_sb);
    }

    /// <summary>One API response, written as one line per content block; returns the tool-use ids it opened.</summary>
    private List<string> Response(JsonlFile file, TokenTotals totals, string? agentId)
    {
        string messageId = Ids.MessageId(_rng), requestId = Ids.RequestId(_rng), model = Model();
        var blocks = new List<(string Kind, string? ToolId)>();
        if (_rng.Next(10) < 4)
        {
            blocks.Add(("thinking", null));
        }

        if (_rng.Next(10) < 7)
        {
            blocks.Add(("text", null));
        }

        int tools = _rng.Next(10) < 7 ? 1 + (_rng.Next(10) == 0 ? _rng.Next(8) : _rng.Next(3)) : 0;
        for (int i = 0; i < tools; i++)
        {
            blocks.Add(("tool_use", "toolu_01" + Ids.Chars(_rng, 22)));
        }

        if (blocks.Count == 0)
        {
            blocks.Add(("text", null));
        }

        long input = 1 + _rng.Next(9);
        long finalOutput = 20 + (long)Math.Min(30_000, Ids.LogNormal(_rng, 350, 1.1));
        bool miss = _rng.Next(20) == 0;
        long cacheWrite = miss ? _context : 200 + _rng.Next(15_000);
        long cacheRead = miss ? 0 : _context;
        bool oneHour = _rng.Next(10) < 6;
        long write1h = oneHour ? cacheWrite : 0, write5m = cacheWrite - write1h;
        _context += cacheWrite / 2 + finalOutput;
        if (_context > 180_000)
        {
            _context = 15_000 + _rng.Next(10_000); // compaction
        }

        Tick(2, 40);
        for (int i = 0; i < blocks.Count; i++)
        {
            long output = i == blocks.Count - 1 ? finalOutput : Math.Max(1, finalOutput * (i + 1) / (blocks.Count + 1));
            _sb.Clear();
            Envelope(agentId, _lastUuid);
            _sb.Append(",\"message\":{\"id\":\"").Append(messageId)
                .Append("\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"").Append(model)
                .Append("\",\"content\":[");
            Block(blocks[i].Kind, blocks[i].ToolId);
            _sb.Append("],\"stop_reason\":").Append(i == blocks.Count - 1 ? (tools > 0 ? "\"tool_use\"" : "\"end_turn\"") : "null")
                .Append(",\"stop_sequence\":null,\"usage\":{\"input_tokens\":").Append(input)
                .Append(",\"cache_creation_input_tokens\":").Append(cacheWrite)
                .Append(",\"cache_read_input_tokens\":").Append(cacheRead)
                .Append(",\"cache_creation\":{\"ephemeral_5m_input_tokens\":").Append(write5m)
                .Append(",\"ephemeral_1h_input_tokens\":").Append(write1h)
                .Append("},\"output_tokens\":").Append(output)
                .Append(",\"service_tier\":\"standard\",\"server_tool_use\":{\"web_search_requests\":0,\"web_fetch_requests\":0}}}")
                .Append(",\"requestId\":\"").Append(requestId).Append('"');
            Close("assistant");
            if (agentId is null && _firstResponseLine is null && i == blocks.Count - 1)
            {
                _firstResponseLine = _sb.ToString();
            }

            file.Line(_sb);
            _now = _now.AddMilliseconds(_rng.Next(50, 3000));
        }

        totals.Add(input, finalOutput, cacheWrite, cacheRead);
        return blocks.Where(b => b.ToolId is not null).Select(b => b.ToolId!).ToList();
    }

    private void Block(string kind, string? toolId)
    {
        switch (kind)
        {
            case "thinking":
                _sb.Append("{\"type\":\"thinking\",\"thinking\":\"");
                _text.Append(_sb, _rng, (int)Math.Min(20_000, Ids.LogNormal(_rng, 900, 0.9)));
                _sb.Append("\",\"signature\":\"").Append(Ids.Chars(_rng, _text.Scaled(300 + _rng.Next(900)))).Append("\"}");
                break;
            case "text":
                _sb.Append("{\"type\":\"text\",\"text\":\"");
                _text.Append(_sb, _rng, (int)Math.Min(20_000, Ids.LogNormal(_rng, 500, 1.0)));
                _sb.Append("\"}");
                break;
            default:
                string tool = Tools[_rng.Next(Tools.Length)];
                _sb.Append("{\"type\":\"tool_use\",\"id\":\"").Append(toolId).Append("\",\"name\":\"").Append(tool).Append("\",\"input\":{");
                switch (tool)
                {
                    case "Write":
                        _sb.Append("\"file_path\":\"").Append(_plan.Cwd).Append("/src/").Append(Ids.Chars(_rng, 8)).Append(".ts\",\"content\":\"");
                        _text.Append(_sb, _rng, (int)Math.Min(120_000, Ids.LogNormal(_rng, 4000, 1.0)));
                        _sb.Append('"');
                        break;
                    case "Edit":
                        _sb.Append("\"file_path\":\"").Append(_plan.Cwd).Append("/src/").Append(Ids.Chars(_rng, 8)).Append(".ts\",\"old_string\":\"");
                        _text.Append(_sb, _rng, (int)Math.Min(30_000, Ids.LogNormal(_rng, 800, 1.0)));
                        _sb.Append("\",\"new_string\":\"");
                        _text.Append(_sb, _rng, (int)Math.Min(30_000, Ids.LogNormal(_rng, 900, 1.0)));
                        _sb.Append("\",\"replace_all\":false");
                        break;
                    case "Task":
                        _sb.Append("\"description\":\"Investigate\",\"subagent_type\":\"general-purpose\",\"prompt\":\"");
                        _text.Append(_sb, _rng, 400 + _rng.Next(3000));
                        _sb.Append('"');
                        break;
                    case "TodoWrite":
                        _sb.Append("\"todos\":[");
                        int todos = 2 + _rng.Next(8);
                        for (int t = 0; t < todos; t++)
                        {
                            _sb.Append(t == 0 ? "" : ",").Append("{\"content\":\"");
                            _text.Append(_sb, _rng, 40 + _rng.Next(120));
                            _sb.Append("\",\"status\":\"pending\",\"activeForm\":\"Working\"}");
                        }

                        _sb.Append(']');
                        break;
                    default:
                        _sb.Append("\"command\":\"");
                        _text.Append(_sb, _rng, 20 + _rng.Next(300));
                        _sb.Append("\",\"description\":\"Run a command\"");
                        break;
                }

                _sb.Append("}}");
                break;
        }
    }

    private void ToolResult(JsonlFile file, string toolId, string? agentId)
    {
        Tick(1, 30);
        bool task = _rng.Next(25) == 0;
        _sb.Clear();
        Envelope(agentId, _lastUuid);
        _sb.Append(",\"type\":\"user\",\"message\":{\"role\":\"user\",\"content\":[{\"tool_use_id\":\"").Append(toolId)
            .Append("\",\"type\":\"tool_result\",\"content\":\"");
        int start = _sb.Length;
        int size = (int)Math.Min(400_000, Ids.LogNormal(_rng, 1800, 1.4));
        _text.Append(_sb, _rng, size);
        string result = _sb.ToString(start, _sb.Length - start);
        _sb.Append("\",\"is_error\":false}]},\"uuid\":\"").Append(Ids.Uuid(_rng))
            .Append("\",\"timestamp\":\"").Append(Ids.Iso(_now)).Append("\",\"toolUseResult\":");
        if (task)
        {
            // A subagent's result quotes its usage; it is never counted as a response of its own.
            _sb.Append("{\"status\":\"completed\",\"content\":[{\"type\":\"text\",\"text\":\"").Append(result)
                .Append("\"}],\"totalDurationMs\":").Append(_rng.Next(5_000, 400_000))
                .Append(",\"totalTokens\":").Append(_rng.Next(10_000, 900_000))
                .Append(",\"usage\":{\"input_tokens\":").Append(_rng.Next(1, 50))
                .Append(",\"cache_creation_input_tokens\":").Append(_rng.Next(1000, 40_000))
                .Append(",\"cache_read_input_tokens\":").Append(_rng.Next(1000, 400_000))
                .Append(",\"output_tokens\":").Append(_rng.Next(100, 9000)).Append("}}");
        }
        else
        {
            _sb.Append("{\"stdout\":\"").Append(result).Append("\",\"stderr\":\"\",\"interrupted\":false,\"isImage\":false}");
        }

        _sb.Append('}');
        file.Line(_sb);
        _context += size / 4;
    }

    private void Snapshot(JsonlFile file)
    {
        _sb.Clear();
        string messageId = Ids.Uuid(_rng);
        _sb.Append("{\"type\":\"file-history-snapshot\",\"messageId\":\"").Append(messageId)
            .Append("\",\"snapshot\":{\"messageId\":\"").Append(messageId).Append("\",\"trackedFileBackups\":{");
        int files = 20 + _rng.Next(200);
        for (int f = 0; f < files; f++)
        {
            _sb.Append(f == 0 ? "" : ",").Append('"').Append(_plan.Cwd).Append("/src/").Append(Ids.Chars(_rng, 10)).Append(".ts\":{\"backupFileName\":\"")
                .Append(Ids.Hex(_rng, 16)).Append("@v2\",\"version\":2,\"backupTime\":\"").Append(Ids.Iso(_now)).Append("\",\"content\":\"");
            _text.Append(_sb, _rng, 2000 + _rng.Next(40_000));
            _sb.Append("\"}");
        }

        _sb.Append("},\"timestamp\":\"").Append(Ids.Iso(_now)).Append("\"},\"isSnapshotUpdate\":false}");
        file.Line(_sb);
    }

    private void Summary(JsonlFile file)
    {
        _sb.Clear().Append("{\"type\":\"summary\",\"summary\":\"");
        _text.Append(_sb, _rng, 60);
        _sb.Append("\",\"leafUuid\":\"").Append(_lastUuid).Append("\"}");
        file.Line(_sb);
    }

    private void ApiErrorPlaceholder(JsonlFile file, string? agentId)
    {
        _sb.Clear();
        Envelope(agentId, _lastUuid);
        _sb.Append(",\"message\":{\"id\":\"").Append(Ids.Uuid(_rng))
            .Append("\",\"model\":\"<synthetic>\",\"role\":\"assistant\",\"stop_reason\":\"stop_sequence\",\"stop_sequence\":\"\",\"type\":\"message\",\"usage\":{\"input_tokens\":0,\"output_tokens\":0,\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0,\"server_tool_use\":{\"web_search_requests\":0},\"service_tier\":null},\"content\":[{\"type\":\"text\",\"text\":\"API Error: 529 overloaded\"}]}")
            .Append(",\"isApiErrorMessage\":true");
        Close("assistant");
        file.Line(_sb);
    }
}

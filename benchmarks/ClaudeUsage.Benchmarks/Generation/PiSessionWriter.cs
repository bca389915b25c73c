using System.Text;

namespace ClaudeUsage.Benchmarks.Generation;

/// <summary>What one pi or OpenClaw (clawdbot) session file should look like.</summary>
internal sealed record PiSessionPlan(int Seed, string Path, string SessionId, string Cwd, DateTimeOffset Start, long TargetBytes, bool OpenClaw);

/// <summary>
/// Writes pi-format transcripts: a session header, model changes (pi) or model-snapshot entries (clawdbot /
/// OpenClaw), then user, assistant and tool-result messages; assistant messages carry camelCase usage with the
/// cost pi-ai computed when writing.
/// </summary>
internal sealed class PiSessionWriter
{
    private static readonly (string Provider, string Model, decimal In, decimal Out, decimal Read, decimal Write)[] Models =
    [
        ("anthropic", "claude-sonnet-4-5", 3m, 15m, 0.3m, 3.75m),
        ("anthropic", "claude-opus-4-5", 5m, 25m, 0.5m, 6.25m),
        ("anthropic", "claude-haiku-4-5", 1m, 5m, 0.1m, 1.25m),
    ];

    private readonly PiSessionPlan _plan;
    private readonly TextPool _text;
    private readonly Random _rng;
    private readonly StringBuilder _sb = new(1 << 16);
    private DateTimeOffset _now;
    private string _lastId = "00000000";
    private int _model;

    public PiSessionWriter(PiSessionPlan plan, TextPool text)
    {
        _plan = plan;
        _text = text;
        _rng = new Random(plan.Seed);
        _now = plan.Start;
        _model = _rng.Next(Models.Length);
    }

    public (TokenTotals Tokens, long Bytes) Write()
    {
        var totals = new TokenTotals();
        using var file = new JsonlFile(_plan.Path);
        _sb.Clear().Append("{\"type\":\"session\",\"version\":3,\"id\":\"").Append(_plan.SessionId)
            .Append("\",\"timestamp\":\"").Append(Ids.Iso(_now)).Append("\",\"cwd\":\"").Append(_plan.Cwd).Append("\"}");
        file.Line(_sb);
        ModelChange(file);
        Conversation(file, totals, _plan.TargetBytes);
        return (totals, file.Bytes);
    }

    /// <summary>Appends whole new turns to an existing pi-format file.</summary>
    public static (TokenTotals Tokens, long Bytes) Append(string path, int seed, long bytes, TextPool text, DateTimeOffset at, bool openClaw)
    {
        var writer = new PiSessionWriter(new PiSessionPlan(seed, path, string.Empty, string.Empty, at, bytes, openClaw), text);
        var totals = new TokenTotals();
        using var file = new JsonlFile(path, append: true);
        writer.ModelChange(file);
        writer.Conversation(file, totals, bytes);
        return (totals, file.Bytes);
    }

    private void Conversation(JsonlFile file, TokenTotals totals, long targetBytes)
    {
        long start = file.Bytes;
        long context = 8_000 + _rng.Next(10_000);
        while (file.Bytes - start < targetBytes)
        {
            _now = _now.AddSeconds(_rng.Next(20, 900));
            if (_rng.Next(30) == 0)
            {
                _model = _rng.Next(Models.Length);
                ModelChange(file);
            }

            Message(file, "user", m =>
            {
                m.Append("\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"");
                _text.Append(m, _rng, 60 + _rng.Next(1500));
                m.Append("\"}]");
            });

            int steps = 1 + _rng.Next(5);
            for (int s = 0; s < steps; s++)
            {
                _now = _now.AddMilliseconds(_rng.Next(1500, 60_000));
                (string provider, string model, decimal pin, decimal pout, decimal pread, decimal pwrite) = Models[_model];
                long input = 1 + _rng.Next(20), output = 20 + (long)Math.Min(20_000, Ids.LogNormal(_rng, 300, 1.0));
                long cacheWrite = 100 + _rng.Next(12_000), cacheRead = context;
                context = context > 150_000 ? 10_000 : context + cacheWrite / 2 + output;
                bool tool = _rng.Next(10) < 7;
                string callId = "toolu_01" + Ids.Chars(_rng, 22);
                Message(file, "assistant", m =>
                {
                    m.Append("\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"");
                    _text.Append(m, _rng, (int)Math.Min(15_000, Ids.LogNormal(_rng, 500, 1.0)));
                    m.Append('"').Append('}');
                    if (tool)
                    {
                        m.Append(",{\"type\":\"toolCall\",\"id\":\"").Append(callId).Append("\",\"name\":\"bash\",\"arguments\":{\"command\":\"");
                        _text.Append(m, _rng, (int)Math.Min(40_000, Ids.LogNormal(_rng, 600, 1.2)));
                        m.Append("\"}}");
                    }

                    decimal cin = pin * input / 1_000_000m, cout = pout * output / 1_000_000m, cread = pread * cacheRead / 1_000_000m, cwrite = pwrite * cacheWrite / 1_000_000m;
                    m.Append("],\"api\":\"anthropic-messages\",\"provider\":\"").Append(provider).Append("\",\"model\":\"").Append(model).Append('"');
                    if (_rng.Next(2) == 0)
                    {
                        m.Append(",\"responseId\":\"").Append(Ids.MessageId(_rng)).Append('"');
                    }

                    m.Append(",\"usage\":{\"input\":").Append(input).Append(",\"output\":").Append(output)
                        .Append(",\"cacheRead\":").Append(cacheRead).Append(",\"cacheWrite\":").Append(cacheWrite)
                        .Append(",\"totalTokens\":").Append(input + output + cacheRead + cacheWrite)
                        .Append(",\"cost\":{\"input\":").Append(cin).Append(",\"output\":").Append(cout)
                        .Append(",\"cacheRead\":").Append(cread).Append(",\"cacheWrite\":").Append(cwrite)
                        .Append(",\"total\":").Append(cin + cout + cread + cwrite).Append("}}")
                        .Append(",\"stopReason\":\"").Append(tool ? "toolUse" : "stop").Append('"');
                });
                totals.Add(input, output, cacheWrite, cacheRead);
                if (!tool)
                {
                    break;
                }

                _now = _now.AddMilliseconds(_rng.Next(200, 20_000));
                Message(file, "toolResult", m =>
                {
                    m.Append("\"role\":\"toolResult\",\"toolCallId\":\"").Append(callId).Append("\",\"toolName\":\"bash\",\"content\":[{\"type\":\"text\",\"text\":\"");
                    _text.Append(m, _rng, (int)Math.Min(300_000, Ids.LogNormal(_rng, 1500, 1.4)));
                    m.Append("\"}],\"isError\":false");
                });
            }
        }
    }

    private void ModelChange(JsonlFile file)
    {
        (string provider, string model, _, _, _, _) = Models[_model];
        string id = Ids.Hex(_rng, 8);
        _sb.Clear();
        if (_plan.OpenClaw)
        {
            _sb.Append("{\"type\":\"custom\",\"customType\":\"model-snapshot\",\"data\":{\"timestamp\":").Append(_now.ToUnixTimeMilliseconds())
                .Append(",\"provider\":\"").Append(provider).Append("\",\"modelApi\":\"anthropic-messages\",\"modelId\":\"").Append(model)
                .Append("\"},\"id\":\"").Append(id).Append("\",\"parentId\":\"").Append(_lastId).Append("\",\"timestamp\":\"").Append(Ids.Iso(_now)).Append("\"}");
        }
        else
        {
            _sb.Append("{\"type\":\"model_change\",\"id\":\"").Append(id).Append("\",\"parentId\":\"").Append(_lastId)
                .Append("\",\"timestamp\":\"").Append(Ids.Iso(_now)).Append("\",\"provider\":\"").Append(provider)
                .Append("\",\"modelId\":\"").Append(model).Append("\"}");
        }

        _lastId = id;
        file.Line(_sb);
    }

    private void Message(JsonlFile file, string role, Action<StringBuilder> body)
    {
        string id = Ids.Hex(_rng, 8);
        _sb.Clear().Append("{\"type\":\"message\",\"id\":\"").Append(id).Append("\",\"parentId\":\"").Append(_lastId)
            .Append("\",\"timestamp\":\"").Append(Ids.Iso(_now)).Append("\",\"message\":{");
        body(_sb);
        _sb.Append(",\"timestamp\":").Append(_now.ToUnixTimeMilliseconds()).Append("}}");
        _lastId = id;
        file.Line(_sb);
    }
}

using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ClaudeUsage.Core;
using ClaudeUsage.Core.Parsing;

namespace ClaudeUsage.Tests;

/// <summary>
/// The parser passing over content with <see cref="JsonValueSkipper"/> against the same parser letting the reader
/// tokenise everything: for real line shapes with heavy content, and for those lines damaged, both give the same
/// fields, or both refuse the line with the same message.
/// </summary>
public class RawLineParserSkipTests
{
    private static readonly FieldInfo[] Fields = typeof(RawLine).GetFields(BindingFlags.Public | BindingFlags.Instance);

    [Fact]
    public void Lines_read_the_same_with_and_without_fast_skipping_whole_or_damaged()
    {
        var random = new Random(42);
        var fast = new RawLineParser(skipFast: true);
        var slow = new RawLineParser(skipFast: false);
        var noIds = new RawLineParser(keepIds: false);
        int parsed = 0, refused = 0, mcp = 0;
        byte[] interesting = "\"\\{}[],: 0-.etn1x"u8.ToArray().Concat(new byte[] { 0x01, 0x80 }).ToArray();
        for (int n = 0; n < 3_000; n++)
        {
            byte[] line = Encoding.UTF8.GetBytes(Line(random));
            Compare(fast, slow, line, ref parsed, ref refused, ref mcp);
            CompareWithoutIds(noIds, slow, line);

            byte[] damaged = Damage.Once(line, random, interesting);
            Compare(fast, slow, damaged, ref parsed, ref refused, ref mcp);
            CompareWithoutIds(noIds, slow, damaged);
        }

        Assert.True(parsed > 3_000 && refused > 1_000, $"{parsed} parsed, {refused} refused");
        Assert.True(mcp > 100, $"{mcp} lines called MCP servers");
    }

    [Theory]
    [InlineData("{\"content\":[1,2],}")]
    [InlineData("{\"content\":[1,2] , }")]
    [InlineData("{\"a\":1,\"content\":[1,2],}")]
    [InlineData("{\"content\":[1,2]}x")]
    [InlineData("{\"content\":[1,2]}{\"type\":\"assistant\"}")]
    [InlineData("{\"content\":[1,2],,\"type\":\"assistant\"}")]
    [InlineData("{\"message\":{\"content\":\"x\",}}")]
    [InlineData("{\"content\":[1,2]\"type\":\"assistant\"}")]
    [InlineData("{\"snapshot\":{},\"empty\":{}\"type\":\"assistant\"}")]
    [InlineData("{\"type\":\"assistant\",\"content\":[1,2]\"uuid\":\"u\"}")]
    public void Trailing_commas_and_stray_bytes_around_skipped_values_are_refused(string json)
    {
        byte[] line = Encoding.UTF8.GetBytes(json);
        string slowError = Assert.ThrowsAny<JsonException>(() => new RawLineParser(skipFast: false).Parse(line, new RawLine())).Message;
        string fastError = Assert.ThrowsAny<JsonException>(() => new RawLineParser(skipFast: true).Parse(line, new RawLine())).Message;
        Assert.Equal(slowError, fastError);
    }

    /// <summary>A parser that keeps no id strings reads the same line the same, with the same id keys.</summary>
    private static void CompareWithoutIds(RawLineParser noIds, RawLineParser withIds, byte[] line)
    {
        RawLine a = new(), b = new();
        bool refusedA = false, refusedB = false;
        try
        {
            noIds.Parse(line, a);
        }
        catch (JsonException)
        {
            refusedA = true;
        }

        try
        {
            withIds.Parse(line, b);
        }
        catch (JsonException)
        {
            refusedB = true;
        }

        Assert.Equal(refusedB, refusedA);
        if (refusedA)
        {
            return;
        }

        Assert.Null(a.MessageId);
        Assert.Null(a.RequestId);
        Assert.Equal(string.IsNullOrEmpty(b.MessageId) ? UInt128.Zero : IdKey.Of(b.MessageId), a.MessageKey);
        Assert.Equal(string.IsNullOrEmpty(b.RequestId) ? UInt128.Zero : IdKey.Of(b.RequestId), a.RequestKey);
        Assert.Equal(b.MessageKey, a.MessageKey);
        AssertSameFields(a, b, Fields.Where(f => f.Name is not (nameof(RawLine.MessageId) or nameof(RawLine.RequestId))), string.Empty);
    }

    private static void Compare(RawLineParser fast, RawLineParser slow, byte[] line, ref int parsed, ref int refused, ref int mcp)
    {
        RawLine a = new(), b = new();
        string? fastError = null, slowError = null;
        try
        {
            fast.Parse(line, a);
        }
        catch (JsonException ex)
        {
            fastError = ex.Message;
        }

        try
        {
            slow.Parse(line, b);
        }
        catch (JsonException ex)
        {
            slowError = ex.Message;
        }

        string text = Encoding.UTF8.GetString(line);
        Assert.True(fastError == slowError, $"{fastError} <> {slowError}: {text}");
        if (slowError is not null)
        {
            refused++;
            return;
        }

        parsed++;
        AssertSameFields(a, b, Fields, text);

        // The early byte check lets through every line in which the reader finds usage or a model id, escaped or not.
        Assert.True(!(b.HasUsage || b.ChangeModelId is not null) || ByteSearch.MayNameUsageOrModelId(line), $"ruled out: {text}");
        if (b.McpServers is not null)
        {
            mcp++;
        }
    }

    /// <summary>Every field alike; the reused step objects compared by their values, as far as <see cref="RawLine.StepCount"/> goes.</summary>
    private static void AssertSameFields(RawLine a, RawLine b, IEnumerable<FieldInfo> fields, string text)
    {
        foreach (FieldInfo field in fields.Where(f => f.Name != nameof(RawLine.Steps)))
        {
            Assert.True(Equals(field.GetValue(a), field.GetValue(b)), $"{field.Name}: {field.GetValue(a)} <> {field.GetValue(b)}: {text}");
        }

        for (int i = 0; i < a.StepCount; i++)
        {
            foreach (FieldInfo field in typeof(RawStep).GetFields(BindingFlags.Public | BindingFlags.Instance))
            {
                Assert.True(Equals(field.GetValue(a.Steps[i]), field.GetValue(b.Steps[i])), $"Steps[{i}].{field.Name}: {text}");
            }
        }
    }

    /// <summary>A line of one of the shapes the agents write, with heavy, escaped, nested content.</summary>
    private static string Line(Random random)
    {
        string ts = $"2026-11-{random.Next(1, 29):00}T{random.Next(24):00}:{random.Next(60):00}:00.000Z";
        switch (random.Next(9))
        {
            case 6:
                return Transcript.PiModelChange(ts, "openai", "gpt-5." + random.Next(3));
            case 7:
                // Old Claude Code: a recorded cost; a subagent line; no TTL split of cache writes; a skill or plugin
                // named (the last members of the line, as Claude Code writes them).
                string old = Transcript.ClaudeAssistant(ts, $"msg_{random.Next(1000)}", $"req_{random.Next(1000)}", output: random.Next(100), cacheWrite5m: random.Next(900), sidechain: true, splitCache: false, costUsd: random.Next(10_000) / 10_000m, content: Text(random));
                if (random.Next(2) == 0)
                {
                    old = old[..^1] + ",\"agentId\":\"a" + random.Next(100).ToString("x3", System.Globalization.CultureInfo.InvariantCulture) + "\"}";
                }

                return random.Next(3) switch
                {
                    0 => old[..^1] + ",\"attributionSkill\":\"pdf-" + random.Next(5) + "\"}",
                    1 => old[..^1] + ",\"attributionSkill\":\"review\",\"attributionPlugin\":\"acme-" + random.Next(5) + "\"}",
                    _ => old,
                };
            case 8:
            {
                // Member names written with escapes, of any letter in either hex case: the fast path leaves such lines to the reader.
                string line = random.Next(2) == 0
                    ? Transcript.ClaudeAssistant(ts, "msg_e", "req_e", input: 3, output: 4, cacheRead: random.Next(100), content: Text(random))
                    : Transcript.PiAssistant(ts, 1_700_000_000_000 + random.Next(1_000_000), input: random.Next(100), output: 5, cacheWrite: 7, costTotal: 0.5m, responseId: "r_e");
                string[] names = ["type", "usage", "message", "id", "requestId", "timestamp", "input_tokens", "output_tokens", "cache_read_input_tokens", "input", "output", "cacheWrite", "cost", "total", "responseId"];
                foreach (string name in names.Where(_ => random.Next(2) == 0))
                {
                    int at = random.Next(name.Length);
                    string escape = string.Format(System.Globalization.CultureInfo.InvariantCulture, random.Next(2) == 0 ? "\\u{0:x4}" : "\\u{0:X4}", (int)name[at]);
                    line = line.Replace($"\"{name}\":", $"\"{name[..at]}{escape}{name[(at + 1)..]}\":", StringComparison.Ordinal);
                }

                return line;
            }
            case 0:
            {
                JsonObject line = Transcript.Parse(Transcript.ClaudeAssistant(ts, $"msg_{random.Next(1000)}", $"req_{random.Next(1000)}", input: random.Next(100), output: random.Next(5000), cacheWrite5m: random.Next(9000), cacheRead: random.Next(90000), content: Text(random)));
                JsonArray content = line["message"]!["content"]!.AsArray();
                content.Add(new JsonObject { ["type"] = "tool_use", ["id"] = "toolu_1", ["name"] = "Write", ["input"] = new JsonObject { ["file_path"] = "C:\\src\\a.cs", ["content"] = Text(random), ["nested"] = new JsonArray(1, 2.5, true, null, new JsonObject { ["k"] = Text(random) }) } });
                content.Insert(0, new JsonObject { ["type"] = "thinking", ["thinking"] = Text(random), ["signature"] = "abc" });
                // The current usage fields: speed, geography, server tools, and sampling steps (none, or some).
                JsonObject usage = line["message"]!["usage"]!.AsObject();
                usage["speed"] = random.Next(2) == 0 ? "fast" : "standard";
                usage["inference_geo"] = random.Next(2) == 0 ? "us" : "global";
                usage["server_tool_use"] = new JsonObject { ["web_search_requests"] = random.Next(3), ["web_fetch_requests"] = random.Next(3), ["code_execution_requests"] = random.Next(3) };
                var steps = new JsonArray();
                int count = random.Next(3) == 0 ? random.Next(1, 4) : 0;
                for (int i = 0; i < count; i++)
                {
                    string[] kinds = ["message", "compaction", "advisor_message", "fallback_message", "something_new"];
                    steps.Add(new JsonObject
                    {
                        ["type"] = kinds[random.Next(kinds.Length)],
                        ["model"] = random.Next(2) == 0 ? "claude-opus-5-5" : null,
                        ["input_tokens"] = random.Next(100_000),
                        ["output_tokens"] = random.Next(5_000),
                        ["cache_read_input_tokens"] = random.Next(50_000),
                        ["cache_creation_input_tokens"] = random.Next(900),
                        ["cache_creation"] = new JsonObject { ["ephemeral_5m_input_tokens"] = random.Next(900), ["ephemeral_1h_input_tokens"] = random.Next(900) },
                        ["content"] = Text(random),
                    });
                }

                usage["iterations"] = steps;

                // Tool calls, MCP ones among them (one server or several, names with single underscores, names that
                // are not MCP tool names), some written with escapes the fast path's byte search must not miss.
                string[] tools = ["Read", "mcp__github__create_issue", "mcp__my_server__do_thing", "mcp__linear__list", "mcp__a__b__c", "mcp__x", "mcp____t", "mcp__s__", "Task"];
                for (int i = random.Next(4); i > 0; i--)
                {
                    content.Insert(random.Next(content.Count + 1), new JsonObject { ["type"] = random.Next(6) == 0 ? "server_tool_use" : "tool_use", ["id"] = "toolu_" + i, ["name"] = tools[random.Next(tools.Length)], ["input"] = new JsonObject { ["q"] = Text(random) } });
                }

                string json = Transcript.Serialize(line);
                return random.Next(4) switch
                {
                    0 => json.Replace("\"mcp__", random.Next(2) == 0 ? "\"\\u006dcp__" : "\"mcp\\u005F_", StringComparison.Ordinal),
                    1 => json.Replace("\"name\":", "\"n\\u0061me\":", StringComparison.Ordinal).Replace("\"tool_use\"", "\"tool\\u005fuse\"", StringComparison.Ordinal),
                    _ => json,
                };
            }

            case 1:
            {
                JsonObject line = Transcript.Parse(Transcript.ClaudeUser(ts, Text(random)));
                line["toolUseResult"] = new JsonObject { ["stdout"] = Text(random), ["usage"] = new JsonObject { ["input_tokens"] = 5, ["output_tokens"] = 7 } };
                line["message"] = new JsonObject { ["role"] = "user", ["content"] = new JsonArray(new JsonObject { ["type"] = "tool_result", ["content"] = Text(random), ["tool_use_id"] = "toolu_1" }) };
                return Transcript.Serialize(line);
            }

            case 2:
            {
                // pi's usage, with the 1-hour part of cache writes (OpenClaw 2026.9, pi 1.6) or Oh My Pi's split.
                int kind = random.Next(3);
                return Transcript.PiAssistant(
                    ts, 1_700_000_000_000 + random.Next(1_000_000), input: random.Next(100), output: random.Next(100), cacheWrite: random.Next(5_000),
                    costTotal: random.Next(3) == 0 ? null : random.Next(1000) / 1000m,
                    cacheWrite1h: kind == 0 ? random.Next(1_000) : null,
                    cttl: kind == 1 ? (random.Next(1_000), random.Next(1_000)) : null);
            }
            case 3:
            {
                string folder = Text(random);
                return Transcript.PiSession("s-" + random.Next(100), ts, cwd: "/home/u/" + folder[..Math.Min(10, folder.Length)]);
            }

            case 4:
                return Transcript.PiModelSnapshot(ts, "anthropic", "claude-opus-4-5");
            default:
            {
                // Members in another order: the skipped ones first, right after the brace.
                JsonObject line = Transcript.Parse(Transcript.ClaudeAssistant(ts, "msg_x", "req_x", output: 12, content: Text(random)));
                var reordered = new JsonObject { ["snapshot"] = new JsonObject { ["files"] = new JsonArray(Text(random), Text(random)) }, ["empty"] = new JsonObject() };
                foreach ((string key, JsonNode? value) in line.ToList())
                {
                    line.Remove(key);
                    reordered[key] = value;
                }

                return Transcript.Serialize(reordered);
            }
        }
    }

    private static string Text(Random random)
    {
        string[] pieces = ["plain words ", "line\n", "tab\t", "quote \" ", "back\\slash ", "{\"json\": [1, 2]} ", "caf\u00e9 ", "\u4e2d\u6587 ", "\ud83d\ude00 ", "\u0001", "</script> ", "'single' "];
        var s = new StringBuilder();
        int count = random.Next(0, 40);
        for (int i = 0; i < count; i++)
        {
            s.Append(pieces[random.Next(pieces.Length)]);
        }

        return s.ToString();
    }
}

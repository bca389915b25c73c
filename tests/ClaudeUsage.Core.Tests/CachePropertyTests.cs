using System.Globalization;
using System.Text;
using ClaudeUsage.Core.Caching;
using ClaudeUsage.Core.Scanning;
using static ClaudeUsage.Tests.Transcript;

namespace ClaudeUsage.Tests;

/// <summary>
/// Random histories of log files (appends, a line cut mid-way and completed later, truncations, replacements,
/// deletions, new files, malformed lines, copies of one response in several files) give exactly the same result
/// with the cache as without it, after every step.
/// </summary>
public class CachePropertyTests
{
    private static readonly string[] Files =
    [
        "projects/-home-user-work-demo/s1.jsonl",
        "projects/-home-user-work-demo/s2.jsonl",
        "projects/-home-user-work-demo/s1/subagents/agent-a1.jsonl",
        ".pi/agent/sessions/--home-user-work-demo--/2026-11-20T10-00-00-000Z_019aa0c2-5d1e-7b3a-9c4f-2e8d1a6b7c90.jsonl",
        ".openclaw/agents/main/sessions/6b1c2d3e-0000-4000-8000-000000000001.jsonl",
        "exports/copied-session.jsonl", // pi format in a folder that says nothing: the content decides pi or OpenClaw
    ];

    [Theory]
    [InlineData(1, false)]
    [InlineData(2, false)]
    [InlineData(3, false)]
    [InlineData(4, false)]
    [InlineData(5, true)]
    [InlineData(6, true)]
    [InlineData(7, true)]
    [InlineData(8, true)]
    public void Random_histories_give_the_same_result_with_and_without_the_cache(int seed, bool recentTimes)
    {
        using var logs = new TempFolder();
        using var cacheFolder = new TempFolder();
        var history = new History(logs.Path, seed, recentTimes);
        var cache = new ScanCache(cacheFolder.Path);

        for (int step = 0; step < 60; step++)
        {
            string done = history.Step();
            string expected = Canonical(logs.Path, null);
            string cached = Canonical(logs.Path, cache);
            Assert.True(expected == cached, $"seed {seed}, step {step} ({done}):\nwithout cache:\n{expected}\nwith cache:\n{cached}");

            // A second cached run over unchanged files must agree too (nothing is read then).
            if (step % 7 == 0)
            {
                Assert.Equal(expected, Canonical(logs.Path, cache));
            }
        }
    }

    /// <summary>Everything a scan reports, in a fixed order, so two scans compare as text.</summary>
    private static string Canonical(string path, ScanCache? cache)
    {
        var observer = new CollectingObserver();
        ScanResult scan = CollectingObserver.ScanAndFinish(new ScanRequest { Paths = [path], Cache = cache }, observer);
        var lines = scan.Responses.Select(e => string.Join("|",
            e.FilePath, e.LineNumber, e.ResponseId, e.RequestId, e.Source, e.Timestamp.ToString("O", CultureInfo.InvariantCulture), e.Tokens,
            e.Model, e.Provider, e.SessionId, e.ProjectPath, e.ProjectSlug, e.AgentId, e.IsSidechain, e.IsFast, e.CopyRank, e.RecordedCost))
            .Concat(observer.Malformed.Select(m => $"malformed {m.Path} {m.Count} first {m.FirstLine}: {m.Reason}"))
            .Concat(observer.Unreadable.Select(u => $"unreadable {u.Path}"))
            .Order(StringComparer.Ordinal);
        return string.Join("\n", lines);
    }

    /// <summary>A seeded sequence of changes to a small set of transcripts.</summary>
    private sealed class History(string root, int seed, bool recentTimes)
    {
        private readonly Random _rng = new(seed);
        private readonly Dictionary<string, string> _pending = []; // a line written only in part, by file
        private readonly List<(string Id, string Request, int Output)> _responses = [];
        private DateTime _mtime = new(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        private int _next;

        public string Step()
        {
            string file = Files[_rng.Next(Files.Length)];
            string path = Path.Combine(root, file);
            bool exists = File.Exists(path);
            int op = exists ? _rng.Next(10) : 0;
            string done;
            switch (op)
            {
                case 0 when !exists:
                    Write(path, Header(file) + Lines(file, 1 + _rng.Next(4)), append: false);
                    done = $"create {file}";
                    break;
                case 0 or 1 or 2:
                    Write(path, Lines(file, 1 + _rng.Next(3)), append: true);
                    done = $"append to {file}";
                    break;
                case 3 when !_pending.ContainsKey(path):
                    string line = Lines(file, 1);
                    int cut = 1 + _rng.Next(line.Length - 2);
                    Write(path, line[..cut], append: true);
                    _pending[path] = line[cut..];
                    done = $"append part of a line to {file}";
                    break;
                case 3:
                    Write(path, _pending[path], append: true);
                    _pending.Remove(path);
                    done = $"complete the line in {file}";
                    break;
                case 4:
                    long length = new FileInfo(path).Length;
                    using (var stream = new FileStream(path, FileMode.Open, FileAccess.Write))
                    {
                        stream.SetLength(_rng.Next((int)length + 1));
                    }

                    Touch(path);
                    _pending.Remove(path);
                    done = $"truncate {file}";
                    break;
                case 5:
                    Write(path, Header(file) + Lines(file, 1 + _rng.Next(5)), append: false);
                    _pending.Remove(path);
                    done = $"replace {file}";
                    break;
                case 6:
                    File.Delete(path);
                    _pending.Remove(path);
                    done = $"delete {file}";
                    break;
                case 7:
                    Write(path, "{\"type\":\"assistant\",\"message\":{\"usage\":{\"input_tokens\":1,\n", append: true);
                    done = $"append a malformed line to {file}";
                    break;
                default:
                    Write(path, Lines(file, 1), append: true);
                    done = $"append one line to {file}";
                    break;
            }

            return done;
        }

        private void Write(string path, string text, bool append)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            if (append)
            {
                File.AppendAllText(path, text);
            }
            else
            {
                File.WriteAllText(path, text);
            }

            Touch(path);
        }

        /// <summary>
        /// Old, distinct modification times exercise the unchanged-file path; recent ones (several changes within
        /// one clock step of the file system) exercise the content checks.
        /// </summary>
        private void Touch(string path)
        {
            if (!recentTimes)
            {
                _mtime = _mtime.AddSeconds(10);
                File.SetLastWriteTimeUtc(path, _mtime);
            }
        }

        private string Header(string file) =>
            file.StartsWith(".pi", StringComparison.Ordinal) ? PiSession("019aa0c2-5d1e-7b3a-9c4f-2e8d1a6b7c90", Time()) + "\n" + PiModelChange(Time(), "anthropic", Pick("claude-sonnet-4-5", "claude-opus-4-5")) + "\n"
            : file.StartsWith(".openclaw", StringComparison.Ordinal) || file.StartsWith("exports", StringComparison.Ordinal) ? PiSession($"oc-{_next++}", Time(), "/home/user/.openclaw/workspace") + "\n"
            : string.Empty;

        private string Lines(string file, int count)
        {
            var sb = new StringBuilder();
            for (int i = 0; i < count; i++)
            {
                sb.Append(file.StartsWith("projects", StringComparison.Ordinal) ? ClaudeLine(file) : PiLine(file)).Append('\n');
            }

            return sb.ToString();
        }

        private string ClaudeLine(string file)
        {
            bool sidechain = file.Contains("subagents", StringComparison.Ordinal);
            int r = _rng.Next(10);
            if (r < 4 && _responses.Count > 0)
            {
                // Another copy of a response seen before, here or in another file: a later streaming snapshot
                // (more output), the same copy again, or a sidechain replay under another request id.
                (string id, string request, int output) = _responses[_rng.Next(_responses.Count)];
                int more = output + _rng.Next(3) * 10;
                string req = sidechain && _rng.Next(3) == 0 ? request + "-replay" : request;
                return ClaudeAssistant(Time(), id, req, input: 5, output: more, cacheRead: 1000, sidechain: sidechain);
            }

            if (r == 4)
            {
                return ClaudeUser(Time(), "next step");
            }

            if (r == 5 && _rng.Next(2) == 0)
            {
                // No message id: nothing identifies the response, so each such line counts.
                return ClaudeAssistant(Time(), string.Empty, null, input: 3, output: 1 + _rng.Next(20));
            }

            string messageId = $"msg_{seed}_{_next++}";
            string requestId = $"req_{seed}_{_next++}";
            int first = 1 + _rng.Next(50);
            _responses.Add((messageId, requestId, first));
            return ClaudeAssistant(Time(), messageId, _rng.Next(8) == 0 ? null : requestId,
                model: Pick("claude-sonnet-4-5-20250929", "claude-opus-4-5-20251101"), input: 1 + _rng.Next(9), output: first,
                cacheWrite5m: _rng.Next(3) * 100, cacheWrite1h: _rng.Next(2) * 200, cacheRead: _rng.Next(5) * 1000, sidechain: sidechain);
        }

        private string PiLine(string file)
        {
            int r = _rng.Next(10);
            if (r == 0)
            {
                return PiModelChange(Time(), "anthropic", Pick("claude-sonnet-4-5", "claude-haiku-4-5"));
            }

            if (r == 1 && !file.StartsWith(".pi", StringComparison.Ordinal))
            {
                // A trait only OpenClaw writes: it marks the whole file, earlier lines included.
                return "{\"type\":\"custom\",\"customType\":\"model-snapshot\",\"data\":{\"timestamp\":1795168800000,\"provider\":\"anthropic\",\"modelApi\":\"anthropic-messages\",\"modelId\":\"claude-opus-4-5\"},\"id\":\"c0ffee00\",\"parentId\":null,\"timestamp\":\"" + Time() + "\"}";
            }

            int n = _next++;
            return PiAssistant(Time(), 1795168800000 + n * 1000, model: _rng.Next(3) == 0 ? null : "claude-sonnet-4-5",
                input: 1 + _rng.Next(20), output: 10 + _rng.Next(500), cacheRead: _rng.Next(4) * 500, cacheWrite: _rng.Next(3) * 300,
                costTotal: 0.001m * (1 + _rng.Next(9)), responseId: _rng.Next(2) == 0 ? $"resp_{seed}_{n}" : null, entryId: $"{n:x8}");
        }

        private string Time() => new DateTime(2026, 11, 20, 9, 0, 0, DateTimeKind.Utc).AddSeconds(_next * 7 + _rng.Next(5)).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

        private string Pick(string a, string b) => _rng.Next(2) == 0 ? a : b;
    }
}
